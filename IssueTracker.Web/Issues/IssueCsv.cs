using System.Globalization;
using System.Text;
using IssueTracker.Web.Components.Shared;

namespace IssueTracker.Web.Issues;

/// <summary>
/// CSV of an issue list (RFC 4180), safe to open in a spreadsheet: every cell quoted, and a cell that a spreadsheet
/// would read as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR) prefixed with <c>'</c>, as
/// OWASP's CSV-injection advice says. The columns are what a data-quality team reports on, and each row links to its issue.
/// </summary>
public static class IssueCsv
{
    private static readonly string[] Columns =
    [
        "key", "title", "status", "priority", "space", "product", "assignee", "reporter", "created_at", "updated_at", "acknowledged_at", "resolved_at",
        "resolution", "resolution_note", "duplicate_of", "sla", "link",
    ];

    /// <summary>The rows, with links to the issues under <paramref name="baseUri"/> (the app's address, ending in /).</summary>
    public static string Write(IEnumerable<IssueExportRow> rows, string baseUri)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', Columns.Select(Cell)));
        foreach (var row in rows)
        {
            var i = row.Issue;
            string[] cells =
            [
                i.Key, i.Title, Labels.Of(i.Status), Labels.Of(i.Priority), i.Space.Name, i.Product?.Name ?? "", i.Assignee?.Name ?? "", row.Reporter,
                Time(i.CreatedAt), Time(i.UpdatedAt), Time(row.AcknowledgedAt), Time(i.ResolvedAt),
                i.Resolution is { } resolution ? Labels.Of(resolution) : "", row.ResolutionNote ?? "", row.DuplicateOf ?? "",
                row.Sla is { } sla ? WireNames.Of(sla).Replace('_', ' ') : "", baseUri + "issues/" + i.Key,
            ];
            csv.AppendLine(string.Join(',', cells.Select(Cell)));
        }
        return csv.ToString();
    }

    private static string Time(DateTime? utc) => utc?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    internal static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0])) value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}

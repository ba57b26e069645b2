using System.Globalization;
using System.Text;
using IssueTracker.Web.Components.Shared;
using IssueTracker.Web.Contracts;

namespace IssueTracker.Web.Components.Issues;

/// <summary>
/// CSV of an issue list (RFC 4180), safe to open in a spreadsheet: every cell quoted, and a cell that a spreadsheet
/// would read as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR) prefixed with <c>'</c>, as
/// OWASP's CSV-injection advice says.
/// </summary>
public static class IssueCsv
{
    public static string Write(IEnumerable<IssueSummaryDto> issues)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', Columns.Select(Cell)));
        foreach (var i in issues)
        {
            string[] cells =
            [
                i.Key, i.Title, Labels.Of(i.Status), Labels.Of(i.Priority), i.Space.Name, i.Product?.Name ?? "", i.Assignee?.Name ?? "",
                Time(i.CreatedAt), Time(i.UpdatedAt), i.ResolvedAt is { } r ? Time(r) : "",
            ];
            csv.AppendLine(string.Join(',', cells.Select(Cell)));
        }
        return csv.ToString();
    }

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static readonly string[] Columns = ["key", "title", "status", "priority", "space", "product", "assignee", "created_at", "updated_at", "resolved_at"];

    internal static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0])) value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IssueTracker.Web.Connectors;

/// <summary>
/// Reads the scan results file Soda Core 3 writes (<c>soda scan … --scan-results-file results.json</c>):
/// <c>definitionName</c>, <c>defaultDataSource</c>, <c>scanStartTimestamp</c> and <c>checks[]</c> with their
/// <c>identity</c>, <c>name</c>, <c>table</c>, <c>column</c>, <c>outcome</c> and <c>diagnostics</c>. A check's alert is
/// named by its identity (stable while the check's definition is).
/// </summary>
public static class SodaScan
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private const string Expected =
        "Expected the scan results file of soda scan --scan-results-file: a JSON object with definitionName or defaultDataSource, scanStartTimestamp and checks[].";

    public static async Task<ToolRun> ReadAsync(Stream scan, CancellationToken ct)
    {
        ScanFile read;
        try
        {
            read = await JsonSerializer.DeserializeAsync<ScanFile>(scan, Json, ct) ?? throw new UnprocessableException(Expected);
        }
        catch (JsonException)
        {
            throw new UnprocessableException(Expected + " This is not JSON of that shape.");
        }
        if (read.Checks is null || read.ScanStartTimestamp is null || (read.DefinitionName is null && read.DefaultDataSource is null))
            throw new UnprocessableException(Expected);

        var runId = $"{read.ScanStartTimestamp}|{read.DefinitionName ?? read.DefaultDataSource}";
        var at = DateTimeOffset.TryParse(read.ScanStartTimestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started) ? started.UtcDateTime : (DateTime?)null;
        var results = new List<CheckResult>();
        var skipped = new List<SkippedCheck>();
        foreach (var check in read.Checks)
        {
            var identity = check.Identity ?? check.Name;
            if (string.IsNullOrWhiteSpace(identity))
            {
                skipped.Add(new SkippedCheck("(no identity)", "A check without identity or name cannot be told apart from the others."));
                continue;
            }
            results.Add(Map(check, identity, read, runId, at));
        }
        return new ToolRun(AlertSources.Soda, runId, at, null, results, skipped);
    }

    private static CheckResult Map(ScanCheck check, string identity, ScanFile scan, string runId, DateTime? at)
    {
        var outcome = check.Outcome?.ToLowerInvariant() switch
        {
            "pass" => CheckOutcome.Passing,
            "fail" => CheckOutcome.Failing,
            "warn" => CheckOutcome.Warning,
            _ => CheckOutcome.Skipped,
        };
        var name = check.Name ?? identity;
        var where = check.Table is null ? "" : check.Column is null ? $" on {check.Table}" : $" on {check.Table}.{check.Column}";
        var value = check.Diagnostics?.Value is { ValueKind: JsonValueKind.Number } number ? number.GetDouble() : (double?)null;
        var title = outcome == CheckOutcome.Warning ? $"Soda check {name}{where} warned" : $"Soda check {name}{where} failed";
        var text = new StringBuilder();
        text.AppendLine("**Soda reported:**").AppendLine();
        text.AppendLine("| | |").AppendLine("|---|---|");
        Row(text, "Check", name);
        Row(text, "Table", check.Table);
        Row(text, "Column", check.Column);
        Row(text, "Measured", value?.ToString("#,0.###", CultureInfo.InvariantCulture));
        Row(text, "Data source", check.DataSource ?? scan.DefaultDataSource);
        Row(text, "Run", $"{scan.DefinitionName} at {at?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        if (check.Definition is { Length: > 0 } definition)
            text.AppendLine().AppendLine("The check as written:").AppendLine().Append(ConnectorText.Fenced(definition, "yaml"));
        return new CheckResult(
            ConnectorText.Stable(identity), outcome, Kind(name, check.Type), ConnectorText.Title(title), null, check.Table,
            Attribute(check.Attributes, "issuetracker_product"),
            WireNames.TryParse<IssuePriority>(Attribute(check.Attributes, "issuetracker_priority")?.ToLowerInvariant(), out var p) ? p
                : outcome == CheckOutcome.Warning ? IssuePriority.Low : null,
            Attribute(check.Attributes, "owner"), value, text.ToString(),
            outcome == CheckOutcome.Skipped ? "Soda did not evaluate it (no outcome)." : null);
    }

    private static AlertKind Kind(string name, string? type)
    {
        var n = name.ToLowerInvariant();
        if (n.Contains("row_count", StringComparison.Ordinal)) return AlertKind.Volume;
        if (n.StartsWith("missing_", StringComparison.Ordinal) || n.Contains(" missing_", StringComparison.Ordinal)) return AlertKind.NullRate;
        if (n.Contains("freshness", StringComparison.Ordinal)) return AlertKind.Freshness;
        if (n.Contains("schema", StringComparison.Ordinal) || type?.Equals("schema", StringComparison.OrdinalIgnoreCase) == true) return AlertKind.Schema;
        if (new[] { "avg(", "avg_", "stddev", "percentile", "distribution", "variance" }.Any(n.Contains)) return AlertKind.Distribution;
        return AlertKind.Custom;
    }

    private static string? Attribute(Dictionary<string, JsonElement>? attributes, string key) =>
        attributes?.GetValueOrDefault(key) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text.Trim() : null;

    private static void Row(StringBuilder text, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) text.AppendLine($"| {label} | {MarkdownRenderer.Escape(value)} |");
    }

    private sealed class ScanFile
    {
        public string? DefinitionName { get; set; }
        public string? DefaultDataSource { get; set; }
        public string? ScanStartTimestamp { get; set; }
        public List<ScanCheck>? Checks { get; set; }
    }

    private sealed class ScanCheck
    {
        public string? Identity { get; set; }
        public string? Name { get; set; }
        public string? Type { get; set; }
        public string? Definition { get; set; }
        public string? DataSource { get; set; }
        public string? Table { get; set; }
        public string? Column { get; set; }
        public string? Outcome { get; set; }
        public Diagnostics? Diagnostics { get; set; }
        public Dictionary<string, JsonElement>? Attributes { get; set; }
    }

    private sealed class Diagnostics
    {
        public JsonElement? Value { get; set; }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IssueTracker.Web.Connectors;

/// <summary>
/// Reads what Great Expectations writes about a run: one validation result (<c>ExpectationSuiteValidationResult</c>:
/// <c>success</c>, <c>results[]</c>, <c>statistics</c>, <c>meta</c>), a list of them, or a checkpoint result
/// (<c>run_id</c> and <c>run_results</c>; GX 1.x holds the validation results there, 0.18 each under
/// <c>validation_result</c>), or GX 1.x's <c>describe_dict()</c> (<c>validation_results[].expectations[]</c>). An
/// expectation's alert is named by its <c>id</c> when GX gives one, else
/// <c>&lt;datasource&gt;/&lt;asset&gt;/&lt;suite&gt;/&lt;expectation type&gt;[:&lt;column&gt;]</c>.
/// </summary>
public static class GreatExpectationsResults
{
    private const string Expected =
        "Expected a Great Expectations validation result (success, results[], meta), a list of them, or a checkpoint result (run_id, run_results), as GX 1.x or 0.18 writes them.";

    public static async Task<ToolRun> ReadAsync(Stream json, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(json, cancellationToken: ct);
        }
        catch (JsonException)
        {
            throw new UnprocessableException(Expected + " This is not JSON.");
        }
        using (document)
        {
            var root = document.RootElement;
            var (validations, runId) = Validations(root);
            if (validations.Count == 0) throw new UnprocessableException(Expected);
            runId ??= validations.Select(v => RunId(Property(Property(v.Result, "meta"), "run_id"))).FirstOrDefault(r => r is not null)
                      ?? validations.Select(v => Text(Property(v.Result, "meta"), "validation_id") ?? Text(v.Result, "id")).FirstOrDefault(r => r is not null)
                      ?? throw new UnprocessableException(Expected + " It names no run (meta.run_id).");
            var results = new List<CheckResult>();
            var skipped = new List<SkippedCheck>();
            DateTime? at = null;
            string? version = null;
            foreach (var (validation, expectations) in validations)
            {
                var meta = Property(validation, "meta");
                at ??= Time(Text(Property(meta, "run_id"), "run_time") ?? Text(meta, "validation_time"));
                version ??= Text(meta, "great_expectations_version");
                var batch = Property(meta, "active_batch_definition") ?? Property(meta, "batch_spec") ?? Property(meta, "batch_kwargs");
                var asset = Text(batch, "data_asset_name");
                var datasource = Text(batch, "datasource_name") ?? Text(meta, "datasource_name");
                var suite = Text(validation, "suite_name") ?? Text(meta, "expectation_suite_name") ?? Text(validation, "expectation_suite_name");
                foreach (var expectation in expectations)
                {
                    if (Map(expectation, validation, asset, datasource, suite, runId, at, version) is { } mapped) results.Add(mapped);
                    else skipped.Add(new SkippedCheck($"{suite}/(unknown expectation)", "An expectation result without its type cannot be told apart from the others."));
                }
            }
            return new ToolRun(AlertSources.GreatExpectations, runId, at, version, results, skipped);
        }
    }

    // The validation results in the file, each with its expectation results, and the checkpoint's run id if it has one.
    private static (List<(JsonElement Result, List<JsonElement> Expectations)> Validations, string? RunId) Validations(JsonElement root)
    {
        var found = new List<(JsonElement, List<JsonElement>)>();
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in root.EnumerateArray()) Add(item);
                return (found, null);
            case JsonValueKind.Object when Property(root, "run_results") is { ValueKind: JsonValueKind.Object } runResults:
                foreach (var entry in runResults.EnumerateObject())
                    Add(Property(entry.Value, "validation_result") ?? entry.Value);
                return (found, RunId(Property(root, "run_id")));
            case JsonValueKind.Object when Property(root, "validation_results") is { ValueKind: JsonValueKind.Array } described:
                foreach (var item in described.EnumerateArray())
                {
                    if (Property(item, "expectations") is { ValueKind: JsonValueKind.Array } expectations)
                        found.Add((item, [.. expectations.EnumerateArray()]));
                }
                return (found, RunId(Property(root, "run_id")));
            case JsonValueKind.Object:
                Add(root);
                return (found, null);
            default:
                return (found, null);
        }

        void Add(JsonElement validation)
        {
            if (validation.ValueKind == JsonValueKind.Object && Property(validation, "results") is { ValueKind: JsonValueKind.Array } results
                && Property(validation, "success") is { ValueKind: JsonValueKind.True or JsonValueKind.False })
                found.Add((validation, [.. results.EnumerateArray()]));
        }
    }

    private static CheckResult? Map(JsonElement expectation, JsonElement validation, string? asset, string? datasource, string? suite, string runId, DateTime? at, string? version)
    {
        var config = Property(expectation, "expectation_config") ?? expectation;
        var type = Text(config, "type") ?? Text(config, "expectation_type");
        if (type is null) return null;
        var kwargs = Property(config, "kwargs");
        var column = Text(kwargs, "column");
        var result = Property(expectation, "result");
        var raised = Property(Property(expectation, "exception_info"), "raised_exception") is { ValueKind: JsonValueKind.True };
        var outcome = raised ? CheckOutcome.Errored
            : Property(expectation, "success") is { ValueKind: JsonValueKind.True } ? CheckOutcome.Passing
            : Property(expectation, "success") is { ValueKind: JsonValueKind.False } ? CheckOutcome.Failing
            : CheckOutcome.Skipped;
        var severity = Text(config, "severity")?.ToLowerInvariant();
        if (outcome == CheckOutcome.Failing && severity is "warning" or "info") outcome = CheckOutcome.Warning;
        var check = Text(config, "id") ?? $"{datasource ?? "?"}/{asset ?? "?"}/{suite ?? "?"}/{type}{(column is null ? "" : ":" + column)}";
        var unexpected = Number(result, "unexpected_count");
        var percent = Number(result, "unexpected_percent");
        var observed = Property(result, "observed_value") is { } o && o.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? o.ToString() : null;
        var where = asset is null ? "" : column is null ? $" on {asset}" : $" on {asset}.{column}";
        var title = outcome switch
        {
            CheckOutcome.Errored => $"{type}{where} could not run",
            _ => $"{type}{where} failed{(unexpected is { } u ? $": {u.ToString("N0", CultureInfo.InvariantCulture)} unexpected" : "")}",
        };
        var metas = new[] { Property(config, "meta"), Property(expectation, "meta"), Property(validation, "meta") };
        var message = raised ? Text(Property(expectation, "exception_info"), "exception_message") : null;

        var text = new StringBuilder();
        text.AppendLine("**Great Expectations reported:**").AppendLine();
        text.AppendLine("| | |").AppendLine("|---|---|");
        Row(text, "Expectation", type);
        Row(text, "Suite", suite);
        Row(text, "Asset", asset);
        Row(text, "Column", column);
        Row(text, "Unexpected", unexpected is { } count ? $"{count.ToString("N0", CultureInfo.InvariantCulture)}{(percent is { } p ? $" ({p.ToString("0.##", CultureInfo.InvariantCulture)}%)" : "")}" : null);
        Row(text, "Observed", observed);
        Row(text, "Error", message);
        Row(text, "Run", $"{runId} at {at?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, GX {version ?? "?"}");
        if (Text(result, "unexpected_index_query") is { Length: > 0 } query)
            text.AppendLine().AppendLine("The query that finds the unexpected rows:").AppendLine().Append(ConnectorText.Fenced(query, "sql"));

        return new CheckResult(
            ConnectorText.Stable(check), outcome, Kind(type, column), ConnectorText.Title(title), ConnectorText.Message(message), asset,
            MetaText(metas, "issuetracker_product"),
            WireNames.TryParse<IssuePriority>(MetaText(metas, "issuetracker_priority")?.ToLowerInvariant(), out var priority) ? priority
                : outcome == CheckOutcome.Warning ? IssuePriority.Low : null,
            MetaText(metas, "owner"), unexpected, text.ToString(),
            outcome == CheckOutcome.Skipped ? "GX gave no success for it." : null);
    }

    private static AlertKind Kind(string type, string? column)
    {
        if (type == "expect_column_values_to_not_be_null") return AlertKind.NullRate;
        if (type.StartsWith("expect_table_row_count", StringComparison.Ordinal)) return AlertKind.Volume;
        if (type.StartsWith("expect_table_columns", StringComparison.Ordinal) || type == "expect_column_to_exist" || type.StartsWith("expect_table_column_count", StringComparison.Ordinal))
            return AlertKind.Schema;
        if (type is "expect_column_mean_to_be_between" or "expect_column_median_to_be_between" or "expect_column_quantile_values_to_be_between"
            or "expect_column_stdev_to_be_between")
            return AlertKind.Distribution;
        // A latest timestamp checked against a window is a freshness check.
        if (type == "expect_column_max_to_be_between" && column is { } c
            && (c.EndsWith("_at", StringComparison.OrdinalIgnoreCase) || c.Contains("time", StringComparison.OrdinalIgnoreCase) || c.Contains("date", StringComparison.OrdinalIgnoreCase)))
            return AlertKind.Freshness;
        return AlertKind.Custom;
    }

    private static string? RunId(JsonElement? runId) => runId switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Object } o when Text(o, "run_name") is { } name => Text(o, "run_time") is { } time ? $"{name}|{time}" : name,
        { ValueKind: JsonValueKind.Object } o => Text(o, "run_time"),
        _ => null,
    };

    private static DateTime? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime : null;

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? Text(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;

    private static double? Number(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    private static string? MetaText(JsonElement?[] metas, string key) => metas.Select(m => Text(m, key)).FirstOrDefault(t => t is not null)?.Trim();

    private static void Row(StringBuilder text, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) text.AppendLine($"| {label} | {MarkdownRenderer.Escape(value)} |");
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IssueTracker.Web.Connectors;

/// <summary>
/// Reads dbt's own files as dbt writes them: <c>target/run_results.json</c> (schema v4–v6, from <c>dbt test</c>,
/// <c>dbt build</c> or <c>dbt run</c>), optionally <c>target/manifest.json</c> (v10–v12: the tested model, column,
/// severity, meta and owner) and <c>sources.json</c> (<c>dbt source freshness</c>). Each file is read as a stream into
/// the few fields used, so a large manifest is never held whole.
/// </summary>
public static class DbtArtifacts
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
    };

    private const string RunResultsExpected =
        "Expected dbt's target/run_results.json: a JSON object with metadata.dbt_schema_version (run-results v4–v6), metadata.invocation_id and results[].";

    /// <summary>The run's checks; <see cref="UnprocessableException"/> (422) when a file is not what dbt writes.</summary>
    public static async Task<ToolRun> ReadAsync(Stream runResults, Stream? manifest, Stream? sources, CancellationToken ct)
    {
        var run = await DeserializeAsync<RunResultsFile>(runResults, RunResultsExpected, ct);
        if (run.Metadata?.DbtSchemaVersion?.Contains("run-results", StringComparison.Ordinal) != true || run.Results is null
            || string.IsNullOrWhiteSpace(run.Metadata.InvocationId))
            throw new UnprocessableException(RunResultsExpected);
        var nodes = manifest is null ? null : await ReadManifestAsync(manifest, ct);
        var freshness = sources is null ? null : await ReadSourcesAsync(sources, ct);

        var meta = run.Metadata;
        var at = meta.GeneratedAt;
        var results = new List<CheckResult>();
        var skipped = new List<SkippedCheck>();
        foreach (var result in run.Results)
        {
            if (string.IsNullOrWhiteSpace(result.UniqueId))
            {
                skipped.Add(new SkippedCheck("(no unique_id)", "A result without a unique_id cannot be told apart from the others."));
                continue;
            }
            if (Map(result, nodes, meta) is { } mapped) results.Add(mapped);
        }
        foreach (var source in freshness?.Results ?? [])
        {
            if (string.IsNullOrWhiteSpace(source.UniqueId)) continue;
            results.Add(Freshness(source, nodes, meta));
        }
        return new ToolRun(AlertSources.Dbt, meta.InvocationId!, at, meta.DbtVersion, results, skipped);
    }

    private static async Task<Manifest> ReadManifestAsync(Stream manifest, CancellationToken ct)
    {
        const string expected = "Expected dbt's target/manifest.json: a JSON object with metadata.dbt_schema_version (manifest v10–v12) and nodes.";
        var read = await DeserializeAsync<Manifest>(manifest, expected, ct);
        if (read.Metadata?.DbtSchemaVersion?.Contains("manifest", StringComparison.Ordinal) != true || read.Nodes is null)
            throw new UnprocessableException(expected);
        return read;
    }

    private static async Task<SourcesFile> ReadSourcesAsync(Stream sources, CancellationToken ct)
    {
        const string expected = "Expected dbt's sources.json (dbt source freshness): a JSON object with metadata.dbt_schema_version (sources) and results[].";
        var read = await DeserializeAsync<SourcesFile>(sources, expected, ct);
        if (read.Metadata?.DbtSchemaVersion?.Contains("sources", StringComparison.Ordinal) != true || read.Results is null)
            throw new UnprocessableException(expected);
        return read;
    }

    private static async Task<T> DeserializeAsync<T>(Stream stream, string expected, CancellationToken ct) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(stream, Json, ct) ?? throw new UnprocessableException(expected);
        }
        catch (JsonException)
        {
            throw new UnprocessableException(expected + " This is not JSON of that shape.");
        }
    }

    private static CheckResult? Map(RunResult result, Manifest? manifest, RunMetadata run)
    {
        var id = result.UniqueId!;
        var type = id.Split('.')[0];
        var node = manifest?.Nodes?.GetValueOrDefault(id);
        var status = result.Status?.ToLowerInvariant();
        return type switch
        {
            "test" or "unit_test" => Test(result, node, manifest, run, status),
            "model" or "seed" or "snapshot" => Build(result, node, run, type, status),
            // Operations, analyses, hooks: not checks of the data.
            _ => null,
        };
    }

    private static CheckResult Test(RunResult result, ManifestNode? node, Manifest? manifest, RunMetadata run, string? status)
    {
        var id = result.UniqueId!;
        var parts = id.Split('.');
        // unit_test.<package>.<model>.<name>; test.<package>.<name>.<hash>.
        var unit = parts[0] == "unit_test";
        var name = node?.Name ?? (parts.Length >= 3 ? unit ? parts[^1] : parts[2] : id);
        var testType = node?.TestMetadata?.Name ?? (unit ? "unit test" : name);
        var tested = TestedNode(node, manifest);
        var asset = tested?.Name ?? (unit && parts.Length >= 4 ? parts[2] : null);
        var column = node?.ColumnName;
        var severity = (node?.Config?.Severity ?? "error").ToLowerInvariant();
        var outcome = status switch
        {
            "pass" => CheckOutcome.Passing,
            "fail" when severity == "warn" => CheckOutcome.Warning,
            "fail" => CheckOutcome.Failing,
            "warn" => CheckOutcome.Warning,
            "error" or "runtime error" => CheckOutcome.Errored,
            "skipped" => CheckOutcome.Skipped,
            _ => CheckOutcome.Skipped,
        };
        var where = asset is null ? "" : column is null ? $" on {asset}" : $" on {asset}.{column}";
        var rows = result.Failures is { } f ? $": {f.ToString("N0", CultureInfo.InvariantCulture)} failing row{(f == 1 ? "" : "s")}" : "";
        var title = outcome switch
        {
            CheckOutcome.Errored => $"dbt test {testType}{where} could not run",
            CheckOutcome.Warning => $"dbt test {testType}{where} warned{rows}",
            _ => $"dbt test {testType}{where} failed{rows}",
        };
        var details = Details(run, result, [
            ("Test", name), ("Type", testType), ("Model", asset), ("Column", column),
            ("Failing rows", result.Failures?.ToString("N0", CultureInfo.InvariantCulture)), ("Severity", severity),
        ]);
        return new CheckResult(
            ConnectorText.Stable(id), outcome, TestKind(testType), ConnectorText.Title(title), ConnectorText.Message(result.Message), asset,
            Hint(node?.Meta, node?.Config?.Meta, tested?.Meta, tested?.Config?.Meta),
            Priority(node?.Meta, node?.Config?.Meta) ?? (severity == "warn" || outcome == CheckOutcome.Warning ? IssuePriority.Low : null),
            Owner(tested?.Meta, tested?.Config?.Meta),
            result.Failures, details,
            outcome == CheckOutcome.Skipped ? $"dbt did not run it ({result.Status ?? "no status"})." : null);
    }

    private static CheckResult Build(RunResult result, ManifestNode? node, RunMetadata run, string type, string? status)
    {
        var id = result.UniqueId!;
        var name = node?.Name ?? (id.Split('.') is { Length: >= 3 } parts ? parts[^1] : id);
        var outcome = status switch
        {
            "success" or "pass" => CheckOutcome.Passing,
            "error" or "runtime error" => CheckOutcome.Errored,
            _ => CheckOutcome.Skipped,
        };
        var details = Details(run, result, [(Capitalized(type), name)]);
        return new CheckResult(
            ConnectorText.Stable(id), outcome, AlertKind.Custom, ConnectorText.Title($"dbt {type} {name} failed to build"), ConnectorText.Message(result.Message), name,
            Hint(node?.Meta, node?.Config?.Meta), Priority(node?.Meta, node?.Config?.Meta), Owner(node?.Meta, node?.Config?.Meta),
            null, details, outcome == CheckOutcome.Skipped ? $"dbt did not build it ({result.Status ?? "no status"})." : null);
    }

    private static CheckResult Freshness(SourceResult source, Manifest? manifest, RunMetadata run)
    {
        var id = source.UniqueId!;
        var node = manifest?.Sources?.GetValueOrDefault(id);
        var parts = id.Split('.');
        var table = node?.Name ?? (parts.Length >= 4 ? parts[^1] : id);
        var sourceName = node?.SourceName ?? (parts.Length >= 4 ? parts[^2] : null);
        var outcome = source.Status?.ToLowerInvariant() switch
        {
            "pass" => CheckOutcome.Passing,
            "warn" => CheckOutcome.Warning,
            "error" => CheckOutcome.Failing,
            "runtime error" => CheckOutcome.Errored,
            _ => CheckOutcome.Skipped,
        };
        var late = source.MaxLoadedAtTimeAgoInS is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var full = sourceName is null ? table : $"{sourceName}.{table}";
        var title = outcome == CheckOutcome.Errored ? $"dbt source freshness of {full} could not run" : $"Source {full} is stale";
        var details = Details(run, null, [
            ("Source", full), ("Last loaded", source.MaxLoadedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC"),
            ("Late by", late is { } l ? Components.Shared.Labels.Span(l) : null),
        ]);
        return new CheckResult(
            ConnectorText.Stable("freshness." + id), outcome, AlertKind.Freshness, ConnectorText.Title(title), ConnectorText.Message(source.Error), table,
            Hint(node?.Meta), Priority(node?.Meta) ?? (outcome == CheckOutcome.Warning ? IssuePriority.Low : null), Owner(node?.Meta),
            late?.TotalMinutes, details, outcome == CheckOutcome.Skipped ? $"dbt did not check it ({source.Status ?? "no status"})." : null);
    }

    // The model or source a test tests: attached_node, else the first model or source it depends on.
    private static ManifestNode? TestedNode(ManifestNode? test, Manifest? manifest)
    {
        if (test is null || manifest is null) return null;
        var id = test.AttachedNode ?? test.DependsOn?.Nodes?.FirstOrDefault(n => n.StartsWith("model.", StringComparison.Ordinal) || n.StartsWith("source.", StringComparison.Ordinal));
        if (id is null) return null;
        return manifest.Nodes?.GetValueOrDefault(id) ?? manifest.Sources?.GetValueOrDefault(id);
    }

    private static AlertKind TestKind(string testType)
    {
        var t = testType.ToLowerInvariant();
        if (t.StartsWith("not_null", StringComparison.Ordinal) || t.Contains("not_be_null", StringComparison.Ordinal)) return AlertKind.NullRate;
        if (t.Contains("row_count", StringComparison.Ordinal) || t.Contains("rowcount", StringComparison.Ordinal) || t.Contains("fewer_rows_than", StringComparison.Ordinal))
            return AlertKind.Volume;
        if (t.Contains("recency", StringComparison.Ordinal)) return AlertKind.Freshness;
        return AlertKind.Custom;
    }

    private static string? Hint(params Dictionary<string, JsonElement>?[] metas) => Text(metas, "issuetracker_product");

    private static string? Owner(params Dictionary<string, JsonElement>?[] metas) => Text(metas, "owner");

    private static IssuePriority? Priority(params Dictionary<string, JsonElement>?[] metas) =>
        WireNames.TryParse<IssuePriority>(Text(metas, "issuetracker_priority")?.ToLowerInvariant(), out var priority) ? priority : null;

    private static string? Text(Dictionary<string, JsonElement>?[] metas, string key)
    {
        foreach (var meta in metas)
        {
            if (meta?.GetValueOrDefault(key) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text) return text.Trim();
        }
        return null;
    }

    // What failed, in the data team's words, then the query that finds the rows and the run: every value escaped.
    private static string Details(RunMetadata run, RunResult? result, (string Label, string? Value)[] rows)
    {
        var text = new StringBuilder();
        text.AppendLine("**dbt reported:**").AppendLine();
        text.AppendLine("| | |").AppendLine("|---|---|");
        foreach (var (label, value) in rows)
        {
            if (!string.IsNullOrWhiteSpace(value)) text.AppendLine($"| {label} | {MarkdownRenderer.Escape(value)} |");
        }
        if (result?.Message is { Length: > 0 } message) text.AppendLine($"| Message | {MarkdownRenderer.Escape(ConnectorText.Message(message)!)} |");
        text.AppendLine($"| Run | {MarkdownRenderer.Code(run.InvocationId ?? "")} at {run.GeneratedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, dbt {MarkdownRenderer.Escape(run.DbtVersion ?? "?")} |");
        if (result?.CompiledCode is { Length: > 0 } sql)
        {
            text.AppendLine().AppendLine("The query that finds the failing rows:").AppendLine();
            text.Append(ConnectorText.Fenced(sql, "sql"));
        }
        return text.ToString();
    }

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    // The few fields read; everything else in the files is skipped as the reader streams past it.
    private sealed class RunResultsFile
    {
        public RunMetadata? Metadata { get; set; }
        public List<RunResult>? Results { get; set; }
    }

    private sealed class RunMetadata
    {
        public string? DbtSchemaVersion { get; set; }
        public string? DbtVersion { get; set; }
        public DateTime? GeneratedAt { get; set; }
        public string? InvocationId { get; set; }
    }

    private sealed class RunResult
    {
        public string? UniqueId { get; set; }
        public string? Status { get; set; }
        public string? Message { get; set; }
        public long? Failures { get; set; }
        public string? CompiledCode { get; set; }
    }

    private sealed class Manifest
    {
        public RunMetadata? Metadata { get; set; }
        public Dictionary<string, ManifestNode>? Nodes { get; set; }
        public Dictionary<string, ManifestNode>? Sources { get; set; }
    }

    private sealed class ManifestNode
    {
        public string? Name { get; set; }
        public string? SourceName { get; set; }
        public string? AttachedNode { get; set; }
        public string? ColumnName { get; set; }
        public TestMetadata? TestMetadata { get; set; }
        public NodeConfig? Config { get; set; }
        public Dictionary<string, JsonElement>? Meta { get; set; }
        public DependsOn? DependsOn { get; set; }
    }

    private sealed class TestMetadata
    {
        public string? Name { get; set; }
    }

    private sealed class NodeConfig
    {
        public string? Severity { get; set; }
        public Dictionary<string, JsonElement>? Meta { get; set; }
    }

    private sealed class DependsOn
    {
        public List<string>? Nodes { get; set; }
    }

    private sealed class SourcesFile
    {
        public RunMetadata? Metadata { get; set; }
        public List<SourceResult>? Results { get; set; }
    }

    private sealed class SourceResult
    {
        public string? UniqueId { get; set; }
        public string? Status { get; set; }
        public DateTime? MaxLoadedAt { get; set; }
        public double? MaxLoadedAtTimeAgoInS { get; set; }
        public string? Error { get; set; }
    }
}

namespace IssueTracker.Web.Connectors;

/// <summary>How one check came out in a tool's run, in the tool-neutral words the connector maps.</summary>
public enum CheckOutcome { Passing, Failing, Warning, Errored, Skipped }

/// <summary>
/// One check's result from a tool's file, read into what the alert flow needs: a stable check name (the same test
/// tomorrow is the same alert), its outcome, kind and title, the asset it tested (the product it maps to), the
/// tool's hints (meta), and an issue description in the data team's words (markdown, already escaped).
/// </summary>
public sealed record CheckResult(
    string Check,
    CheckOutcome Outcome,
    AlertKind Kind,
    string Title,
    string? Message,
    string? Asset,
    string? ProductHint,
    IssuePriority? Priority,
    string? Owner,
    double? Value,
    string Details,
    string? SkipReason = null);

/// <summary>One upload of a tool's results, read: the run's id (for replays), its time and tool version, and its checks.</summary>
public sealed record ToolRun(string Tool, string RunId, DateTime? At, string? ToolVersion, IReadOnlyList<CheckResult> Results, IReadOnlyList<SkippedCheck> Skipped);

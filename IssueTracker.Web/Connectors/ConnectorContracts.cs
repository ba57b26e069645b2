namespace IssueTracker.Web.Connectors;

/// <summary>
/// What an upload did (README, "Connect your checks"): the run, how its checks came out, the issues it opened,
/// reopened, noted or resolved, each alert it touched, and the checks it could not use and why.
/// </summary>
public sealed record ConnectorSummaryDto(
    string Tool,
    string RunId,
    bool Replayed,
    bool DryRun,
    ConnectorResultCounts Results,
    ConnectorIssueKeys Issues,
    IReadOnlyList<ConnectorAlertDto> Alerts,
    IReadOnlyList<SkippedCheck> Unmapped,
    IReadOnlyList<SkippedCheck> Skipped);

public sealed record ConnectorResultCounts(int Total, int Failing, int Warning, int Errored, int Passing, int Skipped);

public sealed record ConnectorIssueKeys(IReadOnlyList<string> Opened, IReadOnlyList<string> Reopened, IReadOnlyList<string> Updated, IReadOnlyList<string> Resolved);

/// <summary>An alert the upload reported to: its check, its status now, its issue (if it has one) and product.</summary>
public sealed record ConnectorAlertDto(string Check, AlertStatus Status, Guid AlertId, string? IssueKey, string Product);

/// <summary>A check the upload left alone, and why.</summary>
public sealed record SkippedCheck(string Check, string Reason);

/// <summary>Where an upload's results go and how: the space (by id or key), a fallback product, and the switches.</summary>
public sealed record ConnectorTarget(Guid? SpaceId, string? SpaceKey, Guid? ProductId, bool CreateProducts, bool DryRun);

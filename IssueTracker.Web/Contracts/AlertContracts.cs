using IssueTracker.Web.Domain;

namespace IssueTracker.Web.Contracts;

public sealed record AlertDto(
    Guid Id,
    NamedRef Space,
    NamedRef Product,
    string Check,
    string Fingerprint,
    AlertKind Kind,
    AlertStatus Status,
    string Title,
    string? Message,
    int OccurrenceCount,
    DateTime FirstSeenAt,
    DateTime LastSeenAt,
    DateTime? ResolvedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>A monitor's report of one quality check result.</summary>
public sealed record ReportAlertRequest
{
    public Guid? ProductId { get; set; }
    public string? Check { get; set; }
    public AlertKind? Kind { get; set; }
    public AlertStatus? Status { get; set; }
    public string? Title { get; set; }
    public string? Message { get; set; }
    public string? Fingerprint { get; set; }
}

public sealed record ReportAlertResult(AlertDto Alert, bool Created);

public sealed record AlertQuery
{
    public Guid? SpaceId { get; init; }
    public Guid? ProductId { get; init; }
    public AlertStatus? Status { get; init; }
    public int Page { get; init; } = 1;
    public int Size { get; init; } = 20;
}

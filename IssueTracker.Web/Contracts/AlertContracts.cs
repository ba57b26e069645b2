using System.ComponentModel.DataAnnotations;

namespace IssueTracker.Web.Contracts;

public record AlertDto(
    Guid Id,
    NamedRef Space,
    NamedRef Product,
    string Check,
    string Fingerprint,
    AlertKind Kind,
    AlertStatus Status,
    string Title,
    string? Message,
    string Source,
    int OccurrenceCount,
    DateTime FirstSeenAt,
    DateTime LastSeenAt,
    DateTime? ResolvedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    IssueRef? Issue);

/// <summary>The issue an alert belongs to now (its latest one).</summary>
public sealed record IssueRef(Guid Id, string Key, string Title, IssueStatus Status);

/// <summary>An alert (with its current issue) and its most recent occurrences, newest first.</summary>
public sealed record AlertDetailDto : AlertDto
{
    public AlertDetailDto(AlertDto alert, IReadOnlyList<AlertOccurrenceDto> latestOccurrences) : base(alert) => LatestOccurrences = latestOccurrences;

    public IReadOnlyList<AlertOccurrenceDto> LatestOccurrences { get; init; }
}

public sealed record AlertOccurrenceDto(Guid Id, AlertStatus Status, string? Message, DateTime ObservedAt, DateTime ReceivedAt, double? Value, double? Threshold);

/// <summary>A monitor's report of one quality check result.</summary>
public sealed record ReportAlertRequest
{
    public Guid? ProductId { get; set; }
    [MaxLength(FieldLimits.Check)] public string? Check { get; set; }
    public AlertKind? Kind { get; set; }
    public AlertStatus? Status { get; set; }
    [MaxLength(FieldLimits.Title)] public string? Title { get; set; }
    [MaxLength(FieldLimits.AlertMessage)] public string? Message { get; set; }
    [MaxLength(FieldLimits.Check)] public string? Fingerprint { get; set; }
    /// <summary>When the monitor observed the result (default: when it is received).</summary>
    public DateTime? ObservedAt { get; set; }
    /// <summary>The measured value (rows, minutes late, null rate…), shown against <see cref="Threshold"/>.</summary>
    public double? Value { get; set; }
    public double? Threshold { get; set; }
    /// <summary>What reports it: api (default), dbt, great_expectations or soda.</summary>
    public string? Source { get; set; }
}

/// <summary>A report's outcome: <see cref="Created"/> when it created the alert; <see cref="Replayed"/> for an idempotent retry.</summary>
public sealed record ReportAlertResult(AlertDto Alert, bool Created, bool Replayed = false);

public sealed record AlertQuery
{
    public Guid? SpaceId { get; init; }
    public Guid? ProductId { get; init; }
    /// <summary>Any of these statuses (none: all).</summary>
    public IReadOnlyList<AlertStatus> Statuses { get; init; } = [];
    /// <summary>Any of these kinds (none: all).</summary>
    public IReadOnlyList<AlertKind> Kinds { get; init; } = [];
    public int Page { get; init; } = 1;
    public int Size { get; init; } = 20;
}

/// <summary>The policy in force for a product, every field decided.</summary>
public sealed record EffectiveAlertPolicy(
    bool AutoOpen,
    bool AutoResolve,
    int ReopenWindowHours,
    Guid? DefaultAssigneeId,
    IReadOnlyDictionary<AlertKind, IssuePriority> Priorities,
    int ResolveAfterPasses = 1);

/// <summary>
/// A space's or product's alert settings as stored (null: inherit) and, for reading, the effect they have.
/// </summary>
public sealed record AlertPolicyDto
{
    public bool? AutoOpen { get; set; }
    public bool? AutoResolve { get; set; }
    public int? ReopenWindowHours { get; set; }
    /// <summary>Passing results in a row before the alert resolves (1–20; default 1).</summary>
    public int? ResolveAfterPasses { get; set; }
    public Guid? DefaultAssigneeId { get; set; }
    public Dictionary<AlertKind, IssuePriority>? Priorities { get; set; }
    /// <summary>Ignored on write: what applies after inheritance.</summary>
    public EffectiveAlertPolicy? Effective { get; set; }
}

/// <summary>One result of an alert's check (<c>GET /api/alerts/{id}/runs</c>): when, how it came out, from which tool and run.</summary>
public sealed record AlertRunDto(
    DateTime At,
    RunStatus Status,
    string Source,
    string? RunId,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? Value);

using IssueTracker.Web.Domain;

namespace IssueTracker.Web.Contracts;

public sealed record NamedRef(Guid Id, string Name);

public sealed record UserRef(Guid Id, string Name);

public sealed record AlertRef(Guid Id, string Title, AlertStatus Status);

/// <summary>An issue as clients see it. <see cref="Version"/> travels as the ETag header, not in the body.</summary>
public sealed record IssueDto(
    Guid Id,
    string Key,
    string Title,
    string Description,
    IssueStatus Status,
    IssuePriority Priority,
    NamedRef Space,
    NamedRef? Product,
    UserRef? Assignee,
    UserRef Reporter,
    AlertRef? Alert,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? ResolvedAt,
    int Version)
{
    /// <summary>Whether the caller watches the issue (api-v2.md): a fact about the reader, set by the service that reads.</summary>
    public bool Watching { get; init; }
}

/// <summary>What a board card or list row shows: an issue without its description.</summary>
public sealed record IssueSummaryDto(
    Guid Id,
    string Key,
    string Title,
    IssueStatus Status,
    IssuePriority Priority,
    NamedRef Space,
    NamedRef? Product,
    UserSummaryDto? Assignee,
    AlertRef? Alert,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? ResolvedAt,
    int Version);

/// <summary>The outcome of one issue in a bulk change: <see cref="Error"/> says why it was refused.</summary>
public sealed record BulkItemResult(Guid Id, string? Key, bool Updated, string? Error);

public sealed record CreateIssueRequest
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public IssuePriority? Priority { get; set; }
    public Guid? SpaceId { get; set; }
    public Guid? ProductId { get; set; }
    public Guid? AssigneeId { get; set; }
    public Guid? AlertId { get; set; }
}

/// <summary>A JSON merge patch: unset fields stay, <c>null</c> clears <c>assignee_id</c> and <c>product_id</c>.</summary>
public sealed record UpdateIssueRequest
{
    public Optional<string?> Title { get; set; }
    public Optional<string?> Description { get; set; }
    public Optional<IssueStatus?> Status { get; set; }
    public Optional<IssuePriority?> Priority { get; set; }
    public Optional<Guid?> AssigneeId { get; set; }
    public Optional<Guid?> ProductId { get; set; }
}

/// <summary>The result of a create: <see cref="Replayed"/> when an idempotency key returned the first result.</summary>
public sealed record CreateIssueResult(IssueDto Issue, bool Replayed);

public enum IssueSortField { UpdatedAt, CreatedAt, Priority }

/// <summary>Filters, sort and page of an issue list; the UI and <c>GET /api/issues</c> both use it.</summary>
public sealed record IssueQuery
{
    public Guid? SpaceId { get; init; }
    public Guid? ProductId { get; init; }
    public IReadOnlyList<IssueStatus>? Statuses { get; init; }
    public IReadOnlyList<IssuePriority>? Priorities { get; init; }
    public Guid? AssigneeId { get; init; }
    /// <summary>Only issues with no assignee (<c>assignee_id=none</c>).</summary>
    public bool Unassigned { get; init; }
    /// <summary>Only the asking actor's own issues (the UI's <c>assignee=me</c>).</summary>
    public bool AssignedToActor { get; init; }
    public Guid? ReporterId { get; init; }
    public Guid? AlertId { get; init; }
    public string? Q { get; init; }
    /// <summary>Resolved issues only when resolved within <c>IssueService.RecentlyResolvedWindow</c> (the board's Resolved column).</summary>
    public bool RecentlyResolvedOnly { get; init; }
    public IssueSortField Sort { get; init; } = IssueSortField.UpdatedAt;
    public bool Descending { get; init; } = true;
    public int Page { get; init; } = 1;
    public int Size { get; init; } = 20;
}

public sealed record CommentDto(Guid Id, string Content, UserSummaryDto Author, DateTime CreatedAt, DateTime? EditedAt);

public sealed record CommentRequest
{
    public string? Content { get; set; }
}

public sealed record HistoryEntryDto(
    Guid Id,
    IssueEventKind Action,
    string? OldValue,
    string? NewValue,
    UserRef Actor,
    DateTime Timestamp);

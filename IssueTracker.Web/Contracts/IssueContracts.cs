using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace IssueTracker.Web.Contracts;

public sealed record NamedRef(Guid Id, string Name);

public sealed record UserRef(Guid Id, string Name);

public sealed record AlertRef(Guid Id, string Title, AlertStatus Status);

/// <summary>Where an issue stands against its SLA (the OpenAPI document); <see cref="State"/> is as of the read.</summary>
public sealed record SlaDto(DateTime? AcknowledgeBy, DateTime? ResolveBy, SlaState State);

/// <summary>
/// What an issue's SLA state is computed from at a given moment (<see cref="Triage.SlaRules.At"/>): read with the
/// issue, never sent as it is.
/// </summary>
public sealed record SlaTimes(
    DateTime? AcknowledgeBy, DateTime? ResolveBy, DateTime? WarnAt, DateTime? BreachAt, DateTime? AcknowledgedAt, DateTime? ResolvedAt);

/// <summary>
/// An issue as clients see it. <see cref="Version"/> travels as the ETag header, not in the body.
/// <see cref="DuplicateOf"/> is only an id: the issue it names may be in a space the reader cannot see (its links, read
/// through the link service, show only what the reader may see).
/// </summary>
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
    int Version,
    IssueResolution? Resolution,
    string? ResolutionNote,
    Guid? DuplicateOf,
    DateTime? AcknowledgedAt,
    [property: JsonIgnore] SlaTimes? SlaTimes)
{
    /// <summary>Whether the caller watches the issue (the OpenAPI document): a fact about the reader, set by the service that reads.</summary>
    public bool Watching { get; init; }

    /// <summary>The SLA as of the read (the OpenAPI document), set by the service that reads; null without one.</summary>
    public SlaDto? Sla { get; init; }
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
    int Version,
    IssueResolution? Resolution = null,
    SlaTimes? SlaTimes = null);

/// <summary>The outcome of one issue in a bulk change: <see cref="Error"/> says why it was refused.</summary>
public sealed record BulkItemResult(Guid Id, string? Key, bool Updated, string? Error);

public sealed record CreateIssueRequest
{
    [MaxLength(FieldLimits.Title)] public string? Title { get; set; }
    [MaxLength(FieldLimits.IssueDescription)] public string? Description { get; set; }
    public IssuePriority? Priority { get; set; }
    public Guid? SpaceId { get; set; }
    public Guid? ProductId { get; set; }
    public Guid? AssigneeId { get; set; }
    public Guid? AlertId { get; set; }
}

/// <summary>A JSON merge patch: unset fields stay, <c>null</c> clears <c>assignee_id</c> and <c>product_id</c>.</summary>
public sealed record UpdateIssueRequest
{
    [MaxLength(FieldLimits.Title)] public Optional<string?> Title { get; set; }
    [MaxLength(FieldLimits.IssueDescription)] public Optional<string?> Description { get; set; }
    public Optional<IssueStatus?> Status { get; set; }
    public Optional<IssuePriority?> Priority { get; set; }
    public Optional<Guid?> AssigneeId { get; set; }
    public Optional<Guid?> ProductId { get; set; }
    /// <summary>Why it was resolved: only on a resolved issue (or with <c>status: resolved</c>).</summary>
    public Optional<IssueResolution?> Resolution { get; set; }
    public Optional<string?> ResolutionNote { get; set; }
    /// <summary>The issue this one duplicates: required with <c>resolution: duplicate</c>, and links the two.</summary>
    public Optional<Guid?> DuplicateOf { get; set; }
}

/// <summary>The result of a create: <see cref="Replayed"/> when an idempotency key returned the first result.</summary>
public sealed record CreateIssueResult(IssueDto Issue, bool Replayed);

public enum IssueSortField { UpdatedAt, CreatedAt, Priority, Sla }

public sealed record CommentDto(Guid Id, string Content, UserSummaryDto Author, DateTime CreatedAt, DateTime? EditedAt);

public sealed record CommentRequest
{
    [MaxLength(FieldLimits.Comment)] public string? Content { get; set; }
}

public sealed record HistoryEntryDto(
    Guid Id,
    IssueEventKind Action,
    string? OldValue,
    string? NewValue,
    UserRef Actor,
    DateTime Timestamp);

/// <summary>A link as one of its ends reads it: "this issue <see cref="Type"/> <see cref="Issue"/>".</summary>
public sealed record IssueLinkDto(Guid Id, LinkDirection Type, IssueRef Issue, UserRef CreatedBy, DateTime CreatedAt);

public sealed record LinkRequest
{
    /// <summary>relates_to, duplicates, blocks or caused_by, as this issue says it of the other.</summary>
    public IssueLinkType? Type { get; set; }
    /// <summary>The other issue: one the caller may see.</summary>
    public Guid? IssueId { get; set; }
}

/// <summary>One row of the issue list's CSV export: the row as the list shows it, and what a report needs besides.</summary>
public sealed record IssueExportRow(
    IssueSummaryDto Issue, string Reporter, DateTime? AcknowledgedAt, string? ResolutionNote, string? DuplicateOf, SlaState? Sla);

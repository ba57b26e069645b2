namespace IssueTracker.Web.Domain;

/// <summary>
/// One committed change, as the change feed tells it (README, "Follow changes live"): written in the same transaction as
/// the change, so it is there exactly when the change is, and replayable by id. Names (actor, issue key) are kept as
/// they were at the time, like the history.
/// </summary>
public class ChangeEvent
{
    /// <summary>Increases with commit order: SQLite has one writer, which assigns it inside its write transaction.</summary>
    public long Id { get; set; }
    /// <summary><c>issue.created</c>, <c>issue.updated</c>, <c>issue.deleted</c>, <c>comment.created</c>, … (<see cref="ChangeTypes"/>).</summary>
    public string Type { get; set; } = "";
    public DateTime At { get; set; }
    public Guid ActorId { get; set; }
    public string ActorName { get; set; } = "";
    public Guid SpaceId { get; set; }
    public Guid? IssueId { get; set; }
    public string? IssueKey { get; set; }
    public Guid? CommentId { get; set; }
    public Guid? AlertId { get; set; }
    /// <summary>For <c>issue.updated</c>: <c>{"field": {"from": …, "to": …}}</c> as JSON.</summary>
    public string? Changes { get; set; }
    /// <summary>
    /// The spaces of other issues that <see cref="Changes"/> names (a link's other end, a duplicate), comma-separated;
    /// a receiver who cannot see one of them gets the event without those names. Never sent.
    /// </summary>
    public string? OtherSpaceIds { get; set; }
}

/// <summary>The event types of the change feed.</summary>
public static class ChangeTypes
{
    public const string IssueCreated = "issue.created";
    public const string IssueUpdated = "issue.updated";
    public const string IssueDeleted = "issue.deleted";
    public const string CommentCreated = "comment.created";
    public const string CommentUpdated = "comment.updated";
    public const string CommentDeleted = "comment.deleted";
    public const string AlertFired = "alert.fired";
    public const string AlertResolved = "alert.resolved";

    public static readonly IReadOnlyList<string> All =
        [IssueCreated, IssueUpdated, IssueDeleted, CommentCreated, CommentUpdated, CommentDeleted, AlertFired, AlertResolved];

    /// <summary>The type <paramref name="raw"/> names, read as every name the API takes (any case, spaces around ignored); null when none.</summary>
    public static string? Named(string? raw) =>
        All.FirstOrDefault(t => string.Equals(t, raw?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Internal, never sent to a client or a webhook: what someone may see or do changed (a membership or role, a
    /// deactivation, a revoked token, a sign-out). Open streams and pages of that person look again at once, on every
    /// instance, in commit order with the changes they filter.
    /// </summary>
    public const string AccessChanged = "access.changed";
}

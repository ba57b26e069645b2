using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace IssueTracker.Web.Contracts;

/// <summary>
/// One change as <c>GET /api/events</c> sends it (README, "Follow changes live"). <see cref="Changes"/> only on
/// <c>issue.updated</c>, <see cref="CommentId"/> only on comment events, <see cref="AlertId"/> only on alert events.
/// </summary>
public sealed record EventDto(
    string Id,
    string Type,
    DateTime At,
    UserRef Actor,
    Guid SpaceId,
    Guid? IssueId,
    string? IssueKey)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonObject? Changes { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Guid? CommentId { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Guid? AlertId { get; init; }
}

/// <summary>Which events a stream wants: one space, one issue, some types (each null or empty for all).</summary>
public sealed record EventFilter(Guid? SpaceId, Guid? IssueId, IReadOnlySet<string>? Types);

using System.Text.Json.Nodes;

namespace IssueTracker.Web.Live;

/// <summary>
/// The change feed's internal <see cref="ChangeTypes.AccessChanged"/> events: written in the transaction that changes
/// what a person may see or do, so a stream or page of theirs re-reads it before it hears any later change (the feed
/// keeps commit order). Never replayed, sent or delivered: <see cref="IsInternal"/>.
/// </summary>
public static class AccessEvents
{
    /// <summary>Adds the event for <paramref name="userId"/> (and the tokens that stopped, if any) to the caller's unit of work.</summary>
    internal static void Add(ApplicationDbContext db, Guid userId, Guid actorId, DateTime now, Guid? spaceId = null, IReadOnlyCollection<Guid>? tokenIds = null)
    {
        var subject = new JsonObject { ["user_id"] = userId.ToString() };
        if (tokenIds is { Count: > 0 }) subject["token_ids"] = new JsonArray([.. tokenIds.Select(t => (JsonNode)t.ToString())]);
        db.ChangeEvents.Add(new ChangeEvent
        {
            Type = ChangeTypes.AccessChanged,
            At = now,
            ActorId = actorId,
            SpaceId = spaceId ?? Guid.Empty,
            Changes = subject.ToJsonString(),
        });
    }

    public static bool IsInternal(ChangeEvent e) => e.Type == ChangeTypes.AccessChanged;

    /// <summary>Whether an internal event changes what <paramref name="userId"/> may see, or ends <paramref name="tokenId"/>.</summary>
    public static bool Concerns(ChangeEvent e, Guid userId, Guid? tokenId = null)
    {
        if (!IsInternal(e) || e.Changes is null) return false;
        var subject = JsonNode.Parse(e.Changes)!;
        return subject["user_id"]?.GetValue<string>() == userId.ToString()
               || (tokenId is { } token && subject["token_ids"] is JsonArray tokens && tokens.Any(t => t?.GetValue<string>() == token.ToString()));
    }
}

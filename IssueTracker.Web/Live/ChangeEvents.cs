using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Live;

/// <summary>
/// Writes change-feed events into the caller's unit of work, saved (and so committed) with the change itself. The
/// names an event shows (who, the issue key) are read once here, as they are at the time of the change.
/// </summary>
internal static class ChangeEvents
{

    // Compiled: every write that produces an event asks it.
    private static readonly Func<ApplicationDbContext, Guid, Guid, CancellationToken, Task<EventNames?>> NamesOf =
        EF.CompileAsyncQuery((ApplicationDbContext db, Guid spaceId, Guid actorId, CancellationToken ct) => db.Spaces
            .Where(s => s.Id == spaceId)
            .Select(s => new EventNames(s.Key, db.Users.Where(u => u.Id == actorId).Select(u => u.DisplayName).FirstOrDefault()))
            .FirstOrDefault());

    /// <summary>
    /// Adds one event per entry of <paramref name="events"/> about one issue (or none, for an alert without one).
    /// <paramref name="known"/> saves the lookup when the caller read the names already (its access check does).
    /// </summary>
    public static async Task AddAsync(
        ApplicationDbContext db, Guid actorId, Guid spaceId, Issue? issue, IReadOnlyList<PendingEvent> events, DateTime now, CancellationToken ct,
        EventNames? known = null)
    {
        if (events.Count == 0) return;
        var names = known ?? await NamesOf(db, spaceId, actorId, ct);
        var added = new List<ChangeEvent>(events.Count);
        foreach (var e in events)
        {
            var change = new ChangeEvent
            {
                Type = e.Type,
                At = now,
                ActorId = actorId,
                ActorName = names?.ActorName ?? "",
                SpaceId = spaceId,
                IssueId = issue?.Id,
                IssueKey = issue is null || names is null ? null : new IssueKey(names.SpaceKey, issue.Number).ToString(),
                CommentId = e.CommentId,
                AlertId = e.AlertId ?? issue?.AlertId,
                Changes = e.Changes?.ToJsonString(),
                OtherSpaceIds = e.OtherSpaceIds,
            };
            db.ChangeEvents.Add(change);
            added.Add(change);
        }
        // The space's webhooks get their outbox rows in the same transaction: a committed change is never left unsent.
        await WebhookOutbox.AddAsync(db, spaceId, added, now, ct);
    }
}

/// <summary>The names an event shows: its space's key (for the issue key) and who acted.</summary>
internal sealed record EventNames(string SpaceKey, string? ActorName);

/// <summary>An event waiting for its change to be saved.</summary>
internal sealed record PendingEvent(string Type, Guid? CommentId = null, Guid? AlertId = null, JsonObject? Changes = null, string? OtherSpaceIds = null);

using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Live;

/// <summary>
/// Writes change-feed events into the caller's unit of work, saved (and so committed) with the change itself. The
/// names an event shows (who, the issue key) are read once here, as they are at the time of the change.
/// </summary>
internal static class ChangeEvents
{

    // Compiled: every write that produces an event asks it.
    private static readonly PerModel<Func<ApplicationDbContext, Guid, Guid, CancellationToken, Task<EventNames?>>> NamesOf =
        new(() => EF.CompileAsyncQuery((ApplicationDbContext db, Guid spaceId, Guid actorId, CancellationToken ct) => db.Spaces
            .Where(s => s.Id == spaceId)
            .Select(s => new EventNames(s.Key, db.Users.Where(u => u.Id == actorId).Select(u => u.DisplayName).FirstOrDefault()))
            .FirstOrDefault()));

    /// <summary>
    /// Adds one event per entry of <paramref name="events"/> about one issue (or none, for an alert without one).
    /// <paramref name="known"/> saves the lookup when the caller read the names already (its access check does).
    /// </summary>
    public static async Task AddAsync(
        ApplicationDbContext db, Guid actorId, Guid spaceId, Issue? issue, IReadOnlyList<PendingEvent> events, DateTime now, CancellationToken ct,
        EventNames? known = null)
    {
        if (events.Count == 0) return;
        var names = known ?? await NamesOf.For(db)(db, spaceId, actorId, ct);
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
        }
    }

    /// <summary>The events a context is about to save: what the feed's consumers inside the save (the webhook outbox) and after it (the publisher) read.</summary>
    public static List<ChangeEvent> AddedIn(DbContext context)
    {
        // Events are only ever added (their state is set then), so this look needs no change detection of its own:
        // SaveChanges runs that once, right after.
        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return [.. tracker.Entries<ChangeEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)];
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }
}

/// <summary>The names an event shows: its space's key (for the issue key) and who acted.</summary>
internal sealed record EventNames(string SpaceKey, string? ActorName);

/// <summary>An event waiting for its change to be saved.</summary>
internal sealed record PendingEvent(string Type, Guid? CommentId = null, Guid? AlertId = null, FieldChanges? Changes = null, string? OtherSpaceIds = null);

/// <summary>
/// The change feed's events of an issue's change: <c>issue.created</c>, <c>issue.deleted</c>, or <c>issue.updated</c>
/// with the fields that changed, then what else happened (a comment, an alert). A consumer of the write path; the feed
/// in turn is what pages, event streams and webhooks read.
/// </summary>
internal sealed class FeedWriter : IIssueChangeConsumer
{
    public async Task AddAsync(ApplicationDbContext db, IssueChangeRecord change, CancellationToken ct)
    {
        var events = new List<PendingEvent>(change.Published.Count + 1);
        if (change.Kind == IssueChangeKind.Created) events.Add(new PendingEvent(ChangeTypes.IssueCreated));
        else if (change.Kind == IssueChangeKind.Deleted) events.Add(new PendingEvent(ChangeTypes.IssueDeleted));
        else if (!change.Fields.IsEmpty)
        {
            var others = new HashSet<Guid>(change.OtherSpaceIds);
            // A duplicate named by id only (set, or cleared on reopening) is another issue too, perhaps in another space.
            if (change.Fields.DuplicateOf is { } duplicate && new[] { duplicate.From, duplicate.To }.OfType<Guid>().ToList() is { Count: > 0 } named)
            {
                var spaceId = change.Issue.SpaceId;
                others.UnionWith(await db.Issues.Where(i => named.Contains(i.Id) && i.SpaceId != spaceId).Select(i => i.SpaceId).ToListAsync(ct));
            }
            events.Add(new PendingEvent(ChangeTypes.IssueUpdated, Changes: change.Fields,
                OtherSpaceIds: others.Count == 0 ? null : string.Join(',', others.Order())));
        }
        events.AddRange(change.Published);
        if (change.Kind == IssueChangeKind.Deleted) await ScrubAsync(db, change.Issue.Id, ct);
        await ChangeEvents.AddAsync(db, change.ActorId, change.Issue.SpaceId, change.Issue, events, change.At, ct, change.Names);
    }

    // A deleted issue's words go with it: the feed's earlier events keep which fields changed, not what they said.
    private static async Task ScrubAsync(ApplicationDbContext db, Guid issueId, CancellationToken ct)
    {
        foreach (var e in await db.ChangeEvents.Where(e => e.IssueId == issueId && e.Changes != null).Select(e => new { e.Id, e.Changes }).ToListAsync(ct))
        {
            var changes = FieldChanges.Parse(e.Changes);
            if (changes is { Title: null, Description: null, ResolutionNote: null }) continue;
            var scrubbed = (changes with { Title = null, Description = null, ResolutionNote = null }).ToJsonString();
            await db.ChangeEvents.Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Changes, scrubbed), ct);
        }
    }
}

using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Notifications;

/// <summary>
/// A person's inbox and the issues they watch. What lands in an inbox is decided as changes are written
/// (<see cref="NotificationRules"/>); here it is read and marked read. An inbox shows only issues of spaces its person
/// can still see.
/// </summary>
public sealed class NotificationService(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The actor's notifications, newest first; only unread ones when <paramref name="unreadOnly"/>.</summary>
    public async Task<PagedResult<NotificationDto>> ListAsync(Guid actorId, bool unreadOnly, int page, int size, CancellationToken ct = default)
    {
        Paging.Validate(page, size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mine = await InboxAsync(db, actorId, ct);
        if (unreadOnly) mine = mine.Where(n => n.ReadAt == null);
        return await mine
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Select(n => new NotificationDto(
                n.Id,
                n.Type,
                new IssueBrief(n.Issue.Id, new IssueKey(n.Issue.Space.Key, n.Issue.Number).ToString(), n.Issue.Title),
                new UserRef(n.ActorId, db.Users.Where(u => u.Id == n.ActorId).Select(u => u.DisplayName).First()),
                n.Summary,
                n.CreatedAt,
                n.ReadAt))
            .ToPageAsync(page, size, ct);
    }

    public async Task<int> UnreadCountAsync(Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (await InboxAsync(db, actorId, ct)).CountAsync(n => n.ReadAt == null, ct);
    }

    /// <summary>
    /// Who got a line in their inbox from the change of <paramref name="issueId"/> at <paramref name="at"/>: a change's
    /// notifications are written in its transaction with its event's time, so an open page asks this once per change
    /// instead of every person's page recounting their inbox for every change they may see.
    /// </summary>
    public async Task<Guid[]> NotifiedAsync(Guid issueId, DateTime at, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.AsNoTracking().Where(n => n.IssueId == issueId && n.CreatedAt == at).Select(n => n.UserId).ToArrayAsync(ct);
    }

    /// <summary>Marks one of the actor's notifications read (not found when it is not theirs).</summary>
    public async Task MarkReadAsync(Guid notificationId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await db.Notifications.AnyAsync(n => n.Id == notificationId && n.UserId == actorId, ct);
        if (!found) throw new NotFoundException("Notification");
        await db.Notifications.Where(n => n.Id == notificationId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    /// <summary>Marks the actor's notifications about one issue read: what opening the issue does.</summary>
    public async Task<int> MarkIssueReadAsync(Guid issueId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Notifications.Where(n => n.UserId == actorId && n.IssueId == issueId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    public async Task MarkAllReadAsync(Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.UserId == actorId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    /// <summary>Who watches an issue the actor can see (null when they cannot see it).</summary>
    public async Task<PagedResult<UserSummaryDto>?> WatchersAsync(Guid issueId, Guid actorId, int page, int size, CancellationToken ct = default)
    {
        Paging.Validate(page, size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await IssueService.IsVisibleAsync(db, issueId, actorId, ct)) return null;
        return await db.IssueWatchers
            .Where(w => w.IssueId == issueId && w.Watching)
            .Join(db.Users, w => w.UserId, u => u.Id, (w, u) => u)
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new UserSummaryDto(u.Id, u.DisplayName, Avatars.Url(u.Id)))
            .ToPageAsync(page, size, ct);
    }

    /// <summary>Whether the actor watches the issue (false when they cannot see it).</summary>
    public async Task<bool> IsWatchingAsync(Guid issueId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.IssueWatchers.AnyAsync(w => w.IssueId == issueId && w.UserId == actorId && w.Watching, ct)
               && await IssueService.IsVisibleAsync(db, issueId, actorId, ct);
    }

    /// <summary>Starts or stops the actor watching an issue they can see; the choice sticks (automatic watching respects it).</summary>
    public async Task SetWatchingAsync(Guid issueId, bool watching, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await IssueService.IsVisibleAsync(db, issueId, actorId, ct)) throw new NotFoundException("Issue");
        var row = await db.IssueWatchers.SingleOrDefaultAsync(w => w.IssueId == issueId && w.UserId == actorId, ct);
        if (row is null)
            db.IssueWatchers.Add(new IssueWatcher { IssueId = issueId, UserId = actorId, Watching = watching, CreatedAt = clock.GetUtcNow().UtcDateTime });
        else row.Watching = watching;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (row is null)
        {
            // Someone (this person in another tab, or a comment's automatic watch) added the row first: set it.
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            await again.IssueWatchers.Where(w => w.IssueId == issueId && w.UserId == actorId).ExecuteUpdateAsync(s => s.SetProperty(w => w.Watching, watching), ct);
        }
    }

    private static async Task<IQueryable<Notification>> InboxAsync(ApplicationDbContext db, Guid actorId, CancellationToken ct)
    {
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == actorId);
        return spaces is null ? mine : mine.Where(n => spaces.Contains(n.Issue.SpaceId));
    }
}

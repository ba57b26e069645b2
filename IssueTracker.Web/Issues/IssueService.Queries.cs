using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Issues;

// The reads of IssueService: lists, one issue, history. Everything here sees only the spaces the actor may see.
public sealed partial class IssueService
{
    /// <summary>The board's Resolved column shows issues resolved within this window unless asked for all.</summary>
    public static readonly TimeSpan RecentlyResolvedWindow = TimeSpan.FromDays(14);

    /// <summary>Issues the actor may see, filtered, sorted and paged.</summary>
    public async Task<PagedResult<IssueDto>> ListAsync(IssueQuery query, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(query.Page, query.Size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Watching is read with the page (Projections.IssueReadBy), not by a command of its own.
        var page = await PageAsync(db, await FilterAsync(db, query, actorId, ct), query, Projections.IssueReadBy(db, actorId), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return page with { Items = [.. page.Items.Select(i => i with { Sla = SlaRules.At(i.SlaTimes, now) })] };
    }

    /// <summary>
    /// The issues as this reader sees them now: <see cref="IssueDto.Watching"/> for the actor (one read for a whole
    /// page) and <see cref="IssueDto.Sla"/> as of the clock.
    /// </summary>
    internal async Task<IReadOnlyList<IssueDto>> ForReaderAsync(ApplicationDbContext db, IReadOnlyList<IssueDto> issues, Guid actorId, CancellationToken ct)
    {
        if (issues.Count == 0) return issues;
        var ids = issues.Select(i => i.Id).ToList();
        var watched = (await db.IssueWatchers.Where(w => w.UserId == actorId && w.Watching && ids.Contains(w.IssueId)).Select(w => w.IssueId).ToListAsync(ct)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        return issues.Select(i => i with { Watching = watched.Contains(i.Id), Sla = SlaRules.At(i.SlaTimes, now) }).ToList();
    }

    /// <summary>The same list without descriptions: what a board column or list row shows.</summary>
    public async Task<PagedResult<IssueSummaryDto>> ListSummariesAsync(IssueQuery query, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(query.Page, query.Size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await PageAsync(db, await FilterAsync(db, query, actorId, ct), query, Projections.IssueSummary, ct);
    }

    /// <summary>
    /// One page of a list as the CSV export writes it: what a data-quality team reports on (resolution, note, duplicate,
    /// reporter, acknowledgement, SLA). A duplicate's key only when the reader may see its space.
    /// </summary>
    public async Task<PagedResult<IssueExportRow>> ExportPageAsync(IssueQuery query, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(query.Page, query.Size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var page = await PageAsync(db, await FilterAsync(db, query, actorId, ct), query, Projections.Export(db), ct);
        var visible = page.Items.Any(r => r.Duplicate is not null) ? await Access.VisibleSpaceIdsAsync(db, actorId, ct) : null;
        var now = clock.GetUtcNow().UtcDateTime;
        return new PagedResult<IssueExportRow>(page.Items.Select(r => new IssueExportRow(
            r.Summary, r.Reporter, r.AcknowledgedAt, r.ResolutionNote,
            r.Duplicate is { } d && (visible is null || visible.Contains(d.SpaceId)) ? new IssueKey(d.Key, d.Number).ToString() : null,
            r.Summary.SlaTimes is { } times ? SlaRules.StateAt(times, now) : null)).ToList(), page.Total, page.Page, page.Size);
    }

    /// <summary>
    /// One page of a filtered list: the page's ids are found first, sorted on the list index alone, then only those
    /// rows are read and projected. Over several spaces the database cannot walk one index in the list's order and
    /// sorts every match; sorting the index's keys instead of whole rows (descriptions included) is what keeps such a
    /// list fast (bench/RESULTS.md has the figures).
    /// </summary>
    private static async Task<PagedResult<T>> PageAsync<T>(
        ApplicationDbContext db, IQueryable<Issue> filtered, IssueQuery query, Expression<Func<Issue, T>> projection, CancellationToken ct)
    {
        var total = await filtered.CountAsync(ct);
        if (total <= (query.Page - 1) * query.Size) return new PagedResult<T>([], total, query.Page, query.Size);
        var ids = query.Order(filtered).Skip((query.Page - 1) * query.Size).Take(query.Size).Select(i => i.Id);
        var items = await query.Order(db.Issues.AsNoTracking().Where(i => ids.Contains(i.Id))).Select(projection).ToListAsync(ct);
        return new PagedResult<T>(items, total, query.Page, query.Size);
    }

    /// <summary>The rows of these issues that the actor may see (a live list refreshing the rows it shows).</summary>
    public async Task<IReadOnlyList<IssueSummaryDto>> SummariesAsync(IReadOnlyCollection<Guid> ids, Guid actorId, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        if (ids.Count > PageRequest.MaxSize) throw new ValidationException("ids", $"At most {PageRequest.MaxSize} issues at once.");
        var wanted = ids.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (await VisibleAsync(db, actorId, ct)).Where(i => wanted.Contains(i.Id)).Select(Projections.IssueSummary).ToListAsync(ct);
    }

    /// <summary>One issue, or null when it does not exist or the actor may not see it.</summary>
    public async Task<IssueDto?> GetAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var issue = await IssueForReader.For(db)(db, id, actorId, ct);
        return issue is null ? null : issue with { Sla = SlaRules.At(issue.SlaTimes, clock.GetUtcNow().UtcDateTime) };
    }

    /// <summary>
    /// <see cref="GetAsync"/>'s read in one compiled command: the issue, whether the actor may see it (<see cref="Access"/>'s
    /// rule: a member of its space or an instance admin, not deactivated) and whether they watch it. A read by id is
    /// the API's most frequent call, and for it EF preparing commands costs far more than SQLite running them
    /// (bench/RESULTS.md, "Per-request budget"): one compiled command, one round trip.
    /// </summary>
    private static readonly PerModel<Func<ApplicationDbContext, Guid, Guid, CancellationToken, Task<IssueDto?>>> IssueForReader =
        new(() => EF.CompileAsyncQuery(Projections.WithWatching<ApplicationDbContext, Guid, Guid, CancellationToken, IssueDto?>((db, id, actorId, ct) => db.Issues.AsNoTracking()
            .Where(i => i.Id == id
                        && (db.SpaceMembers.Any(m => m.SpaceId == i.SpaceId && m.UserId == actorId && m.User.DeactivatedAt == null)
                            || db.Users.Any(u => u.Id == actorId && u.IsAdmin && u.DeactivatedAt == null)))
            .Select(i => Projections.IssueWatched(i, db.IssueWatchers.Any(w => w.IssueId == i.Id && w.UserId == actorId && w.Watching)))
            .SingleOrDefault())));

    /// <summary>One issue by its key (<c>CUST-42</c>), or null.</summary>
    /// <summary>
    /// The id of the issue with this key, whoever may see it: only for turning a key in an address into the id the
    /// address's own access check then uses (an issue one may not see answers as one that does not exist).
    /// </summary>
    public async Task<Guid?> IdOfKeyAsync(IssueKey key, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Issues.Where(i => i.Space.Key == key.SpaceKey && i.Number == key.Number).Select(i => (Guid?)i.Id).SingleOrDefaultAsync(ct);
    }

    public async Task<IssueDto?> GetByKeyAsync(string key, Guid actorId, CancellationToken ct = default)
    {
        if (!IssueKey.TryParse(key, out var issueKey)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (await VisibleAsync(db, actorId, ct))
            .Where(i => i.Space.Key == issueKey.SpaceKey && i.Number == issueKey.Number)
            .Select(Projections.Issue)
            .SingleOrDefaultAsync(ct) is { } issue ? (await ForReaderAsync(db, [issue], actorId, ct))[0] : null;
    }

    /// <summary>The issue's history, oldest first; null when the actor may not see the issue.</summary>
    public async Task<PagedResult<HistoryEntryDto>?> HistoryAsync(Guid id, int page, int size, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(page, size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await IsVisibleAsync(db, id, actorId, ct)) return null;
        return await WithoutUnseenKeysAsync(db, await HistoryOf(db, id).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .Select(Projections.HistoryEntry)
            .ToPageAsync(page, size, ct), actorId, ct);
    }

    /// <summary>The newest <paramref name="count"/> history entries, oldest first, with the total; null when invisible.</summary>
    public async Task<PagedResult<HistoryEntryDto>?> LatestHistoryAsync(Guid id, int count, Guid actorId, CancellationToken ct = default)
    {
        Paging.ValidateLatest(count);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await IsVisibleAsync(db, id, actorId, ct)) return null;
        return await WithoutUnseenKeysAsync(db, await HistoryOf(db, id).OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Select(Projections.HistoryEntry)
            .ToLatestAsync(count, ct), actorId, ct);
    }

    /// <summary>
    /// A link line names the other issue by its key ("blocks FIN-7"); to a reader who may not see that issue's space,
    /// it keeps only the kind of link, so history tells no more than the links list, which leaves such a link out.
    /// </summary>
    private static async Task<PagedResult<HistoryEntryDto>> WithoutUnseenKeysAsync(
        ApplicationDbContext db, PagedResult<HistoryEntryDto> page, Guid actorId, CancellationToken ct)
    {
        static bool IsLink(HistoryEntryDto e) => e.Action is IssueEventKind.LinkAdded or IssueEventKind.LinkRemoved;
        if (!page.Items.Any(IsLink)) return page;
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        if (spaces is null) return page;
        var seen = (await db.Spaces.Where(s => spaces.Contains(s.Id)).Select(s => s.Key).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string? Hide(string? value) =>
            value?.Split(' ', 2) is [var link, var key] && !(IssueKey.TryParse(key, out var k) && seen.Contains(k.SpaceKey)) ? link : value;
        return page with { Items = [.. page.Items.Select(e => IsLink(e) ? e with { OldValue = Hide(e.OldValue), NewValue = Hide(e.NewValue) } : e)] };
    }

    /// <summary>Whether the actor may see the issue (it exists and is in one of their spaces).</summary>
    internal static async Task<bool> IsVisibleAsync(ApplicationDbContext db, Guid issueId, Guid actorId, CancellationToken ct) =>
        await (await VisibleAsync(db, actorId, ct)).AnyAsync(i => i.Id == issueId, ct);

    /// <summary>The issues of the spaces the actor may see.</summary>
    private static async Task<IQueryable<Issue>> VisibleAsync(ApplicationDbContext db, Guid actorId, CancellationToken ct)
    {
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        return spaces is null ? db.Issues.AsNoTracking() : db.Issues.AsNoTracking().Where(i => spaces.Contains(i.SpaceId));
    }

    private static IQueryable<IssueEvent> HistoryOf(ApplicationDbContext db, Guid issueId) => db.IssueEvents.Where(e => e.IssueId == issueId);

    /// <summary>The issues the actor may see that <paramref name="query"/> selects (its filters: <see cref="IssueQuery"/>).</summary>
    private async Task<IQueryable<Issue>> FilterAsync(ApplicationDbContext db, IssueQuery query, Guid actorId, CancellationToken ct)
    {
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        var issues = db.Issues.AsNoTracking();
        // One space asked for: checked here, so the SQL is a plain equality on the list index rather than an IN list.
        if (query.SpaceId is { } spaceId)
        {
            if (spaces is not null && !spaces.Contains(spaceId)) return issues.Where(_ => false);
        }
        else if (spaces is not null) issues = issues.Where(i => spaces.Contains(i.SpaceId));
        var now = clock.GetUtcNow().UtcDateTime;
        return query.Where(issues, db, actorId, now, now - RecentlyResolvedWindow);
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Insights;

/// <summary>
/// The numbers a data-quality lead runs a team on (README, "Stop a pipeline on bad data"): the insights page and
/// <c>GET /api/insights</c> both read them here. A period's issues are read as the few columns the figures need, on the
/// indexes by space and date, and the percentiles are computed here: the same on every database.
/// </summary>
/// <remarks>Errors: 404 for a space or product the actor cannot see; 400 for a bad period.</remarks>
public sealed class InsightService(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(90);
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(731);
    private const int NoisiestCount = 10;

    public async Task<InsightsDto> GetAsync(InsightsQuery query, Guid actorId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Until now, this very second included.
        var to = query.To ?? now.AddSeconds(1);
        var from = query.From ?? to - DefaultPeriod;
        var errors = new ValidationErrors();
        if (from >= to) errors.Add("from", "The period must start before it ends.");
        else if (to - from > MaxPeriod) errors.Add("from", $"The period can be at most {MaxPeriod.TotalDays:0} days.");
        errors.ThrowIfAny();

        Scope scope;
        await using (var db = await dbFactory.CreateDbContextAsync(ct)) scope = await ScopeAsync(db, query, actorId, ct);

        // The reads are independent of each other, so each runs on a connection of its own, side by side: readers
        // never wait for each other on either database, and the call takes about as long as its slowest read.
        // The period's issues are read once, as the few columns three figures need (opened, the weeks, MTTA): reading
        // the same rows' timestamps (stored as text) three times was most of this call's time (bench/RESULTS.md).
        var periodRead = ReadAsync(db => scope.Issues(db).Where(i => i.CreatedAt >= from && i.CreatedAt < to)
            .Select(i => new Opened(i.Priority, i.ProductId, i.CreatedAt, i.AcknowledgedAt))
            .ToListAsync(ct), ct);
        var breachedRead = ReadAsync(db => scope.Issues(db).Where(i => i.CreatedAt >= from && i.CreatedAt < to)
            .Where(SlaRules.InState([SlaState.Breached], now))
            .GroupBy(i => i.Priority)
            .Select(g => new OpenCount(g.Key, null, g.Count()))
            .ToListAsync(ct), ct);
        var resolvedRead = ReadAsync(db => scope.Issues(db).Where(i => i.ResolvedAt >= from && i.ResolvedAt < to)
            .Select(i => new Resolved(i.Priority, i.ProductId, i.AlertId, i.CreatedAt, i.ResolvedAt!.Value, i.Resolution))
            .ToListAsync(ct), ct);
        // Open now by priority and by product: two counts an index each answers alone (one grouped by both would read
        // every open row of the scope).
        // Grouped by status too, so the (space or product, status, priority) index answers it without reading a row.
        var openByPriorityRead = ReadAsync(db => scope.Issues(db).Where(i => i.Status != IssueStatus.Resolved)
            .GroupBy(i => new { i.Status, i.Priority })
            .Select(g => new OpenCount(g.Key.Priority, null, g.Count()))
            .ToListAsync(ct), ct);
        var productsRead = ReadAsync(db => ProductsOfScopeAsync(db, scope, ct), ct);
        var noisiestRead = ReadAsync(db => EpisodesAsync(db, scope, from, to, ct), ct);
        await Task.WhenAll(periodRead, breachedRead, resolvedRead, openByPriorityRead, productsRead, noisiestRead);
        var (period, breached, resolved, openByPriority) = (periodRead.Result, breachedRead.Result, resolvedRead.Result, openByPriorityRead.Result);
        var (products, openByProduct) = productsRead.Result;
        var opened = period.GroupBy(i => (i.Priority, i.ProductId)).Select(g => new OpenedCount(g.Key.Priority, g.Key.ProductId, g.Count())).ToList();

        InsightFigures Figures(Func<IssuePriority, bool> priority) => new(
            opened.Where(o => priority(o.Priority)).Sum(o => o.Count),
            resolved.Count(r => priority(r.Priority)),
            openByPriority.Where(o => priority(o.Priority)).Sum(o => o.Count),
            Percentiles.Of(period.Where(i => i.AcknowledgedAt is not null && priority(i.Priority)).Select(i => i.AcknowledgedAt!.Value - i.CreatedAt)),
            Percentiles.Of(resolved.Where(r => priority(r.Priority)).Select(r => r.ResolvedAt - r.CreatedAt)),
            breached.Where(b => priority(b.Priority)).Sum(b => b.Count));

        var all = Figures(_ => true);
        return new InsightsDto(
            from, to, all.Opened, all.Resolved, all.OpenNow, all.MttaSeconds, all.MttrSeconds, all.SlaBreached,
            new InsightsByPriority(
                Figures(p => p == IssuePriority.Critical), Figures(p => p == IssuePriority.High),
                Figures(p => p == IssuePriority.Medium), Figures(p => p == IssuePriority.Low)),
            ByResolution(resolved),
            ByProduct(products, opened, resolved, openByProduct),
            Weekly(from, to, period, resolved),
            Noisiest(noisiestRead.Result, resolved));
    }

    private async Task<T> ReadAsync<T>(Func<ApplicationDbContext, Task<T>> read, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await read(db);
    }

    /// <summary>
    /// The products of the scope (they may have open issues and nothing in the period) with their names, and the open
    /// issues of each, counted on the (product, status, priority) index.
    /// </summary>
    private static async Task<(Dictionary<Guid, string> Names, List<OpenCount> Open)> ProductsOfScopeAsync(
        ApplicationDbContext db, Scope scope, CancellationToken ct)
    {
        var products = db.Products.AsNoTracking();
        if (scope.ProductId is { } productId) products = products.Where(p => p.Id == productId);
        else if (scope.SpaceId is { } spaceId) products = products.Where(p => p.SpaceId == spaceId);
        else if (scope.Spaces is { } spaces) products = products.Where(p => spaces.Contains(p.SpaceId));
        var names = await products.Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var ids = names.Keys.ToList();
        var open = ids.Count == 0 ? [] : await db.Issues
            .Where(i => ids.Contains(i.ProductId!.Value) && i.Status != IssueStatus.Resolved)
            .GroupBy(i => i.ProductId)
            .Select(g => new OpenCount(IssuePriority.Low, g.Key, g.Count()))
            .ToListAsync(ct);
        return (names, open);
    }

    /// <summary>The issues of the scope: one product, one space, or every space the actor may see.</summary>
    private static async Task<Scope> ScopeAsync(ApplicationDbContext db, InsightsQuery query, Guid actorId, CancellationToken ct)
    {
        if (query.ProductId is { } productId)
        {
            var product = await db.Products.Where(p => p.Id == productId).Select(p => new { p.SpaceId }).SingleOrDefaultAsync(ct);
            if (product is null || await Access.RoleInSpaceAsync(db, actorId, product.SpaceId, ct) is null) throw new NotFoundException("Product");
            if (query.SpaceId is { } s && s != product.SpaceId) throw new ValidationException("product_id", "The product is not in this space.");
            return new Scope(productId, null, null);
        }
        if (query.SpaceId is { } spaceId)
        {
            if (await Access.RoleInSpaceAsync(db, actorId, spaceId, ct) is null) throw new NotFoundException("Space");
            return new Scope(null, spaceId, null);
        }
        return new Scope(null, null, await Access.VisibleSpaceIdsAsync(db, actorId, ct));
    }

    private static InsightsByResolution ByResolution(List<Resolved> resolved)
    {
        int Count(IssueResolution? r) => resolved.Count(x => x.Resolution == r);
        return new InsightsByResolution(
            Count(IssueResolution.Fixed), Count(IssueResolution.FalsePositive), Count(IssueResolution.ExpectedChange),
            Count(IssueResolution.Duplicate), Count(IssueResolution.WontFix), Count(IssueResolution.Other), Count(null));
    }

    /// <summary>Products with anything open or done in the period, most open issues first, then slowest to resolve.</summary>
    private static IReadOnlyList<ProductInsight> ByProduct(
        Dictionary<Guid, string> names, List<OpenedCount> opened, List<Resolved> resolved, List<OpenCount> openNow)
    {
        var ids = opened.Select(o => o.ProductId).Concat(resolved.Select(r => r.ProductId)).Concat(openNow.Select(o => o.ProductId))
            .OfType<Guid>().Distinct().ToList();
        return ids.Where(names.ContainsKey)
            .Select(id => new ProductInsight(
                new NamedRef(id, names[id]),
                opened.Where(o => o.ProductId == id).Sum(o => o.Count),
                openNow.Where(o => o.ProductId == id).Sum(o => o.Count),
                Percentiles.Of(resolved.Where(r => r.ProductId == id).Select(r => r.ResolvedAt - r.CreatedAt))))
            .OrderByDescending(p => p.OpenNow).ThenByDescending(p => p.MttrSeconds.P50 ?? -1).ThenBy(p => p.Product.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every ISO week the period touches, oldest first, even those where nothing happened (a chart needs them).</summary>
    private static IReadOnlyList<WeekInsight> Weekly(DateTime from, DateTime to, List<Opened> opened, List<Resolved> resolved)
    {
        var weeks = new List<WeekInsight>();
        var openedByWeek = opened.ToLookup(i => WeekStart(i.CreatedAt));
        var resolvedByWeek = resolved.ToLookup(r => WeekStart(r.ResolvedAt));
        for (var start = WeekStart(from); start < to; start = start.AddDays(7))
        {
            var done = resolvedByWeek[start].ToList();
            weeks.Add(new WeekInsight(WeekName(start), start, openedByWeek[start].Count(), done.Count, Percentiles.Of(done.Select(r => r.ResolvedAt - r.CreatedAt))));
        }
        return weeks;
    }

    /// <summary>
    /// The checks that fired most in the period: each firing episode writes an <c>alert_fired</c> history line on its
    /// issue (opened, reopened or noted), counted here per alert.
    /// </summary>
    private static async Task<List<Episodes>> EpisodesAsync(ApplicationDbContext db, Scope scope, DateTime from, DateTime to, CancellationToken ct)
    {
        var alerts = db.Alerts.AsNoTracking();
        if (scope.ProductId is { } productId) alerts = alerts.Where(a => a.ProductId == productId);
        else if (scope.SpaceId is { } spaceId) alerts = alerts.Where(a => a.SpaceId == spaceId);
        else if (scope.Spaces is { } spaces) alerts = alerts.Where(a => spaces.Contains(a.SpaceId));
        // Driven from the scope's alerts (a few), their issues (by the alert index) and then their history lines by
        // issue and time: the history table holds millions of lines and must not be read through.
        var episodes = await alerts
            .Join(db.Issues, a => a.Id, i => i.AlertId, (a, i) => new { AlertId = a.Id, IssueId = i.Id })
            .Join(db.IssueEvents.Where(e => e.Kind == IssueEventKind.AlertFired && e.CreatedAt >= from && e.CreatedAt < to),
                x => x.IssueId, e => e.IssueId, (x, e) => x.AlertId)
            .GroupBy(alertId => alertId)
            .Select(g => new { AlertId = g.Key, Episodes = g.Count() })
            .OrderByDescending(g => g.Episodes)
            .Take(NoisiestCount)
            .ToListAsync(ct);
        if (episodes.Count == 0) return [];
        var ids = episodes.Select(e => e.AlertId).ToList();
        var checks = await db.Alerts.Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Check }).ToDictionaryAsync(a => a.Id, a => a.Check, ct);
        return episodes.Select(e => new Episodes(e.AlertId, checks.GetValueOrDefault(e.AlertId, ""), e.Episodes)).ToList();
    }

    /// <summary>The noisiest checks, with their false positives: the alert's issues resolved so in the period.</summary>
    private static IReadOnlyList<NoisyAlert> Noisiest(List<Episodes> episodes, List<Resolved> resolved) => episodes
        .Select(e => new NoisyAlert(new AlertCheckRef(e.AlertId, e.Check), e.Count,
            resolved.Count(r => r.AlertId == e.AlertId && r.Resolution == IssueResolution.FalsePositive)))
        .OrderByDescending(n => n.Episodes).ThenByDescending(n => n.FalsePositive).ThenBy(n => n.Alert.Check, StringComparer.Ordinal)
        .ToList();

    /// <summary>Monday 00:00 UTC of the ISO week <paramref name="at"/> falls in.</summary>
    internal static DateTime WeekStart(DateTime at)
    {
        var day = at.Date;
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    internal static string WeekName(DateTime weekStart) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(weekStart)}-W{ISOWeek.GetWeekOfYear(weekStart):00}");

    private sealed record OpenedCount(IssuePriority Priority, Guid? ProductId, int Count);

    /// <summary>Where the figures are read from: one product, one space, or the spaces the actor may see (null: all).</summary>
    private sealed record Scope(Guid? ProductId, Guid? SpaceId, List<Guid>? Spaces)
    {
        public IQueryable<Issue> Issues(ApplicationDbContext db)
        {
            var issues = db.Issues.AsNoTracking();
            if (ProductId is { } productId) return issues.Where(i => i.ProductId == productId);
            if (SpaceId is { } spaceId) return issues.Where(i => i.SpaceId == spaceId);
            return Spaces is { } spaces ? issues.Where(i => spaces.Contains(i.SpaceId)) : issues;
        }
    }

    private sealed record Opened(IssuePriority Priority, Guid? ProductId, DateTime CreatedAt, DateTime? AcknowledgedAt);

    private sealed record Episodes(Guid AlertId, string Check, int Count);

    private sealed record Resolved(IssuePriority Priority, Guid? ProductId, Guid? AlertId, DateTime CreatedAt, DateTime ResolvedAt, IssueResolution? Resolution);

    private sealed record OpenCount(IssuePriority Priority, Guid? ProductId, int Count);
}

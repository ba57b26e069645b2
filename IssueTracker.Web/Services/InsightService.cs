using System.Globalization;
using IssueTracker.Web.Contracts;
using IssueTracker.Web.Data;
using IssueTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

/// <summary>
/// The numbers a data-quality lead runs a team on (api-v2.md, "Insights and health"): the insights page and
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

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var issues = await ScopeAsync(db, query, actorId, ct);

        // The period's issues are counted where they are, and read only as the columns a figure cannot count: reading
        // tens of thousands of rows' timestamps (stored as text) was most of this call's time (bench/RESULTS.md).
        var inPeriod = issues.Where(i => i.CreatedAt >= from && i.CreatedAt < to);
        var opened = await inPeriod.GroupBy(i => new { i.Priority, i.ProductId })
            .Select(g => new OpenedCount(g.Key.Priority, g.Key.ProductId, g.Count()))
            .ToListAsync(ct);
        var openedAt = await inPeriod.Select(i => i.CreatedAt).ToListAsync(ct);
        var acknowledged = await inPeriod.Where(i => i.AcknowledgedAt != null)
            .Select(i => new Acknowledged(i.Priority, i.CreatedAt, i.AcknowledgedAt!.Value))
            .ToListAsync(ct);
        var breached = await inPeriod.Where(SlaRules.InState([SlaState.Breached], now))
            .GroupBy(i => i.Priority)
            .Select(g => new OpenCount(g.Key, null, g.Count()))
            .ToListAsync(ct);
        var resolved = await issues.Where(i => i.ResolvedAt >= from && i.ResolvedAt < to)
            .Select(i => new Resolved(i.Priority, i.ProductId, i.AlertId, i.CreatedAt, i.ResolvedAt!.Value, i.Resolution))
            .ToListAsync(ct);
        // Open now by priority and by product: two counts an index each answers alone (one grouped by both would read
        // every open row of the scope).
        // Grouped by status too, so the (space or product, status, priority) index answers it without reading a row.
        var openByPriority = await issues.Where(i => i.Status != IssueStatus.Resolved)
            .GroupBy(i => new { i.Status, i.Priority })
            .Select(g => new OpenCount(g.Key.Priority, null, g.Count()))
            .ToListAsync(ct);
        var productIds = opened.Select(o => o.ProductId).Concat(resolved.Select(r => r.ProductId)).OfType<Guid>().Distinct().ToList();
        productIds.AddRange(await ProductsOfScopeAsync(db, query, actorId, ct));
        productIds = productIds.Distinct().ToList();
        var openByProduct = productIds.Count == 0 ? [] : await db.Issues
            .Where(i => productIds.Contains(i.ProductId!.Value) && i.Status != IssueStatus.Resolved)
            .GroupBy(i => i.ProductId)
            .Select(g => new OpenCount(IssuePriority.Low, g.Key, g.Count()))
            .ToListAsync(ct);

        InsightFigures Figures(Func<IssuePriority, bool> priority) => new(
            opened.Where(o => priority(o.Priority)).Sum(o => o.Count),
            resolved.Count(r => priority(r.Priority)),
            openByPriority.Where(o => priority(o.Priority)).Sum(o => o.Count),
            Percentiles.Of(acknowledged.Where(a => priority(a.Priority)).Select(a => a.AcknowledgedAt - a.CreatedAt)),
            Percentiles.Of(resolved.Where(r => priority(r.Priority)).Select(r => r.ResolvedAt - r.CreatedAt)),
            breached.Where(b => priority(b.Priority)).Sum(b => b.Count));

        var all = Figures(_ => true);
        return new InsightsDto(
            from, to, all.Opened, all.Resolved, all.OpenNow, all.MttaSeconds, all.MttrSeconds, all.SlaBreached,
            new InsightsByPriority(
                Figures(p => p == IssuePriority.Critical), Figures(p => p == IssuePriority.High),
                Figures(p => p == IssuePriority.Medium), Figures(p => p == IssuePriority.Low)),
            ByResolution(resolved),
            await ByProductAsync(db, opened, resolved, openByProduct, ct),
            Weekly(from, to, openedAt, resolved),
            await NoisiestAsync(db, query, actorId, resolved, from, to, ct));
    }

    /// <summary>The products of the scope (they may have open issues and nothing in the period).</summary>
    private static async Task<List<Guid>> ProductsOfScopeAsync(ApplicationDbContext db, InsightsQuery query, Guid actorId, CancellationToken ct)
    {
        if (query.ProductId is { } productId) return [productId];
        var products = db.Products.AsNoTracking();
        if (query.SpaceId is { } spaceId) products = products.Where(p => p.SpaceId == spaceId);
        else if (await Access.VisibleSpaceIdsAsync(db, actorId, ct) is { } spaces) products = products.Where(p => spaces.Contains(p.SpaceId));
        return await products.Select(p => p.Id).ToListAsync(ct);
    }

    /// <summary>The alerts of the scope (its checks), as a query to join.</summary>
    private static async Task<IQueryable<Alert>> AlertsOfScopeAsync(ApplicationDbContext db, InsightsQuery query, Guid actorId, CancellationToken ct)
    {
        var alerts = db.Alerts.AsNoTracking();
        if (query.ProductId is { } productId) return alerts.Where(a => a.ProductId == productId);
        if (query.SpaceId is { } spaceId) return alerts.Where(a => a.SpaceId == spaceId);
        return await Access.VisibleSpaceIdsAsync(db, actorId, ct) is { } spaces ? alerts.Where(a => spaces.Contains(a.SpaceId)) : alerts;
    }

    /// <summary>The issues of the scope: one product, one space, or every space the actor may see.</summary>
    private static async Task<IQueryable<Issue>> ScopeAsync(ApplicationDbContext db, InsightsQuery query, Guid actorId, CancellationToken ct)
    {
        var issues = db.Issues.AsNoTracking();
        if (query.ProductId is { } productId)
        {
            var product = await db.Products.Where(p => p.Id == productId).Select(p => new { p.SpaceId }).SingleOrDefaultAsync(ct);
            if (product is null || await Access.RoleInSpaceAsync(db, actorId, product.SpaceId, ct) is null) throw new NotFoundException("Product");
            if (query.SpaceId is { } s && s != product.SpaceId) throw new ValidationException("product_id", "The product is not in this space.");
            return issues.Where(i => i.ProductId == productId);
        }
        if (query.SpaceId is { } spaceId)
        {
            if (await Access.RoleInSpaceAsync(db, actorId, spaceId, ct) is null) throw new NotFoundException("Space");
            return issues.Where(i => i.SpaceId == spaceId);
        }
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        return spaces is null ? issues : issues.Where(i => spaces.Contains(i.SpaceId));
    }

    private static InsightsByResolution ByResolution(List<Resolved> resolved)
    {
        int Count(IssueResolution? r) => resolved.Count(x => x.Resolution == r);
        return new InsightsByResolution(
            Count(IssueResolution.Fixed), Count(IssueResolution.FalsePositive), Count(IssueResolution.ExpectedChange),
            Count(IssueResolution.Duplicate), Count(IssueResolution.WontFix), Count(IssueResolution.Other), Count(null));
    }

    /// <summary>Products with anything open or done in the period, most open issues first, then slowest to resolve.</summary>
    private static async Task<IReadOnlyList<ProductInsight>> ByProductAsync(
        ApplicationDbContext db, List<OpenedCount> opened, List<Resolved> resolved, List<OpenCount> openNow, CancellationToken ct)
    {
        var ids = opened.Select(o => o.ProductId).Concat(resolved.Select(r => r.ProductId)).Concat(openNow.Select(o => o.ProductId))
            .OfType<Guid>().Distinct().ToList();
        if (ids.Count == 0) return [];
        var names = await db.Products.Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
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
    private static IReadOnlyList<WeekInsight> Weekly(DateTime from, DateTime to, List<DateTime> openedAt, List<Resolved> resolved)
    {
        var weeks = new List<WeekInsight>();
        var openedByWeek = openedAt.ToLookup(WeekStart);
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
    /// issue (opened, reopened or noted), counted here per alert; false positives are the alert's issues resolved so.
    /// </summary>
    private static async Task<IReadOnlyList<NoisyAlert>> NoisiestAsync(
        ApplicationDbContext db, InsightsQuery query, Guid actorId, List<Resolved> resolved, DateTime from, DateTime to, CancellationToken ct)
    {
        // Driven from the scope's alerts (a few), their issues (by the alert index) and then their history lines by
        // issue and time: the history table holds millions of lines and must not be read through.
        var alerts = await AlertsOfScopeAsync(db, query, actorId, ct);
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
        return episodes
            .Select(e => new NoisyAlert(new AlertCheckRef(e.AlertId, checks.GetValueOrDefault(e.AlertId, "")), e.Episodes,
                resolved.Count(r => r.AlertId == e.AlertId && r.Resolution == IssueResolution.FalsePositive)))
            .OrderByDescending(n => n.Episodes).ThenByDescending(n => n.FalsePositive).ThenBy(n => n.Alert.Check, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Monday 00:00 UTC of the ISO week <paramref name="at"/> falls in.</summary>
    internal static DateTime WeekStart(DateTime at)
    {
        var day = at.Date;
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    internal static string WeekName(DateTime weekStart) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(weekStart)}-W{ISOWeek.GetWeekOfYear(weekStart):00}");

    private sealed record OpenedCount(IssuePriority Priority, Guid? ProductId, int Count);

    private sealed record Acknowledged(IssuePriority Priority, DateTime CreatedAt, DateTime AcknowledgedAt);

    private sealed record Resolved(IssuePriority Priority, Guid? ProductId, Guid? AlertId, DateTime CreatedAt, DateTime ResolvedAt, IssueResolution? Resolution);

    private sealed record OpenCount(IssuePriority Priority, Guid? ProductId, int Count);
}

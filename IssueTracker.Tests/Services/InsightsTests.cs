using IssueTracker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Tests.Services;

/// <summary>Insights (MTTA, MTTR, breakdowns) and product health, against hand-computed and brute-force numbers.</summary>
public sealed class InsightsTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private IssueService Issues => db.Get<IssueService>();
    private InsightService Insights => db.Get<InsightService>();

    [Fact]
    public async Task MttaAndMttr_AreThePercentilesOfAHandComputedSet()
    {
        // Arrange: four issues opened together; responses after 10 min, 20 min, and at resolution (3 h, 10 h).
        var team = await db.Data.TeamAsync();
        var start = db.Clock.GetUtcNow().UtcDateTime;
        var issues = new List<IssueDto>();
        for (var i = 0; i < 4; i++) issues.Add(await db.Data.IssueAsync(team.Space.Id, team.Member.Id, $"Issue {i}", priority: IssuePriority.High));
        var comments = db.Get<CommentService>();
        async Task At(TimeSpan after) => db.Clock.SetUtcNow(start + after);
        await At(TimeSpan.FromMinutes(10));
        await comments.AddAsync(issues[0].Id, new CommentRequest { Content = "Looking" }, team.Admin.Id);
        await At(TimeSpan.FromMinutes(20));
        await comments.AddAsync(issues[1].Id, new CommentRequest { Content = "Looking" }, team.Admin.Id);
        var resolveAfterHours = new[] { 1, 2, 3, 10 };
        var reasons = new[] { IssueResolution.Fixed, IssueResolution.FalsePositive, IssueResolution.FalsePositive, (IssueResolution?)null };
        for (var i = 0; i < 4; i++)
        {
            await At(TimeSpan.FromHours(resolveAfterHours[i]));
            await Issues.UpdateAsync(issues[i].Id, new UpdateIssueRequest { Status = IssueStatus.Resolved, Resolution = reasons[i] }, team.Admin.Id);
        }
        await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Still open", priority: IssuePriority.Low);

        // Act
        var insights = await Insights.GetAsync(new InsightsQuery(team.Space.Id, From: start, To: db.Clock.GetUtcNow().UtcDateTime.AddSeconds(1)), team.Viewer.Id);

        // Assert: MTTR of [1 h, 2 h, 3 h, 10 h]: p50 between 2 h and 3 h (9,000 s), p90 at 2.7 ranks (28,440 s);
        // MTTA of [10 min, 20 min, 3 h, 10 h]: p50 6,000 s, p90 28,440 s.
        Assert.Equal((5, 4, 1), (insights.Opened, insights.Resolved, insights.OpenNow));
        Assert.Equal(new Percentiles(9000, 28440), insights.MttrSeconds);
        Assert.Equal(new Percentiles(6000, 28440), insights.MttaSeconds);
        Assert.Equal(new Percentiles(9000, 28440), insights.ByPriority.High.MttrSeconds);
        Assert.Equal(new Percentiles(null, null), insights.ByPriority.Low.MttrSeconds);
        Assert.Equal((1, 0), (insights.ByPriority.Low.OpenNow, insights.ByPriority.High.OpenNow));
        Assert.Equal(new InsightsByResolution(1, 2, 0, 0, 0, 0, 1), insights.ByResolution);
        var week = Assert.Single(insights.Weekly, w => w.Opened > 0);
        Assert.Equal((5, 4), (week.Opened, week.Resolved));
    }

    [Fact]
    public async Task Figures_EqualABruteForceComputation_OverEveryIssueOfTheSpace()
    {
        // Arrange: 40 issues over four months with a seeded mix of priorities, products, responses and resolutions.
        var team = await db.Data.TeamAsync();
        var other = await db.Get<ProductService>().CreateAsync(new CreateProductRequest { Name = "payments", SpaceId = team.Space.Id }, team.Admin.Id);
        var random = new Random(42);
        var start = db.Clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < 40; i++)
        {
            db.Clock.SetUtcNow(start.AddHours(i * 70));
            var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, $"Generated {i}", priority: (IssuePriority)random.Next(4),
                productId: random.Next(2) == 0 ? team.Product.Id : other.Id);
            var roll = random.Next(4);
            db.Clock.Advance(TimeSpan.FromMinutes(random.Next(5, 600)));
            if (roll >= 1) await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Admin.Id);
            db.Clock.Advance(TimeSpan.FromMinutes(random.Next(5, 3000)));
            if (roll >= 2) await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved, Resolution = (IssueResolution)random.Next(6) switch { IssueResolution.Duplicate => IssueResolution.Other, var r => r } }, team.Admin.Id);
        }
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var (from, to) = (start.AddDays(20), start.AddDays(80));

        // Act
        var insights = await Insights.GetAsync(new InsightsQuery(team.Space.Id, From: from, To: to), team.Member.Id);

        // Assert: the same numbers from every row of the space, computed the plain way.
        await using var context = db.NewContext();
        var all = await context.Issues.Where(i => i.SpaceId == team.Space.Id).ToListAsync();
        var opened = all.Where(i => i.CreatedAt >= from && i.CreatedAt < to).ToList();
        var resolved = all.Where(i => i.ResolvedAt >= from && i.ResolvedAt < to).ToList();
        Assert.Equal(opened.Count, insights.Opened);
        Assert.Equal(resolved.Count, insights.Resolved);
        Assert.Equal(all.Count(i => i.Status != IssueStatus.Resolved), insights.OpenNow);
        Assert.Equal(Plain(opened.Where(i => i.AcknowledgedAt != null).Select(i => (i.AcknowledgedAt!.Value - i.CreatedAt).TotalSeconds)), insights.MttaSeconds);
        Assert.Equal(Plain(resolved.Select(i => (i.ResolvedAt!.Value - i.CreatedAt).TotalSeconds)), insights.MttrSeconds);
        Assert.Equal(Plain(resolved.Where(i => i.Priority == IssuePriority.Critical).Select(i => (i.ResolvedAt!.Value - i.CreatedAt).TotalSeconds)), insights.ByPriority.Critical.MttrSeconds);
        Assert.Equal(resolved.Count(i => i.Resolution == IssueResolution.FalsePositive), insights.ByResolution.FalsePositive);
        foreach (var product in insights.ByProduct)
        {
            Assert.Equal(opened.Count(i => i.ProductId == product.Product.Id), product.Opened);
            Assert.Equal(all.Count(i => i.ProductId == product.Product.Id && i.Status != IssueStatus.Resolved), product.OpenNow);
        }
        Assert.Equal(opened.Count, insights.Weekly.Sum(w => w.Opened));
        Assert.Equal(resolved.Count, insights.Weekly.Sum(w => w.Resolved));
        Assert.True(now > to);
    }

    // The percentile written out again: sort, then interpolate between the two nearest ranks.
    private static Percentiles Plain(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToList();
        if (v.Count == 0) return new Percentiles(null, null);
        long At(double p)
        {
            var rank = p * (v.Count - 1);
            var lo = (int)rank;
            var hi = Math.Min(lo + 1, v.Count - 1);
            return (long)Math.Round(v[lo] + (v[hi] - v[lo]) * (rank - lo), MidpointRounding.AwayFromZero);
        }
        return new Percentiles(At(0.5), At(0.9));
    }

    [Fact]
    public async Task Insights_OfAnInvisibleSpace_IsNotFound_AndABadPeriodIsRefused()
    {
        var team = await db.Data.TeamAsync();
        var stranger = await db.Data.UserAsync("Olga Outsider");

        await Assert.ThrowsAsync<NotFoundException>(() => Insights.GetAsync(new InsightsQuery(team.Space.Id), stranger.Id));
        var bad = await Assert.ThrowsAsync<ValidationException>(() => Insights.GetAsync(new InsightsQuery(team.Space.Id, From: DateTime.UtcNow, To: DateTime.UtcNow.AddDays(-1)), team.Member.Id));
        Assert.Contains("from", bad.Errors.Keys);
        // Without a space: only the spaces the caller sees count.
        Assert.Equal(0, (await Insights.GetAsync(new InsightsQuery(), stranger.Id)).Opened);
    }

    [Fact]
    public async Task ProductHealth_CountsOpenAndInProgressTogether_SinceTheOldestOfThem()
    {
        // Arrange: two high issues, the older one picked up, and one resolved (which does not count).
        var team = await db.Data.TeamAsync();
        var older = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Older", priority: IssuePriority.High, productId: team.Product.Id);
        db.Clock.Advance(TimeSpan.FromMinutes(5));
        await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Newer", priority: IssuePriority.High, productId: team.Product.Id);
        var done = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Done", priority: IssuePriority.High, productId: team.Product.Id);
        await Issues.UpdateAsync(older.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Member.Id);
        await Issues.UpdateAsync(done.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved }, team.Member.Id);

        // Act
        var health = await db.Get<ProductService>().HealthAsync(team.Product.Id, team.Viewer.Id);

        // Assert
        Assert.Equal((ProductHealthStatus.Degraded, new OpenIssueCounts(0, 2, 0, 0), (DateTime?)older.CreatedAt), (health!.Status, health.OpenIssues, health.Since));
    }

    [Fact]
    public async Task ProductHealth_IsHealthy_Degraded_Failing_AsItsIssuesAndAlertsSay()
    {
        var team = await db.Data.TeamAsync();
        var products = db.Get<ProductService>();
        ProductHealthStatus StatusOf(ProductHealthDto? h) => h!.Status;

        var fresh = await products.HealthAsync(team.Product.Id, team.Viewer.Id);
        Assert.Equal((ProductHealthStatus.Healthy, (DateTime?)null), (fresh!.Status, fresh.Since));

        var high = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Slow", priority: IssuePriority.High, productId: team.Product.Id);
        var degraded = await products.HealthAsync(team.Product.Id, team.Viewer.Id);
        Assert.Equal((ProductHealthStatus.Degraded, new OpenIssueCounts(0, 1, 0, 0), (DateTime?)high.CreatedAt), (degraded!.Status, degraded.OpenIssues, degraded.Since));

        var critical = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Broken", priority: IssuePriority.Critical, productId: team.Product.Id);
        Assert.Equal(ProductHealthStatus.Failing, StatusOf(await products.HealthAsync(team.Product.Id, team.Viewer.Id)));

        db.Clock.Advance(TimeSpan.FromHours(1));
        await Issues.UpdateAsync(critical.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved }, team.Member.Id);
        await Issues.UpdateAsync(high.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved }, team.Member.Id);
        var healthy = await products.HealthAsync(team.Product.Id, team.Viewer.Id);
        Assert.Equal((ProductHealthStatus.Healthy, (DateTime?)db.Clock.GetUtcNow().UtcDateTime), (healthy!.Status, healthy.Since));

        // A firing schema alert alone fails it; an outsider gets nothing.
        await db.Get<AlertService>().ReportAsync(new ReportAlertRequest { ProductId = team.Product.Id, Check = "orders.schema", Kind = AlertKind.Schema, Status = AlertStatus.Firing, Title = "Column dropped" }, team.Admin.Id);
        var failing = await products.HealthAsync(team.Product.Id, team.Viewer.Id);
        Assert.Equal((ProductHealthStatus.Failing, 1), (failing!.Status, failing.FiringAlerts));
        Assert.Null(await products.HealthAsync(team.Product.Id, (await db.Data.UserAsync("Olga Outsider")).Id));
    }
}

using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Services;

/// <summary>The demo team that <c>dotnet run</c> shows a new user, seeded through the services into a fresh database.</summary>
public sealed class DemoDataTests : IAsyncLifetime
{
    private readonly TestDatabase db = new();
    private Guid jane;

    public async Task InitializeAsync()
    {
        await db.InitializeAsync();
        await using var scope = db.Services.CreateAsyncScope();
        await DemoData.SeedAsync(scope.ServiceProvider, db.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        jane = (await db.Get<TokenService>().AuthenticateAsync(DemoData.DemoApiToken))!.Value;
    }

    public Task DisposeAsync() => db.DisposeAsync();

    [Fact]
    public async Task Seed_ThreeSpacesOfIssues_NumberedInTheOrderTheyWereOpened()
    {
        // Arrange
        var spaces = (await db.Get<SpaceService>().ListAsync(1, 20, jane)).Items;

        // Act
        var perSpace = new List<IReadOnlyList<IssueDto>>();
        foreach (var space in spaces)
            perSpace.Add((await db.Get<IssueService>().ListAsync(new IssueQuery { SpaceId = space.Id, Sort = IssueSortField.CreatedAt, Descending = false, Size = 100 }, jane)).Items);
        Assert.All(perSpace, issues => Assert.True(issues.Count < 100, "a space outgrew the page this test reads"));

        // Assert
        Assert.Equal(["CUST", "FIN", "MKT"], spaces.Select(s => s.Key));
        Assert.All(perSpace, issues =>
        {
            Assert.InRange(issues.Count, DemoData.PersonIssuesPerSpace + 2, 100);
            Assert.Equal(Enumerable.Range(1, issues.Count).Select(n => $"-{n}"), issues.Select(i => i.Key[i.Key.IndexOf('-')..]));
            Assert.All(issues, i => Assert.True(i.CreatedAt < db.Clock.GetUtcNow().UtcDateTime && i.UpdatedAt >= i.CreatedAt));
            Assert.Equal(3, issues.Select(i => i.Status).Distinct().Count());
        });
    }

    [Fact]
    public async Task Seed_EveryChangeIsInTheHistory_AtItsOwnTime()
    {
        // Arrange
        var issues = (await db.Get<IssueService>().ListAsync(new IssueQuery { Size = 100 }, jane)).Items;

        // Act
        var histories = new List<(IssueDto Issue, IReadOnlyList<HistoryEntryDto> Entries)>();
        foreach (var issue in issues)
            histories.Add((issue, (await db.Get<IssueService>().HistoryAsync(issue.Id, 1, 100, jane))!.Items));

        // Assert
        Assert.All(histories, h =>
        {
            Assert.Equal(IssueEventKind.Created, h.Entries[0].Action);
            Assert.Equal(h.Issue.CreatedAt, h.Entries[0].Timestamp);
            Assert.Equal(h.Issue.UpdatedAt, h.Entries[^1].Timestamp);
            Assert.Equal(h.Entries.OrderBy(e => e.Timestamp).Select(e => e.Id), h.Entries.Select(e => e.Id));
            if (h.Issue.Status == IssueStatus.Resolved) Assert.Equal(h.Issue.ResolvedAt, h.Entries.Last(e => e.Action == IssueEventKind.StatusChanged).Timestamp);
        });
        Assert.Contains(histories, h => h.Entries.Any(e => e.Action == IssueEventKind.CommentAdded));
        Assert.Contains(histories, h => h.Entries.Any(e => e.Action == IssueEventKind.AssigneeChanged));
    }

    [Fact]
    public async Task Seed_FailingCheckHasAnOpenIssue_PassingCheckResolvedItsIssue_ByTheQualityMonitor()
    {
        // Arrange
        var alerts = (await db.Get<AlertService>().ListAsync(new AlertQuery { Size = 100 }, jane)).Items;

        // Act
        var issues = new List<IssueDto>();
        foreach (var alert in alerts)
            issues.AddRange((await db.Get<IssueService>().ListAsync(new IssueQuery { AlertId = alert.Id, Size = 100 }, jane)).Items);

        // Assert: per space a failing check, a recovered one, and a noisy one that fired again and again.
        Assert.Equal(9, alerts.Count);
        Assert.Equal(3, alerts.Count(a => a.Status == AlertStatus.Firing));
        Assert.All(alerts, a => Assert.Equal(a.Status == AlertStatus.Firing ? IssueStatus.Open : IssueStatus.Resolved, a.Issue!.Status));
        Assert.InRange(issues.Count, 6 + 3 * 8, 6 + 3 * 14);
        Assert.All(issues, i => Assert.Equal(SystemUsers.QualityMonitorName, i.Reporter.Name));
        Assert.All(issues, i => Assert.Contains("is failing", i.Description));
    }

    [Fact]
    public async Task Seed_InsightsTellAStory_MoreIssuesLately_FasterResolves_AndANoisyCheckOfFalsePositives()
    {
        var spaces = (await db.Get<SpaceService>().ListAsync(1, 20, jane)).Items;
        var now = db.Clock.GetUtcNow().UtcDateTime;

        foreach (var space in spaces)
        {
            var insights = await db.Get<InsightService>().GetAsync(new InsightsQuery(space.Id, From: now.AddDays(-DemoData.HistoryDays), To: now), jane);

            var weeks = insights.Weekly;
            Assert.True(weeks.TakeLast(4).Sum(w => w.Opened) > weeks.Take(4).Sum(w => w.Opened), $"{space.Key}: more issues lately");
            // The median week of the first six against the last six (one slow alert issue must not decide it).
            static double Median(IEnumerable<long> values) => values.Order().ToArray() is { Length: > 0 } v ? v[v.Length / 2] : double.MaxValue;
            var early = Median(weeks.Where(w => w.MttrSeconds.P50 is not null).Take(6).Select(w => w.MttrSeconds.P50!.Value));
            var late = Median(weeks.Where(w => w.MttrSeconds.P50 is not null).TakeLast(6).Select(w => w.MttrSeconds.P50!.Value));
            Assert.True(late < early, $"{space.Key}: resolved faster lately ({late:0} s vs {early:0} s)");
            var noisiest = insights.NoisiestAlerts[0];
            Assert.EndsWith("_null_rate", noisiest.Alert.Check);
            Assert.InRange(noisiest.Episodes, 8, 14);
            // Each episode's issue was a false positive; an episode within the reopen window reopens the last one instead.
            Assert.InRange(noisiest.FalsePositive, noisiest.Episodes * 3 / 4, noisiest.Episodes);
            Assert.True(insights.ByResolution.Fixed > insights.ByResolution.FalsePositive - noisiest.FalsePositive);
            Assert.True(insights.SlaBreached > 0);
        }
    }
}

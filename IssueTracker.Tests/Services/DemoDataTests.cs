using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Contracts;
using IssueTracker.Web.Domain;
using IssueTracker.Web.Services;
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
    public async Task Seed_ThreeSpacesOfTwentyIssues_NumberedInTheOrderTheyWereOpened()
    {
        // Arrange
        var spaces = (await db.Get<SpaceService>().ListAsync(1, 20, jane)).Items;

        // Act
        var perSpace = new List<IReadOnlyList<IssueDto>>();
        foreach (var space in spaces)
            perSpace.Add((await db.Get<IssueService>().ListAsync(new IssueQuery { SpaceId = space.Id, Sort = IssueSortField.CreatedAt, Descending = false, Size = 100 }, jane)).Items);

        // Assert
        Assert.Equal(["CUST", "FIN", "MKT"], spaces.Select(s => s.Key));
        Assert.All(perSpace, issues =>
        {
            Assert.Equal(20, issues.Count);
            Assert.Equal(Enumerable.Range(1, 20).Select(n => $"-{n}"), issues.Select(i => i.Key[i.Key.IndexOf('-')..]));
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
        var issues = (await db.Get<IssueService>().ListAsync(new IssueQuery { Size = 100 }, jane)).Items.Where(i => i.Alert is not null).ToList();

        // Assert
        Assert.Equal(6, alerts.Count);
        Assert.Equal(3, alerts.Count(a => a.Status == AlertStatus.Firing));
        Assert.All(alerts, a => Assert.Equal(a.Status == AlertStatus.Firing ? IssueStatus.Open : IssueStatus.Resolved, a.Issue!.Status));
        Assert.Equal(6, issues.Count);
        Assert.All(issues, i => Assert.Equal(SystemUsers.QualityMonitorName, i.Reporter.Name));
        Assert.All(issues, i => Assert.Contains("is failing", i.Description));
    }
}

using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Services;

/// <summary>Every list is a fixed number of SQL commands whatever its page size: no query per row (N+1).</summary>
public sealed class QueryShapeTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private async Task<Team> PopulatedTeamAsync()
    {
        var team = await db.Data.TeamAsync();
        var alert = (await db.Get<AlertService>().ReportAsync(new ReportAlertRequest
        {
            ProductId = team.Product.Id,
            Check = "c",
            Kind = AlertKind.Volume,
            Status = AlertStatus.Firing,
            Title = "Volume",
        }, team.Member.Id)).Alert;
        for (var i = 0; i < 30; i++)
        {
            var issue = await db.Data.IssueAsync(team.Space.Id, i % 2 == 0 ? team.Member.Id : team.Admin.Id, $"Issue {i}",
                (IssuePriority)(i % 4), team.Product.Id, i % 3 == 0 ? null : team.Member.Id);
            await db.Get<CommentService>().AddAsync(issue.Id, new CommentRequest { Content = $"Comment {i}" }, team.Viewer.Id);
            await db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Member.Id);
        }
        for (var i = 0; i < 30; i++)
            await db.Get<CommentService>().AddAsync(alert.Issue!.Id, new CommentRequest { Content = $"More {i}" }, team.Member.Id);
        return team;
    }

    [Fact]
    public async Task Lists_RunTheSameNumberOfCommands_ForAPageOf1And30()
    {
        var team = await PopulatedTeamAsync();
        var issue = (await db.Get<IssueService>().ListAsync(new IssueQuery { SpaceId = team.Space.Id, Q = "Volume" }, team.Member.Id)).Items.Single();
        using var counter = SqlCommandCounter.For(db);
        await counter.WaitUntilCountingAsync(() => db.Get<IssueService>().GetAsync(issue.Id, team.Member.Id));

        async Task<(int Small, int Large)> Commands(Func<int, Task> list) =>
            (await counter.CountAsync(() => list(1)), await counter.CountAsync(() => list(30)));

        var issues = await Commands(size => db.Get<IssueService>().ListAsync(new IssueQuery { SpaceId = team.Space.Id, Size = size }, team.Member.Id));
        var summaries = await Commands(size => db.Get<IssueService>().ListSummariesAsync(new IssueQuery { SpaceId = team.Space.Id, Size = size }, team.Member.Id));
        var history = await Commands(size => db.Get<IssueService>().HistoryAsync(issue.Id, 1, size, team.Member.Id));
        var comments = await Commands(size => db.Get<CommentService>().ListAsync(issue.Id, 1, size, team.Member.Id));
        var alerts = await Commands(size => db.Get<AlertService>().ListAsync(new AlertQuery { SpaceId = team.Space.Id, Size = size }, team.Member.Id));

        Assert.All(new[] { issues, summaries, history, comments, alerts }, c => Assert.Equal(c.Small, c.Large));
        // Access (the newest access change; the actor's spaces are kept until it moves), count, and the page with which
        // of them the actor watches: three commands, whatever it holds.
        Assert.Equal(3, issues.Large);
        Assert.All(new[] { summaries, history, comments, alerts }, c => Assert.True(c.Large > 0, "the counter saw the commands"));
    }
}

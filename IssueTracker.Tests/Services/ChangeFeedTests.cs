using System.Threading.Channels;
using IssueTracker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Services;

/// <summary>The change feed: one event per committed change, published only after commit, in id order, replayable.</summary>
public sealed class ChangeFeedTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private ChangeFeed Feed => db.Services.GetRequiredService<ChangeFeed>();

    /// <summary>What the feed has handed the reader once it has heard of every committed event.</summary>
    private async Task<List<ChangeEvent>> DrainAsync(ChannelReader<ChangeEvent> reader)
    {
        await db.FeedCaughtUpAsync();
        var events = new List<ChangeEvent>();
        while (reader.TryRead(out var e)) events.Add(e);
        return events;
    }

    [Fact]
    public async Task EveryKindOfChange_PublishesOneEvent_AfterItsCommit_WithIncreasingIds()
    {
        // Arrange: the feed has published the team's own setup (its access changes) before this test listens; on
        // PostgreSQL it hears commits a moment after them.
        var team = await db.Data.TeamAsync();
        await db.FeedCaughtUpAsync();
        using var stop = new CancellationTokenSource();
        var feed = Feed.Subscribe(stop.Token);

        // Act
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        await db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Priority = IssuePriority.High, AssigneeId = team.Member.Id }, team.Member.Id);
        await db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Priority = IssuePriority.High }, team.Member.Id);
        var comment = await db.Get<CommentService>().AddAsync(issue.Id, new CommentRequest { Content = "Looking" }, team.Member.Id);
        await db.Get<CommentService>().EditAsync(issue.Id, comment.Id, new CommentRequest { Content = "Found it" }, team.Member.Id);
        await db.Get<CommentService>().DeleteAsync(issue.Id, comment.Id, team.Member.Id);
        await db.Get<IssueService>().DeleteAsync(issue.Id, team.Admin.Id);
        var events = await DrainAsync(feed);

        // Assert: the patch that changed nothing published nothing.
        Assert.Equal(
            [ChangeTypes.IssueCreated, ChangeTypes.IssueUpdated, ChangeTypes.CommentCreated, ChangeTypes.CommentUpdated, ChangeTypes.CommentDeleted, ChangeTypes.IssueDeleted],
            events.Select(e => e.Type));
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
        Assert.All(events, e => Assert.Equal((team.Space.Id, issue.Id, issue.Key), (e.SpaceId, e.IssueId!.Value, e.IssueKey!)));
        Assert.Equal(comment.Id, events[2].CommentId);
        Assert.Contains("\"priority\":{\"from\":\"medium\",\"to\":\"high\"}", events[1].Changes);
        Assert.Equal("Alice Admin", events[^1].ActorName);
    }

    [Fact]
    public async Task NothingPublishesBeforeCommit_AndARollbackPublishesNothing()
    {
        // Arrange
        var team = await db.Data.TeamAsync();
        using var stop = new CancellationTokenSource();
        var feed = Feed.Subscribe(stop.Token);
        ChangeEvent Event(string type) => new() { Type = type, At = DateTime.UtcNow, ActorId = team.Member.Id, ActorName = "Jane", SpaceId = team.Space.Id };

        // Act + Assert
        await using (var context = await db.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync())
        {
            await using (var tx = await context.Database.BeginTransactionAsync())
            {
                context.ChangeEvents.Add(Event("test.rolled-back"));
                await context.SaveChangesAsync();
                Assert.Empty(await DrainAsync(feed));
                await tx.RollbackAsync();
            }
            Assert.Empty(await DrainAsync(feed));
            context.ChangeTracker.Clear();

            await using (var tx = await context.Database.BeginTransactionAsync())
            {
                context.ChangeEvents.Add(Event("test.committed"));
                await context.SaveChangesAsync();
                Assert.Empty(await DrainAsync(feed));
                await tx.CommitAsync();
            }
            Assert.Equal(["test.committed"], (await DrainAsync(feed)).Select(e => e.Type));
        }
    }

    [Fact]
    public async Task ARefusedChange_WritesAndPublishesNothing()
    {
        // Arrange
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        using var stop = new CancellationTokenSource();
        var feed = Feed.Subscribe(stop.Token);
        await DrainAsync(feed); // the issue's own creation, heard late on PostgreSQL
        var latest = await db.Get<EventService>().LatestIdAsync();

        // Act
        await Assert.ThrowsAsync<ValidationException>(() => db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Title = "" }, team.Member.Id));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Title = "New" }, team.Member.Id, expectedVersions: [99]));

        // Assert
        Assert.Empty(await DrainAsync(feed));
        Assert.Equal(latest, await db.Get<EventService>().LatestIdAsync());
    }

    [Fact]
    public async Task Replay_AfterAnId_ReturnsExactlyTheLaterEventsTheActorMaySee()
    {
        // Arrange
        var team = await db.Data.TeamAsync();
        var other = await db.Data.TeamAsync();
        var before = await db.Get<EventService>().LatestIdAsync();
        var mine = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Mine");
        await db.Data.IssueAsync(other.Space.Id, other.Member.Id, "Theirs");
        await db.Get<IssueService>().UpdateAsync(mine.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved }, team.Member.Id);
        var events = db.Get<EventService>();

        // Act
        var audience = (await events.AudienceAsync(team.Member.Id))!;
        var replayed = await events.ReplayAsync(before, new EventFilter(null, null, null), audience);

        // Assert
        Assert.Equal([ChangeTypes.IssueCreated, ChangeTypes.IssueUpdated], replayed.Select(e => e.Type));
        Assert.All(replayed, e => Assert.Equal(mine.Id, e.IssueId));
        Assert.Empty(await events.ReplayAsync(replayed[^1].Id, new EventFilter(null, null, null), audience));
    }

    [Fact]
    public async Task Alerts_PublishFiredAndResolved_OncePerEpisode()
    {
        // Arrange
        var team = await db.Data.TeamAsync();
        using var stop = new CancellationTokenSource();
        var feed = Feed.Subscribe(stop.Token);
        ReportAlertRequest Report(AlertStatus status) => new()
        {
            ProductId = team.Product.Id,
            Check = "orders_freshness",
            Kind = AlertKind.Freshness,
            Status = status,
            Title = "Orders are stale",
        };

        // Act
        await db.Get<AlertService>().ReportAsync(Report(AlertStatus.Firing), team.Member.Id);
        await db.Get<AlertService>().ReportAsync(Report(AlertStatus.Firing), team.Member.Id);
        await db.Get<AlertService>().ReportAsync(Report(AlertStatus.Resolved), team.Member.Id);
        var types = (await DrainAsync(feed)).Select(e => e.Type).ToList();

        // Assert: the issue opened, then the alert that names it fired (never an event naming an issue before the
        // issue exists); the repeat added nothing; the pass resolved the issue (its status) with the monitor's
        // comment, and the alert.
        Assert.Equal([ChangeTypes.IssueCreated, ChangeTypes.AlertFired, ChangeTypes.IssueUpdated, ChangeTypes.CommentCreated, ChangeTypes.AlertResolved], types);
    }
}

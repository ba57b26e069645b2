using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Services;

/// <summary>Who is told of what (NotificationRules), and the inbox and watchers over NotificationService.</summary>
public sealed class NotificationTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private IssueService Issues => db.Get<IssueService>();
    private CommentService Comments => db.Get<CommentService>();
    private NotificationService Inbox => db.Get<NotificationService>();

    private async Task<IReadOnlyList<NotificationDto>> InboxOf(UserDto user) => (await Inbox.ListAsync(user.Id, unreadOnly: false, 1, 100)).Items;

    private async Task<(NotificationType Type, string Summary, string Actor)[]> NewsOf(UserDto user) =>
        (await InboxOf(user)).Select(n => (n.Type, n.Summary, n.Actor.Name)).ToArray();

    private async Task<string[]> WatcherNames(Guid issueId, UserDto asker) =>
        (await Inbox.WatchersAsync(issueId, asker.Id, 1, 100))!.Items.Select(u => u.Name).ToArray();

    [Fact]
    public async Task Assigning_TellsTheAssignee_NotTheOneWhoAssigned_AndTheAssigneeWatches()
    {
        // Arrange: the member reports; the admin assigns it to the viewer.
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);

        // Act
        await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { AssigneeId = team.Viewer.Id }, team.Admin.Id);

        // Assert
        Assert.Equal([(NotificationType.Assigned, "assigned the issue to you", "Alice Admin")], await NewsOf(team.Viewer));
        Assert.Empty(await NewsOf(team.Admin));
        Assert.Empty(await NewsOf(team.Member));
        Assert.Equal(["Jane Developer", "Victor Viewer"], await WatcherNames(issue.Id, team.Member));
    }

    [Fact]
    public async Task DeletingAComment_TakesItsWordsOutOfTheInboxLinesThatQuotedIt()
    {
        // Arrange
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        var comment = await Comments.AddAsync(issue.Id, new CommentRequest { Content = "Pasted by mistake: the prod password" }, team.Admin.Id);

        // Act
        await Comments.DeleteAsync(issue.Id, comment.Id, team.Admin.Id);

        // Assert
        var line = Assert.Single(await NewsOf(team.Member));
        Assert.Equal((NotificationType.Commented, "commented (the comment was deleted)"), (line.Type, line.Summary));
    }

    [Fact]
    public async Task Comment_TellsWatchersButNotItsAuthor_AndTheAuthorStartsWatching()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, assigneeId: team.Viewer.Id);
        await Inbox.MarkAllReadAsync(team.Viewer.Id);

        await Comments.AddAsync(issue.Id, new CommentRequest { Content = "Looking at the loader logs now" }, team.Admin.Id);

        Assert.Equal([(NotificationType.Commented, "commented: Looking at the loader logs now", "Alice Admin")], await NewsOf(team.Member));
        Assert.Contains((NotificationType.Commented, "commented: Looking at the loader logs now", "Alice Admin"), await NewsOf(team.Viewer));
        Assert.Empty(await NewsOf(team.Admin));
        Assert.Contains("Alice Admin", await WatcherNames(issue.Id, team.Admin));
    }

    [Fact]
    public async Task Mention_TellsAPersonWhoSeesTheSpace_OnceAsMentioned_AndNobodyElse()
    {
        // Arrange: the viewer watches already (assigned); an outsider has a handle too.
        var team = await db.Data.TeamAsync();
        var outsider = await db.Data.UserAsync("Olga Outsider");
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, assigneeId: team.Viewer.Id);
        await Inbox.MarkAllReadAsync(team.Viewer.Id);

        // Act: a mention of each, one inside code (not a mention), and an email address (not one either).
        await Comments.AddAsync(issue.Id, new CommentRequest
        {
            Content = $"@{team.Viewer.Handle} can you check? cc @{outsider.Handle}. Not `@{team.Admin.Handle}`, not ops@{team.Admin.Handle}.com",
        }, team.Member.Id);

        // Assert: the viewer hears it once, as a mention; the outsider and the admin hear nothing, and do not watch.
        var viewerNews = await InboxOf(team.Viewer);
        Assert.Equal([(NotificationType.Mentioned, "mentioned you in a comment")], viewerNews.Where(n => n.ReadAt == null).Select(n => (n.Type, n.Summary)));
        Assert.Empty(await NewsOf(outsider));
        Assert.Empty(await NewsOf(team.Admin));
        Assert.DoesNotContain("Olga Outsider", await WatcherNames(issue.Id, team.Member));
        Assert.DoesNotContain("Alice Admin", await WatcherNames(issue.Id, team.Member));
    }

    [Fact]
    public async Task AMentionAddedByEditingAComment_SaysItIsInAComment()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        var comment = await Comments.AddAsync(issue.Id, new CommentRequest { Content = "Looking into it" }, team.Member.Id);

        await Comments.EditAsync(issue.Id, comment.Id, new CommentRequest { Content = $"Looking into it, @{team.Viewer.Handle} knows the loader" }, team.Member.Id);

        Assert.Equal([(NotificationType.Mentioned, "mentioned you in a comment", "Jane Developer")], await NewsOf(team.Viewer));
    }

    [Fact]
    public async Task OneTriagePass_IsOneInboxLine_ThatSaysWhatChanged()
    {
        // Arrange: the admin assigns, re-prioritises, moves and comments in one go (the clock stands still: one pass).
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, priority: IssuePriority.Medium);
        await Inbox.MarkAllReadAsync(team.Viewer.Id);

        // Act
        await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { AssigneeId = team.Viewer.Id }, team.Admin.Id);
        await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Priority = IssuePriority.High }, team.Admin.Id);
        await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Admin.Id);
        var comment = await Comments.AddAsync(issue.Id, new CommentRequest { Content = "Yours, the loader again" }, team.Admin.Id);
        var grouped = await NewsOf(team.Viewer);
        // Later news (past the window), or news read meanwhile, is a line of its own.
        db.Clock.Advance(NotificationRules.GroupWindow + TimeSpan.FromMinutes(1));
        await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Priority = IssuePriority.Critical }, team.Admin.Id);
        await Comments.DeleteAsync(issue.Id, comment.Id, team.Admin.Id);

        // Assert
        Assert.Equal([(NotificationType.Assigned,
            "assigned the issue to you; changed the priority from Medium to High; changed the status from Open to In progress; commented: Yours, the loader again",
            "Alice Admin")], grouped);
        Assert.Equal([(NotificationType.PriorityChanged, "changed the priority from High to Critical", "Alice Admin"),
            (NotificationType.Assigned, "assigned the issue to you; changed the priority from Medium to High; changed the status from Open to In progress; commented (the comment was deleted)", "Alice Admin")],
            await NewsOf(team.Viewer));
    }

    [Fact]
    public async Task MentionInADescription_TellsOnlyThoseNewlyMentioned()
    {
        var team = await db.Data.TeamAsync();
        var issue = await Issues.CreateAsync(new CreateIssueRequest
        {
            SpaceId = team.Space.Id,
            Title = "Orders are late",
            Description = $"@{team.Admin.Handle} please look",
        }, team.Member.Id);
        Assert.Equal([(NotificationType.Mentioned, "mentioned you in the description", "Jane Developer")], await NewsOf(team.Admin));

        await Issues.UpdateAsync(issue.Issue.Id, new UpdateIssueRequest { Description = $"@{team.Admin.Handle} please look, and @{team.Viewer.Handle} too" }, team.Member.Id);

        Assert.Single(await NewsOf(team.Admin));
        Assert.Equal([(NotificationType.Mentioned, "mentioned you in the description", "Jane Developer")], await NewsOf(team.Viewer));
    }

    [Theory]
    [InlineData("status", "changed the status from Open to In progress")]
    [InlineData("priority", "changed the priority from Medium to Critical")]
    public async Task StatusOrPriorityChange_TellsWatchers(string field, string summary)
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, priority: IssuePriority.Medium);

        await Issues.UpdateAsync(issue.Id, field == "status"
            ? new UpdateIssueRequest { Status = IssueStatus.InProgress }
            : new UpdateIssueRequest { Priority = IssuePriority.Critical }, team.Admin.Id);

        Assert.Equal([(field == "status" ? NotificationType.StatusChanged : NotificationType.PriorityChanged, summary, "Alice Admin")], await NewsOf(team.Member));
    }

    [Theory]
    [InlineData(true, new[] { NotificationType.AlertReopened, NotificationType.StatusChanged }, "reopened the issue: the alert fired again (Orders are stale)")]
    [InlineData(false, new[] { NotificationType.AlertFired }, "alert fired: Orders are stale")]
    public async Task AnAlertFiringAgain_TellsWatchers_AndSaysWhenItReopenedTheIssue(bool autoResolve, NotificationType[] expected, string newest)
    {
        // Arrange: a monitor's check fails and opens an issue; the viewer watches it.
        var team = await db.Data.TeamAsync();
        await db.Get<SpaceService>().SetAlertPolicyAsync(team.Space.Id, new AlertPolicyDto { AutoResolve = autoResolve }, team.Admin.Id);
        var alerts = db.Get<AlertService>();
        ReportAlertRequest Report(AlertStatus status) => new()
        {
            ProductId = team.Product.Id,
            Check = "orders_freshness",
            Kind = AlertKind.Freshness,
            Status = status,
            Title = "Orders are stale",
        };
        var issue = (await alerts.ReportAsync(Report(AlertStatus.Firing), team.Member.Id)).Alert.Issue!;
        await Inbox.SetWatchingAsync(issue.Id, true, team.Viewer.Id);

        // Act: it passes (resolving the issue when the policy says so), then, later on, fails again.
        await alerts.ReportAsync(Report(AlertStatus.Resolved), team.Member.Id);
        db.Clock.Advance(NotificationRules.GroupWindow + TimeSpan.FromMinutes(1));
        await alerts.ReportAsync(Report(AlertStatus.Firing), team.Member.Id);

        // Assert: newest first, all by the Quality monitor.
        var news = await InboxOf(team.Viewer);
        Assert.Equal(expected, news.Select(n => n.Type));
        Assert.Equal(newest, news[0].Summary);
        Assert.All(news, n => Assert.Equal(SystemUsers.QualityMonitorName, n.Actor.Name));
    }

    [Fact]
    public async Task OwnActions_TellNobody()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, assigneeId: team.Member.Id);

        await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress, Priority = IssuePriority.High }, team.Member.Id);
        await Comments.AddAsync(issue.Id, new CommentRequest { Content = $"Note to self, @{team.Member.Handle}" }, team.Member.Id);
        var ownNews = await NewsOf(team.Member);
        // The same done by someone else is news to them.
        await Comments.AddAsync(issue.Id, new CommentRequest { Content = $"Noted, @{team.Member.Handle}" }, team.Admin.Id);

        Assert.Empty(ownNews);
        Assert.Equal([(NotificationType.Mentioned, "mentioned you in a comment", "Alice Admin")], await NewsOf(team.Member));
    }

    [Fact]
    public async Task Unwatching_Sticks_ThroughCommentsAndMentions()
    {
        // Arrange: the reporter stops watching.
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        await Inbox.SetWatchingAsync(issue.Id, false, team.Member.Id);

        // Act: they comment themselves (which would start a watch), then others change and comment.
        await Comments.AddAsync(issue.Id, new CommentRequest { Content = "One more thing" }, team.Member.Id);
        await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Admin.Id);
        await Comments.AddAsync(issue.Id, new CommentRequest { Content = "On it" }, team.Admin.Id);

        // Assert: still not watching, told nothing; a direct mention still reaches them (it is about them).
        Assert.False(await Inbox.IsWatchingAsync(issue.Id, team.Member.Id));
        Assert.Empty(await NewsOf(team.Member));
        Assert.False((await Issues.GetAsync(issue.Id, team.Member.Id))!.Watching);
        Assert.True((await Issues.GetAsync(issue.Id, team.Admin.Id))!.Watching);
    }

    [Fact]
    public async Task Inbox_NewestFirst_UnreadCount_MarkRead_AndOnlyOwnLines()
    {
        // Arrange: three things happen to the member's issue.
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        // Further apart than a triage pass, so each is a line of its own.
        var apart = NotificationRules.GroupWindow + TimeSpan.FromMinutes(1);
        await Comments.AddAsync(issue.Id, new CommentRequest { Content = "First" }, team.Admin.Id);
        db.Clock.Advance(apart);
        await Comments.AddAsync(issue.Id, new CommentRequest { Content = "Second" }, team.Admin.Id);
        db.Clock.Advance(apart);
        await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Priority = IssuePriority.High }, team.Admin.Id);

        // Act
        var all = await InboxOf(team.Member);
        await Inbox.MarkReadAsync(all[0].Id, team.Member.Id);
        var unread = (await Inbox.ListAsync(team.Member.Id, unreadOnly: true, 1, 100)).Items;

        // Assert
        Assert.Equal(["changed the priority from Medium to High", "commented: Second", "commented: First"], all.Select(n => n.Summary));
        Assert.Equal(new IssueBrief(issue.Id, issue.Key, issue.Title), all[0].Issue);
        Assert.Equal(["commented: Second", "commented: First"], unread.Select(n => n.Summary));
        Assert.Equal(2, await Inbox.UnreadCountAsync(team.Member.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Inbox.MarkReadAsync(all[1].Id, team.Admin.Id));
        await Inbox.MarkAllReadAsync(team.Member.Id);
        Assert.Equal(0, await Inbox.UnreadCountAsync(team.Member.Id));
    }

    [Fact]
    public async Task LeavingTheSpace_HidesItsLines_AndOutsidersCannotWatch()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        await Comments.AddAsync(issue.Id, new CommentRequest { Content = "Hello" }, team.Admin.Id);
        var outsider = await db.Data.UserAsync("Olga Outsider");

        await db.Get<SpaceService>().RemoveMemberAsync(team.Space.Id, team.Member.Id, team.Admin.Id);

        Assert.Empty(await NewsOf(team.Member));
        await Assert.ThrowsAsync<NotFoundException>(() => Inbox.SetWatchingAsync(issue.Id, true, outsider.Id));
        Assert.Null(await Inbox.WatchersAsync(issue.Id, outsider.Id, 1, 20));
    }
}

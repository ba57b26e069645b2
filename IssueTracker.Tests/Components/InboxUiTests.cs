using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Layout;
using IssueTracker.Web.Components.Pages.Inbox;

namespace IssueTracker.Tests.Components;

public sealed class InboxUiTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    private static string? BellCount(IRenderedComponent<NotificationBell> bell) =>
        bell.FindAll("[data-testid=bell-count]").SingleOrDefault()?.TextContent;

    [Fact]
    public async Task Bell_CountsUnread_AndRisesWhenSomeoneAssignsYou_WithoutAReload()
    {
        // Arrange
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Admin.Id);
        SignIn(team.Member);
        RenderInteractively();
        var bell = Render<NotificationBell>();
        Assert.Null(BellCount(bell));
        Assert.Equal("Notifications, none unread", bell.Find("[data-testid=bell]").GetAttribute("aria-label"));

        // Act: elsewhere, the admin assigns the member.
        await Db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { AssigneeId = team.Member.Id }, team.Admin.Id);

        // Assert
        bell.WaitForAssertion(() => Assert.Equal("1", BellCount(bell)));
        Assert.Equal("Notifications, 1 unread", bell.Find("[data-testid=bell]").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task Bell_LeavesTheCountAlone_WhenAChangeToldSomeoneElse()
    {
        // Arrange: what a status change costs with no bell open, then with the member's bell open.
        var team = await Db.Data.TeamAsync();
        SignIn(team.Member);
        RenderInteractively();
        var (counter, alone) = await CountFromAnUnseenChangeAsync(team.Member.Id, team.Space.Id, team.Admin.Id);
        using var counting = counter;
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Admin.Id, "Watched by the admin only");
        var bell = Render<NotificationBell>();

        // Act: the admin changes an issue the member neither watches nor is assigned.
        var seen = await counter.CountAsync(async () =>
        {
            await Db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Admin.Id);
            await Task.Delay(500);
        });

        // Assert: the bell reads who may hear the change (the person, their spaces) and whom it told, and does not
        // count the person's inbox again (two more commands).
        Assert.True(seen <= alone + 3, $"The change alone: {alone} commands; heard by a bell: {seen}.");
        Assert.Null(BellCount(bell));
    }

    [Fact]
    public async Task Inbox_GroupsByIssueNewestFirst_AndMarkAllReadEmptiesTheBell()
    {
        // Arrange: two issues with news for the member, the second newer.
        var team = await Db.Data.TeamAsync();
        var first = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Nulls in customer_id");
        var second = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Orders late");
        // Further apart than a triage pass (which would be one line).
        var apart = IssueTracker.Web.Notifications.NotificationRules.GroupWindow + TimeSpan.FromMinutes(1);
        await Db.Get<CommentService>().AddAsync(first.Id, new CommentRequest { Content = "Checked the loader" }, team.Admin.Id);
        Db.Clock.Advance(apart);
        await Db.Get<IssueService>().UpdateAsync(second.Id, new UpdateIssueRequest { Status = IssueTracker.Web.Domain.IssueStatus.InProgress }, team.Admin.Id);
        Db.Clock.Advance(apart);
        await Db.Get<CommentService>().AddAsync(first.Id, new CommentRequest { Content = "Found it" }, team.Admin.Id);
        SignIn(team.Member);
        RenderProviders();
        var bell = Render<NotificationBell>();

        // Act
        var page = RenderAt<InboxPage>("/inbox");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=inbox-issue]").Count));

        // Assert: the issue with the newest news first, its lines newest first.
        var groups = page.FindAll("[data-testid=inbox-issue]");
        Assert.Contains(first.Key, groups[0].QuerySelector("h2")!.TextContent);
        Assert.Equal(["Alice Admin commented: Found it", "Alice Admin commented: Checked the loader"],
            groups[0].QuerySelectorAll("[data-testid=notification-text]").Select(s => s.TextContent.Trim()));
        Assert.Contains("changed the status from Open to In progress", groups[1].TextContent);
        Assert.Equal("3", BellCount(bell));

        page.Find("[data-testid=mark-all-read] button, button[data-testid=mark-all-read]").Click();
        page.WaitForAssertion(() => Assert.All(page.FindAll("[data-testid=notification]"), n => Assert.Equal("no", n.GetAttribute("data-unread"))));
        bell.WaitForAssertion(() => Assert.Null(BellCount(bell)));
    }

    [Fact]
    public async Task Inbox_Empty_SaysWhatWillArriveHere()
    {
        var team = await Db.Data.TeamAsync();
        SignIn(team.Viewer);
        RenderProviders();

        var page = RenderAt<InboxPage>("/inbox");

        page.WaitForAssertion(() => Assert.Contains("You hear here when you are assigned or mentioned", page.Find("[data-testid=inbox-empty]").TextContent));
    }
}

using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Pages.Issues;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace IssueTracker.Tests.Components;

public sealed class IssueDetailPageTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    private IRenderedComponent<IssueDetailPage> RenderIssue(IssueDto issue)
    {
        var cut = Render<IssueDetailPage>(p => p.Add(x => x.Id, issue.Id));
        cut.WaitForAssertion(() => Assert.Contains(issue.Key, cut.Find("[data-testid=issue-title]").TextContent));
        return cut;
    }

    private async Task<List<(IssueEventKind, string?, string?)>> HistoryAsync(IssueDto issue, UserDto actor) =>
        (await Db.Get<IssueService>().HistoryAsync(issue.Id, 1, 100, actor.Id))!.Items.Select(h => (h.Action, h.OldValue, h.NewValue)).ToList();

    private static Task SelectAsync<T>(IRenderedComponent<IssueDetailPage> cut, string testId, T value)
    {
        var select = cut.FindComponents<MudSelect<T>>().Single(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == testId);
        return cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(value));
    }

    [Fact]
    public async Task SidePanelChanges_GoThroughTheServiceAndAppearInTheTimeline()
    {
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, productId: team.Product.Id);
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderIssue(issue);

        await SelectAsync(cut, "status-select", IssueStatus.InProgress);
        await SelectAsync(cut, "priority-select", IssuePriority.Critical);
        await SelectAsync<Guid?>(cut, "assignee-select", team.Member.Id);
        await SelectAsync<Guid?>(cut, "product-select", null);

        Assert.Equal(
        [
            (IssueEventKind.Created, null, issue.Title),
            (IssueEventKind.StatusChanged, "open", "in_progress"),
            (IssueEventKind.PriorityChanged, "medium", "critical"),
            (IssueEventKind.AssigneeChanged, null, "Jane Developer"),
            (IssueEventKind.ProductChanged, "Customer Events", null),
        ], await HistoryAsync(issue, team.Member));
        cut.FindAll("[role=tab]").Single(t => t.TextContent.StartsWith("History")).Click();
        cut.WaitForAssertion(() =>
        {
            var timeline = cut.Find("[data-testid=timeline]").TextContent;
            Assert.Contains("Jane Developer changed the status from Open to In progress", timeline);
            Assert.Contains("Jane Developer changed the priority from Medium to Critical", timeline);
            Assert.Contains("Jane Developer assigned Jane Developer", timeline);
            Assert.Contains("Jane Developer removed the product Customer Events", timeline);
        });
    }

    [Fact]
    public async Task LongHistory_ShowsTheLatest50_EarlierOnRequest_AndANewChangeAtTheEnd()
    {
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        var issues = Db.Get<IssueService>();
        for (var i = 0; i < 120; i++)
            await issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Priority = i % 2 == 0 ? IssuePriority.High : IssuePriority.Low }, team.Member.Id);
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderIssue(issue);

        var tab = cut.FindAll("[role=tab]").Single(t => t.TextContent.StartsWith("History"));
        Assert.Equal("History (121)", tab.TextContent.Trim());
        tab.Click();
        cut.WaitForAssertion(() => Assert.Equal(50, cut.FindAll("[data-testid=timeline-entry]").Count));
        Assert.Contains("Showing the latest 50 of 121 changes", cut.Find("[data-testid=show-earlier]").TextContent);
        Assert.Contains("changed the priority from High to Low", cut.FindAll("[data-testid=timeline-entry]")[^1].TextContent);

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Show earlier changes").Click();
        cut.WaitForAssertion(() => Assert.Equal(100, cut.FindAll("[data-testid=timeline-entry]").Count));
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Show earlier changes").Click();
        cut.WaitForAssertion(() => Assert.Equal(121, cut.FindAll("[data-testid=timeline-entry]").Count));
        Assert.Empty(cut.FindAll("[data-testid=show-earlier]"));
        Assert.Equal("Created", cut.FindAll("[data-testid=timeline-entry]")[0].GetAttribute("data-action"));

        await SelectAsync(cut, "status-select", IssueStatus.InProgress);
        cut.WaitForAssertion(() => Assert.Contains("changed the status from Open to In progress", cut.FindAll("[data-testid=timeline-entry]")[^1].TextContent));
        Assert.Equal("History (122)", cut.FindAll("[role=tab]").Single(t => t.TextContent.StartsWith("History")).TextContent.Trim());
    }

    [Fact]
    public async Task Title_EditedInPlace_SavesAndWritesHistory()
    {
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderIssue(issue);

        cut.Find("button[aria-label='Edit title']").Click();
        cut.Find("input[data-testid=title-input]").Input("Customer ID nulls at 15%");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();

        cut.WaitForAssertion(() => Assert.Contains("Customer ID nulls at 15%", cut.Find("[data-testid=issue-title]").TextContent));
        Assert.Contains((IssueEventKind.TitleChanged, issue.Title, "Customer ID nulls at 15%"), await HistoryAsync(issue, team.Member));
    }

    [Fact]
    public async Task Change_AfterSomeoneElseChangedTheIssue_IsNotOverwrittenAndSaysSo()
    {
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        // A page that has not heard of the other change yet (it arrives live within moments; this is the moment before).
        Services.AddSingleton(new IssueTracker.Web.Live.ChangeFeed());
        SignIn(team.Member);
        var providers = RenderProviders();
        var cut = RenderIssue(issue);
        await Db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Priority = IssuePriority.High }, team.Admin.Id);

        await SelectAsync(cut, "priority-select", IssuePriority.Low);

        providers.WaitForAssertion(() => Assert.Contains($"{issue.Key} was changed by Alice Admin meanwhile, so your change was not saved", providers.Markup));
        Assert.Equal(IssuePriority.High, (await Db.Get<IssueService>().GetAsync(issue.Id, team.Member.Id))!.Priority);
    }

    [Fact]
    public async Task Live_SomeoneElsesChangeAndComment_ShowAtOnce_WithWhoDidIt()
    {
        // Arrange
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderIssue(issue);

        // Act
        await Db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Title = "Nulls at 40% now" }, team.Admin.Id);
        cut.WaitForAssertion(() => Assert.Contains("Nulls at 40% now", cut.Find("[data-testid=issue-title]").TextContent));
        await Db.Get<CommentService>().AddAsync(issue.Id, new CommentRequest { Content = "Pager went off, on it" }, team.Admin.Id);

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Pager went off, on it", cut.Find("[data-testid=comment]").TextContent));
        Assert.Equal($"Alice Admin commented on {issue.Key}", cut.Find("[data-testid=live-note]").TextContent);
    }

    [Fact]
    public async Task Live_TheSamePersonsChangeMadeElsewhere_Shows_TheirChangeHereIsNotAppliedTwice()
    {
        // Arrange: Jane has the issue open; she also works from a script (the API), another tab, her phone.
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderIssue(issue);

        // Act: her change made elsewhere.
        await Db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Title = "Retitled by my script" }, team.Member.Id);
        cut.WaitForAssertion(() => Assert.Contains("Retitled by my script", cut.Find("[data-testid=issue-title]").TextContent));
        var elsewhere = cut.Find("[data-testid=live-note]").TextContent;
        // Then one made on this page. The page may still be re-rendering from the live change: each find and its
        // event go to the renderer together, as a person's click does.
        await cut.InvokeAsync(() => cut.Find("[data-testid=comment-input]").Input("Made here"));
        await cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Comment").Click());
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=comment]")));
        await Task.Delay(300);

        // Assert: told of the first as hers from elsewhere; the second shows once, with no note of its own.
        Assert.Equal($"You (elsewhere) changed {issue.Key}", elsewhere);
        Assert.Single(cut.FindAll("[data-testid=comment]"));
        Assert.Equal(elsewhere, cut.Find("[data-testid=live-note]").TextContent);
    }

    [Fact]
    public async Task Live_AMemberRemovedFromTheSpace_HearsNothingOfItFromTheNextChangeOn()
    {
        // Arrange
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Admin.Id);
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderIssue(issue);

        // Act: removed, then the very next change.
        await Db.Get<SpaceService>().RemoveMemberAsync(team.Space.Id, team.Member.Id, team.Admin.Id);
        await Db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Title = "After they left" }, team.Admin.Id);
        await Task.Delay(500);

        // Assert: the page did not read the change (it would find the issue gone, and say so).
        Assert.DoesNotContain("After they left", cut.Markup);
        Assert.Equal("", cut.Find("[data-testid=live-note]").TextContent);
    }

    [Fact]
    public async Task Live_WhileEditingTheTitle_TheDraftStays_AndThePersonChooses()
    {
        // Arrange: the member is halfway through a new title.
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderIssue(issue);
        cut.Find("button[aria-label='Edit title']").Click();
        cut.Find("input[data-testid=title-input]").Input("My better title");

        // Act
        await Db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Title = "Their title" }, team.Admin.Id);

        // Assert: told, not overwritten; then shown theirs on request.
        cut.WaitForAssertion(() => Assert.Contains("Alice Admin changed this issue while you were editing", cut.Find("[data-testid=live-conflict]").TextContent));
        Assert.Equal("My better title", cut.Find("input[data-testid=title-input]").GetAttribute("value"));
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Show their version").Click();
        cut.WaitForAssertion(() => Assert.Contains("Their title", cut.Find("[data-testid=issue-title]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=live-conflict]"));
    }

    [Fact]
    public async Task Live_DeletedByAnother_SaysSo()
    {
        // Arrange
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderIssue(issue);

        // Act
        await Db.Get<IssueService>().DeleteAsync(issue.Id, team.Admin.Id);

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Alice Admin deleted this issue.", cut.Find("[data-testid=live-deleted]").TextContent));
    }

    [Fact]
    public async Task Viewer_SeesEverythingReadOnly_AndCanComment()
    {
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        SignIn(team.Viewer);
        RenderProviders();
        var cut = RenderIssue(issue);

        Assert.Contains("You are a viewer in this space", cut.Markup);
        Assert.All(cut.FindComponents<MudSelect<IssueStatus>>(), s => Assert.True(s.Instance.Disabled));
        Assert.All(cut.FindComponents<MudSelect<Guid?>>(), s => Assert.True(s.Instance.Disabled));
        Assert.Empty(cut.FindAll("button[aria-label='Edit title']"));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Delete issue") || b.TextContent.Contains("Edit description"));

        cut.Find("textarea[data-testid=comment-input]").Input("Seeing this in the finance export too.");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Comment").Click();

        cut.WaitForAssertion(() => Assert.Contains("Seeing this in the finance export too.", cut.Find("[data-testid=comments]").TextContent));
        Assert.Contains((IssueEventKind.CommentAdded, null, "Seeing this in the finance export too."), await HistoryAsync(issue, team.Viewer));
    }

    [Fact]
    public async Task Watch_TogglesWithTheCount_CommentingStartsIt_AndMentionsAreChips()
    {
        // Arrange: the member reported it (watching); the admin mentions the viewer in a comment.
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        await Db.Get<CommentService>().AddAsync(issue.Id, new CommentRequest { Content = $"@{team.Viewer.Handle} does finance see this?" }, team.Admin.Id);
        SignIn(team.Viewer);
        RenderProviders();
        var cut = RenderIssue(issue);
        Button Watch() => new(cut.FindAll("[data-testid=watchers] button").Single());

        // Assert: mentioned, so watching; three watchers (reporter, commenter, mentioned).
        Assert.Equal(("Unwatch", "true"), (Watch().Text, Watch().Pressed));
        Assert.Equal("3 watchers", cut.Find("[data-testid=watcher-count]").TextContent.Trim());
        var chip = cut.Find("[data-testid=comments] a.mention");
        Assert.Equal($"@{team.Viewer.Handle}", chip.TextContent);

        // Act: unwatch, then comment (which does not start watching again once chosen).
        Watch().Element.Click();
        cut.WaitForAssertion(() => Assert.Equal(("Watch", "false"), (Watch().Text, Watch().Pressed)));
        Assert.Equal("2 watchers", cut.Find("[data-testid=watcher-count]").TextContent.Trim());
        cut.Find("textarea[data-testid=comment-input]").Input("Yes, since Monday.");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Comment").Click();
        cut.WaitForAssertion(() => Assert.Contains("Yes, since Monday.", cut.Find("[data-testid=comments]").TextContent));
        Assert.Equal("Watch", Watch().Text);
        Assert.False(await Db.Get<NotificationService>().IsWatchingAsync(issue.Id, team.Viewer.Id));
    }

    private sealed record Button(AngleSharp.Dom.IElement Element)
    {
        public string Text => Element.TextContent.Trim();
        public string? Pressed => Element.GetAttribute("aria-pressed");
    }

    [Fact]
    public async Task Comments_OwnCanBeEdited_OthersCannot()
    {
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        var comments = Db.Get<CommentService>();
        await comments.AddAsync(issue.Id, new CommentRequest { Content = "Admin's note" }, team.Admin.Id);
        await comments.AddAsync(issue.Id, new CommentRequest { Content = "My first take" }, team.Member.Id);
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderIssue(issue);

        var cards = cut.FindAll("[data-testid=comment]");
        Assert.Empty(cards[0].QuerySelectorAll("button[aria-label='Edit comment']"));
        cards[1].QuerySelector("button[aria-label='Edit comment']")!.Click();
        cut.Find("[data-testid=comment] textarea").Input("My second take");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();

        cut.WaitForAssertion(() => Assert.Contains("My second take", cut.FindAll("[data-testid=comment]")[1].TextContent));
        Assert.Contains("edited", cut.FindAll("[data-testid=comment]")[1].TextContent);
        Assert.Contains((IssueEventKind.CommentEdited, "My first take", "My second take"), await HistoryAsync(issue, team.Member));
    }

    [Fact]
    public async Task Comment_Empty_IsNotSent_AndCtrlEnterSends()
    {
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderIssue(issue);

        Assert.True(cut.FindAll("button").Single(b => b.TextContent.Trim() == "Comment").HasAttribute("disabled"));
        var input = cut.Find("textarea[data-testid=comment-input]");
        input.Input("Fix deployed.");
        cut.Find("textarea[data-testid=comment-input]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter", CtrlKey = true });

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=comment]")));
    }

    [Fact]
    public async Task Outsider_SeesNotFound()
    {
        var team = await Db.Data.TeamAsync();
        var outsider = await Db.Data.UserAsync("Olga Outsider");
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        SignIn(outsider);
        RenderInteractively();

        var cut = Render<IssueDetailPage>(p => p.Add(x => x.Id, issue.Id));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=not-found]")));
        Assert.DoesNotContain(issue.Title, cut.Markup);
    }
}

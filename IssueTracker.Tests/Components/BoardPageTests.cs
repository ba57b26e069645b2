using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Pages.Board;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Components;

public sealed class BoardPageTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    private async Task<(Team Team, IssueDto Open, IssueDto Busy, IssueDto Done)> BoardAsync()
    {
        var team = await Db.Data.TeamAsync();
        var open = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Customer ID nulls increased", IssuePriority.Critical, team.Product.Id, team.Member.Id);
        var busy = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Late arriving events", IssuePriority.Low);
        var done = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Duplicate rows", IssuePriority.High);
        var issues = Db.Get<IssueService>();
        await issues.UpdateAsync(busy.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Member.Id);
        await issues.UpdateAsync(done.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved }, team.Member.Id);
        return (team, open, busy, done);
    }

    private static string[] Keys(IRenderedComponent<BoardPage> cut, IssueStatus status) =>
        cut.FindAll($"[data-testid=column-{status}] [data-testid=issue-card]").Select(c => c.GetAttribute("data-key")!).ToArray();

    private static string Count(IRenderedComponent<BoardPage> cut, IssueStatus status) =>
        cut.Find($"[data-testid=column-{status}] [data-testid=column-count]").TextContent.Trim();

    /// <summary>What the browser sends when a card is dragged onto another column: dragstart on the card, drop on the zone.</summary>
    private static void Drag(IRenderedComponent<BoardPage> cut, string key, IssueStatus to)
    {
        cut.Find($"[data-testid=issue-card][data-key='{key}']").ParentElement!.DragStart();
        cut.Find($"[data-testid=column-{to}] [data-testid=drop-zone]").DragEnter();
        cut.Find($"[data-testid=column-{to}] [data-testid=drop-zone]").Drop();
    }

    private static string? Draggable(IRenderedComponent<BoardPage> cut, string key) =>
        cut.Find($"[data-testid=issue-card][data-key='{key}']").ParentElement!.GetAttribute("draggable");

    [Fact]
    public async Task Board_ShowsThreeColumnsWithCountsAndCards()
    {
        var (team, open, busy, done) = await BoardAsync();
        SignIn(team.Member);
        RenderProviders();

        var cut = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");

        cut.WaitForAssertion(() => Assert.Equal([open.Key], Keys(cut, IssueStatus.Open)));
        Assert.Equal([busy.Key], Keys(cut, IssueStatus.InProgress));
        Assert.Equal([done.Key], Keys(cut, IssueStatus.Resolved));
        Assert.Equal(("1", "1", "1"), (Count(cut, IssueStatus.Open), Count(cut, IssueStatus.InProgress), Count(cut, IssueStatus.Resolved)));
        Assert.Contains("last 14 days", cut.Find($"[data-testid=column-{IssueStatus.Resolved}]").TextContent);
    }

    private static void Press(IRenderedComponent<BoardPage> cut, string key, string cardKey) =>
        cut.Find($"[data-card-key='{cardKey}']").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = key });

    [Fact]
    public async Task Keys_OnAFocusedCard_MoveItPrioritizeItAssignIt_AndSayWhatHappened()
    {
        // Arrange
        var (team, _, busy, _) = await BoardAsync();
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Equal([busy.Key], Keys(cut, IssueStatus.InProgress)));
        string Note() => cut.Find("[data-testid=live-note]").TextContent;

        // Act and assert: "[" moves it back a column.
        Press(cut, "[", busy.Key);
        cut.WaitForAssertion(() => Assert.Contains(busy.Key, Keys(cut, IssueStatus.Open)));
        Assert.Equal($"{busy.Key} moved to Open", Note());

        // "1" makes it critical, "i" assigns it to me, "]" starts it again.
        Press(cut, "1", busy.Key);
        cut.WaitForAssertion(() => Assert.Equal($"{busy.Key} is now critical priority", Note()));
        Press(cut, "i", busy.Key);
        cut.WaitForAssertion(() => Assert.Equal($"{busy.Key} is assigned to you", Note()));
        Press(cut, "]", busy.Key);
        cut.WaitForAssertion(() => Assert.Contains(busy.Key, Keys(cut, IssueStatus.InProgress)));

        // What was saved is what the keys said.
        var saved = await Db.Get<IssueService>().GetAsync(busy.Id, team.Member.Id);
        Assert.Equal((IssueStatus.InProgress, IssuePriority.Critical, team.Member.Id), (saved!.Status, saved.Priority, saved.Assignee?.Id));
        Assert.Equal(
            [IssueEventKind.Created, IssueEventKind.StatusChanged, IssueEventKind.StatusChanged, IssueEventKind.PriorityChanged, IssueEventKind.AssigneeChanged, IssueEventKind.StatusChanged],
            (await Db.Get<IssueService>().HistoryAsync(busy.Id, 1, 50, team.Member.Id))!.Items.Select(h => h.Action));
    }

    [Fact]
    public async Task Keys_Enter_OpensTheIssue_AndAnOtherKeyDoesNothing()
    {
        // Arrange
        var (team, open, _, _) = await BoardAsync();
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Equal([open.Key], Keys(cut, IssueStatus.Open)));
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();

        // Act
        Press(cut, "x", open.Key);
        Press(cut, "Enter", open.Key);

        // Assert
        Assert.EndsWith($"/issues/{open.Id}", navigation.Uri);
        Assert.Equal(IssuePriority.Critical, (await Db.Get<IssueService>().GetAsync(open.Id, team.Member.Id))!.Priority);
    }

    [Fact]
    public async Task Keys_OfAViewer_ChangeNothing_AndSaySo()
    {
        // Arrange
        var (team, open, _, _) = await BoardAsync();
        SignIn(team.Viewer);
        RenderProviders();
        var cut = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Equal([open.Key], Keys(cut, IssueStatus.Open)));

        // Act
        Press(cut, "]", open.Key);
        Press(cut, "i", open.Key);

        // Assert
        Assert.Equal($"You can read {open.Key} here but not change it.", cut.Find("[data-testid=live-note]").TextContent);
        var saved = await Db.Get<IssueService>().GetAsync(open.Id, team.Viewer.Id);
        Assert.Equal((IssueStatus.Open, team.Member.Id), (saved!.Status, saved.Assignee?.Id));
    }

    [Fact]
    public async Task CardMenu_DoesWhatTheKeysDo_WithOnePointer_AndEscapeClosesIt()
    {
        // Arrange
        var (team, open, _, _) = await BoardAsync();
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Equal([open.Key], Keys(cut, IssueStatus.Open)));
        IReadOnlyList<AngleSharp.Dom.IElement> Items() => cut.FindAll("[data-testid=card-menu] [role=menuitem]");

        // Act: the card's button opens its menu; Escape closes it; "m" opens it again.
        cut.Find($"[data-card-key='{open.Key}'] [data-testid=card-actions]").Click();
        var offered = Items().Select(i => i.TextContent.Trim()).ToList();
        cut.Find("[data-testid=card-menu]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Escape" });
        var afterEscape = cut.FindAll("[data-testid=card-menu]").Count;
        Press(cut, "m", open.Key);
        Items().Single(i => i.TextContent.Trim() == "Move to In progress").Click();

        // Assert
        Assert.Equal(["Move to In progress", "Move to Resolved", "Priority: High", "Priority: Medium", "Priority: Low"], offered.Take(5));
        Assert.Contains("Assign to Alice Admin", offered);
        Assert.DoesNotContain("Assign to me", offered);
        Assert.Equal("Unassign", offered[^1]);
        Assert.Equal(0, afterEscape);
        cut.WaitForAssertion(() => Assert.Contains(open.Key, Keys(cut, IssueStatus.InProgress)));
        Assert.Empty(cut.FindAll("[data-testid=card-menu]"));
        Assert.Equal(IssueStatus.InProgress, (await Db.Get<IssueService>().GetAsync(open.Id, team.Member.Id))!.Status);
    }

    [Fact]
    public async Task Board_SomeoneElsesChange_MovesTheCardInPlace_AndSaysWhoDidIt()
    {
        // Arrange
        var (team, open, _, _) = await BoardAsync();
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Equal([open.Key], Keys(cut, IssueStatus.Open)));

        // Act: the admin, elsewhere, starts on the open issue; then opens a new one.
        await Db.Get<IssueService>().UpdateAsync(open.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Admin.Id);
        cut.WaitForAssertion(() => Assert.Empty(Keys(cut, IssueStatus.Open)));
        var fresh = await Db.Data.IssueAsync(team.Space.Id, team.Admin.Id, "Freshly reported");

        // Assert
        cut.WaitForAssertion(() => Assert.Equal([fresh.Key], Keys(cut, IssueStatus.Open)));
        Assert.Contains(open.Key, Keys(cut, IssueStatus.InProgress));
        Assert.Equal(("1", "2"), (Count(cut, IssueStatus.Open), Count(cut, IssueStatus.InProgress)));
        Assert.Equal($"Alice Admin opened {fresh.Key}", cut.Find("[data-testid=live-note]").TextContent);
        Assert.Equal("yes", cut.Find($"[data-testid=issue-card][data-key='{fresh.Key}']").GetAttribute("data-flash"));
    }

    [Fact]
    public async Task Boards_OpenAlike_ShareOneReloadPerChange()
    {
        // Arrange: the same board open once, then three times; the commands a change costs in each case.
        var (team, _, _, _) = await BoardAsync();
        SignIn(team.Member);
        RenderProviders();
        using var counter = SqlCommandCounter.For(Db);
        await counter.WaitUntilCountingAsync(() => Db.Get<IssueService>().GetAsync(Guid.NewGuid(), team.Member.Id));
        async Task<int> ChangeSeenByAsync(IReadOnlyList<IRenderedComponent<BoardPage>> boards)
        {
            var issue = await Db.Data.IssueAsync(team.Space.Id, team.Admin.Id, "Shared " + Guid.NewGuid().ToString("N")[..6]);
            foreach (var board in boards) board.WaitForAssertion(() => Assert.Contains(issue.Key, Keys(board, IssueStatus.Open)));
            return await counter.CountAsync(async () =>
            {
                await Db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Admin.Id);
                foreach (var board in boards) board.WaitForAssertion(() => Assert.Contains(issue.Key, Keys(board, IssueStatus.InProgress)));
            });
        }
        var one = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        one.WaitForAssertion(() => Assert.NotEmpty(Keys(one, IssueStatus.Open)));

        // Act
        var costForOne = await ChangeSeenByAsync([one]);
        var two = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        var three = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        two.WaitForAssertion(() => Assert.NotEmpty(Keys(two, IssueStatus.Open)));
        three.WaitForAssertion(() => Assert.NotEmpty(Keys(three, IssueStatus.Open)));
        var costForThree = await ChangeSeenByAsync([one, two, three]);

        // Assert: a board's reload is 9 commands (3 columns x access, count, page); two more boards add none of them.
        Assert.True(costForThree <= costForOne + 2, $"One board: {costForOne} commands; three boards: {costForThree}.");
    }

    [Fact]
    public async Task Board_MovesAShownCard_WithoutReadingTheBoardAgain()
    {
        // Arrange: what a status change costs with no board open, then with one.
        var (team, _, _, _) = await BoardAsync();
        SignIn(team.Member);
        RenderProviders();
        var (counter, alone) = await CountFromAnUnseenChangeAsync(team.Member.Id, team.Space.Id, team.Admin.Id);
        using var counting = counter;
        var cut = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        var shown = await Db.Data.IssueAsync(team.Space.Id, team.Admin.Id, "Everybody is looking");
        cut.WaitForAssertion(() => Assert.Contains(shown.Key, Keys(cut, IssueStatus.Open)));

        // Act
        var seen = await counter.CountAsync(async () =>
        {
            await Db.Get<IssueService>().UpdateAsync(shown.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Admin.Id);
            cut.WaitForAssertion(() => Assert.Contains(shown.Key, Keys(cut, IssueStatus.InProgress)));
        });

        // Assert: the board adds the changed issue (access + row): not 3 columns x 3 reads.
        Assert.True(seen <= alone + 3, $"The change alone: {alone} commands; seen by a board: {seen}.");
        Assert.Equal(("1", "3"), (Count(cut, IssueStatus.Open), Count(cut, IssueStatus.InProgress)));
    }

    [Fact]
    public async Task Board_ACardLeavingAFullColumn_IsReplacedByTheNextOne_WithoutReadingTheBoardAgain()
    {
        // Arrange: 25 open issues, of which the column shows 20; what a status change costs with no board open.
        var team = await Db.Data.TeamAsync();
        var issues = new List<IssueDto>();
        for (var i = 0; i < 25; i++) issues.Add(await Db.Data.IssueAsync(team.Space.Id, team.Admin.Id, $"Null spike {i}"));
        SignIn(team.Member);
        RenderProviders();
        var elsewhere = await Db.Data.TeamAsync();
        var (counter, alone) = await CountFromAnUnseenChangeAsync(team.Member.Id, elsewhere.Space.Id, elsewhere.Admin.Id);
        using var counting = counter;
        var cut = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        var newestFirst = issues.AsEnumerable().Reverse().Select(i => i.Key).ToArray();
        cut.WaitForAssertion(() => Assert.Equal(newestFirst[..20], Keys(cut, IssueStatus.Open)));

        // Act: someone starts on the top card.
        var seen = await counter.CountAsync(async () =>
        {
            await Db.Get<IssueService>().UpdateAsync(issues[^1].Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Admin.Id);
            cut.WaitForAssertion(() => Assert.Equal([issues[^1].Key], Keys(cut, IssueStatus.InProgress)));
        });

        // Assert: the 21st card moved up into view. The board read the changed issue (access, spaces, row), not its
        // columns (3 columns x 3 reads).
        Assert.Equal(newestFirst[1..21], Keys(cut, IssueStatus.Open));
        Assert.Contains("Showing 20 of 24", cut.Find($"[data-testid=column-{IssueStatus.Open}]").TextContent);
        Assert.True(seen <= alone + 4, $"The change alone: {alone} commands; seen by a board: {seen}.");
    }

    [Fact]
    public async Task Board_WhileTheBrowserIsAway_DoesNothing_ThenCatchesUpOnce()
    {
        // Arrange
        var (team, open, _, _) = await BoardAsync();
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Equal([open.Key], Keys(cut, IssueStatus.Open)));
        var connection = Services.GetRequiredService<IssueTracker.Web.Live.ConnectionState>();
        await connection.OnConnectionDownAsync(null!, CancellationToken.None);

        // Act
        await Db.Get<IssueService>().UpdateAsync(open.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Admin.Id);
        await Task.Delay(500);
        var whileAway = Keys(cut, IssueStatus.Open);
        await connection.OnConnectionUpAsync(null!, CancellationToken.None);

        // Assert
        Assert.Equal([open.Key], whileAway);
        cut.WaitForAssertion(() => Assert.Empty(Keys(cut, IssueStatus.Open)));
        Assert.Contains(open.Key, Keys(cut, IssueStatus.InProgress));
    }

    [Fact]
    public async Task Board_HearsNothingOfSpacesItsPersonCannotSee()
    {
        // Arrange
        var (team, open, _, _) = await BoardAsync();
        var other = await Db.Data.TeamAsync();
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderAt<BoardPage>("/");
        cut.WaitForAssertion(() => Assert.Contains(open.Key, Keys(cut, IssueStatus.Open)));

        // Act: a change elsewhere, then one here to know the page is listening.
        await Db.Data.IssueAsync(other.Space.Id, other.Admin.Id, "Somebody else's secret");
        var mine = await Db.Data.IssueAsync(team.Space.Id, team.Admin.Id, "Ours");

        // Assert
        cut.WaitForAssertion(() => Assert.Equal($"Alice Admin opened {mine.Key}", cut.Find("[data-testid=live-note]").TextContent));
        Assert.DoesNotContain("secret", cut.Markup);
    }

    [Fact]
    public async Task Board_TakesItsFiltersFromTheQueryString()
    {
        var (team, open, _, done) = await BoardAsync();
        SignIn(team.Member);
        RenderProviders();

        var byPriority = RenderAt<BoardPage>($"/?space_id={team.Space.Id}&priority=critical,high");
        byPriority.WaitForAssertion(() => Assert.Equal([open.Key], Keys(byPriority, IssueStatus.Open)));
        Assert.Empty(Keys(byPriority, IssueStatus.InProgress));
        Assert.Equal([done.Key], Keys(byPriority, IssueStatus.Resolved));

        var mine = RenderAt<BoardPage>($"/?space_id={team.Space.Id}&assignee_id=me");
        mine.WaitForAssertion(() => Assert.Equal([open.Key], Keys(mine, IssueStatus.Open)));
        Assert.Equal("0", Count(mine, IssueStatus.InProgress));

        var text = RenderAt<BoardPage>($"/?space_id={team.Space.Id}&q=late%20arriving");
        text.WaitForAssertion(() => Assert.Equal("1", Count(text, IssueStatus.InProgress)));
        Assert.Equal("0", Count(text, IssueStatus.Open));
    }

    [Fact]
    public async Task Board_ResolvedOlderThan14Days_OnlyWithAllResolved()
    {
        var (team, _, _, done) = await BoardAsync();
        Db.Clock.Advance(TimeSpan.FromDays(15));
        SignIn(team.Member);
        RenderProviders();

        var board = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        board.WaitForAssertion(() => Assert.Equal("0", Count(board, IssueStatus.Resolved)));
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/?space_id={team.Space.Id}&resolved=all");

        board.WaitForAssertion(() => Assert.Equal([done.Key], Keys(board, IssueStatus.Resolved)));
    }

    [Fact]
    public async Task Column_Shows20Cards_MoreOnRequest_AndLinksToTheList()
    {
        var team = await Db.Data.TeamAsync();
        for (var i = 0; i < 30; i++) await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, $"Null spike {i}");
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Equal(20, Keys(cut, IssueStatus.Open).Length));
        var open = cut.Find($"[data-testid=column-{IssueStatus.Open}]");
        Assert.Contains("Showing 20 of 30", open.TextContent);
        var listLink = open.QuerySelectorAll("a").Single(a => a.TextContent.Contains("see all in the list"));
        Assert.Contains("issues?", listLink.GetAttribute("href"));
        Assert.Contains("status=open", listLink.GetAttribute("href"));

        cut.Find("button[aria-label='Show more Open issues']").Click();

        cut.WaitForAssertion(() => Assert.Equal(30, Keys(cut, IssueStatus.Open).Length));
        Assert.Empty(cut.FindAll("button[aria-label='Show more Open issues']"));
        Assert.Equal("30", Count(cut, IssueStatus.Open));
    }

    [Fact]
    public async Task Drop_OnAnotherColumn_ChangesStatusThroughTheServiceAndWritesHistory()
    {
        var (team, open, _, _) = await BoardAsync();
        SignIn(team.Member);
        var providers = RenderProviders();
        var cut = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Equal([open.Key], Keys(cut, IssueStatus.Open)));
        Assert.Equal("true", Draggable(cut, open.Key));

        Drag(cut, open.Key, IssueStatus.InProgress);

        cut.WaitForAssertion(() => Assert.Contains(open.Key, Keys(cut, IssueStatus.InProgress)));
        Assert.Empty(Keys(cut, IssueStatus.Open));
        var history = (await Db.Get<IssueService>().HistoryAsync(open.Id, 1, 20, team.Member.Id))!.Items;
        Assert.Contains(history, h => h.Action == IssueEventKind.StatusChanged && h.OldValue == "open" && h.NewValue == "in_progress");
        providers.WaitForAssertion(() => Assert.Contains($"{open.Key} moved to In progress", providers.Markup));
    }

    [Fact]
    public async Task Drop_OnItsOwnColumn_OrWithoutADrag_ChangesNothing()
    {
        var (team, open, busy, _) = await BoardAsync();
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Equal([open.Key], Keys(cut, IssueStatus.Open)));

        Drag(cut, open.Key, IssueStatus.Open);
        cut.Find($"[data-testid=column-{IssueStatus.Resolved}] [data-testid=drop-zone]").Drop();
        cut.Find($"[data-testid=issue-card][data-key='{busy.Key}']").ParentElement!.DragStart();
        cut.Find($"[data-testid=issue-card][data-key='{busy.Key}']").ParentElement!.DragEnd();
        cut.Find($"[data-testid=column-{IssueStatus.Resolved}] [data-testid=drop-zone]").Drop();

        Assert.Equal([open.Key], Keys(cut, IssueStatus.Open));
        Assert.Equal([busy.Key], Keys(cut, IssueStatus.InProgress));
        var history = (await Db.Get<IssueService>().HistoryAsync(open.Id, 1, 20, team.Member.Id))!.Items;
        Assert.Single(history);
        Assert.Equal(IssueStatus.InProgress, (await Db.Get<IssueService>().GetAsync(busy.Id, team.Member.Id))!.Status);
    }

    [Fact]
    public async Task Drop_OfACardSomeoneChangedMeanwhile_DoesNotOverwriteIt_AndSaysWho()
    {
        // Arrange: the board shows version 1 of the card; Alice changes the issue in a way this board has not heard
        // yet (another instance, a lagging feed: here, a write around the feed).
        var (team, open, _, _) = await BoardAsync();
        SignIn(team.Member);
        var providers = RenderProviders();
        var cut = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Equal([open.Key], Keys(cut, IssueStatus.Open)));
        await Db.Get<IssueService>().UpdateAsync(open.Id, new UpdateIssueRequest { Priority = IssuePriority.Low }, team.Admin.Id);
        cut.WaitForAssertion(() => Assert.Contains("Low", cut.Find($"[data-testid=issue-card][data-key='{open.Key}']").TextContent));
        // The live update brought version 2; make the card stale again, as a board that missed it would be.
        await using (var context = Db.NewContext())
            await context.Issues.Where(i => i.Id == open.Id).ExecuteUpdateAsync(u => u.SetProperty(i => i.Version, i => i.Version + 1));

        // Act
        Drag(cut, open.Key, IssueStatus.InProgress);

        // Assert: not moved, told who changed it; the board shows it as it is.
        providers.WaitForAssertion(() => Assert.Contains($"{open.Key} was changed by Alice Admin meanwhile", providers.Markup));
        Assert.Equal(IssueStatus.Open, (await Db.Get<IssueService>().GetAsync(open.Id, team.Member.Id))!.Status);
        cut.WaitForAssertion(() => Assert.Equal([open.Key], Keys(cut, IssueStatus.Open)));
    }

    [Fact]
    public async Task Drop_ByAViewer_IsRefusedVisiblyAndTheCardStays()
    {
        var (team, open, _, _) = await BoardAsync();
        SignIn(team.Viewer);
        var providers = RenderProviders();
        var cut = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Equal([open.Key], Keys(cut, IssueStatus.Open)));
        Assert.Equal("false", Draggable(cut, open.Key));

        // A viewer's browser does not start the drag; one that sends the events anyway is refused by the service.
        Drag(cut, open.Key, IssueStatus.InProgress);

        providers.WaitForAssertion(() => Assert.Contains($"{open.Key} was not changed", providers.Markup));
        Assert.Equal([open.Key], Keys(cut, IssueStatus.Open));
        Assert.Equal(IssueStatus.Open, (await Db.Get<IssueService>().GetAsync(open.Id, team.Viewer.Id))!.Status);
    }

    [Fact]
    public async Task Card_ShowsKeyTitlePriorityWordProductAssigneeAgeAndAlertMark()
    {
        var team = await Db.Data.TeamAsync();
        await Db.Data.ManualAlertsAsync(team.Space.Id, team.Admin.Id);
        var alert = (await Db.Get<AlertService>().ReportAsync(new ReportAlertRequest
        {
            ProductId = team.Product.Id,
            Check = "freshness",
            Kind = AlertKind.Freshness,
            Status = AlertStatus.Firing,
            Title = "Freshness check failed",
        }, team.Member.Id)).Alert;
        var issue = (await Db.Get<IssueService>().CreateAsync(new CreateIssueRequest
        {
            SpaceId = team.Space.Id,
            Title = "Freshness check failed",
            AlertId = alert.Id,
            AssigneeId = team.Member.Id,
            Priority = IssuePriority.High,
        }, team.Member.Id)).Issue;
        var summary = (await Db.Get<IssueService>().ListSummariesAsync(new IssueQuery { SpaceId = team.Space.Id }, team.Member.Id)).Items.Single();
        Db.Clock.Advance(TimeSpan.FromDays(3));

        var cut = Render(IssueCard.Render(summary, Db.Clock.GetUtcNow().UtcDateTime));

        Assert.Contains(issue.Key, cut.Markup);
        Assert.Equal("Freshness check failed", cut.Find("[data-testid=issue-title]").TextContent.Trim());
        Assert.Equal("High", cut.Find("[data-testid=priority]").TextContent.Trim());
        Assert.Contains("Customer Events", cut.Markup);
        Assert.Equal("Jane Developer", cut.Find("img").GetAttribute("alt"));
        Assert.Contains("3 days ago", cut.Markup);
        Assert.Equal("Alert firing", cut.Find("[data-testid=alert-mark]").GetAttribute("aria-label"));
    }
}

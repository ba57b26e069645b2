using System.Net.Http.Json;
using IssueTracker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static IssueTracker.Tests.E2E.TrackerPages;
using static Microsoft.Playwright.Assertions;

namespace IssueTracker.Tests.E2E;

/// <summary>Two people, two browsers: what one does shows on the other's open pages without a reload.</summary>
[Trait("Category", "E2E")]
public sealed class LiveUpdatesTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private async Task<IPage> SignedInPageAsync(string email)
    {
        var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, email, TestData.Password);
        return page;
    }

    [E2EFact]
    public async Task OnesDrag_ApiPatch_AndComment_ShowOnTheOthersOpenPages()
    {
        // Arrange: Jane and Alice both have the space's board open.
        var team = await app.TeamAsync();
        var issue = await app.Data.IssueAsync(team.Space.Id, team.Member.User.Id, "Customer ID nulls increased");
        var jane = await SignedInPageAsync(team.Member.User.Email);
        var alice = await SignedInPageAsync(team.Admin.User.Email);
        await OpenAsync(jane, $"/?space_id={team.Space.Id}");
        await OpenAsync(alice, $"/?space_id={team.Space.Id}");
        await Expect(Card(Column(alice, "Open"), issue.Title)).ToBeVisibleAsync();

        // Act + Assert: Jane drags the card; Alice's board follows, and says who moved it.
        await Card(Column(jane, "Open"), issue.Title).DragToAsync(Column(jane, "InProgress").Locator(".board-zone"));
        await Expect(Card(Column(alice, "InProgress"), issue.Title)).ToBeVisibleAsync();
        await Expect(Card(Column(alice, "Open"), issue.Title)).ToHaveCountAsync(0);
        await Expect(alice.GetByTestId("live-note")).ToHaveTextAsync($"Jane Developer changed {issue.Key}");
        // The moved card is ringed for a moment, then looks like every other card again.
        var moved = Card(Column(alice, "InProgress"), issue.Title);
        var ring = new System.Text.RegularExpressions.Regex(@"0px 0px 0px 3px");
        Assert.Matches(ring, await moved.EvaluateAsync<string>("e => getComputedStyle(e).boxShadow"));
        await Expect(moved).Not.ToHaveCSSAsync("box-shadow", ring, new() { Timeout = 5_000 });

        // An integration changes the priority through the API while Alice has the issue open.
        await OpenAsync(alice, $"/issues/{issue.Id}");
        using var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", team.Member.Token);
        Assert.True((await api.PatchAsJsonAsync($"/api/issues/{issue.Id}", new { priority = "critical" })).IsSuccessStatusCode);
        await Expect(alice.Locator("input[data-testid=priority-select]")).ToHaveValueAsync("Critical");

        // Jane comments on her own page; it appears on Alice's.
        await OpenAsync(jane, $"/issues/{issue.Id}");
        await jane.GetByTestId("comment-input").FillAsync("Upstream fixed the export; verifying tonight's load.");
        await jane.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();
        await Expect(alice.GetByTestId("comment")).ToContainTextAsync("verifying tonight's load");
        await alice.ScreenshotAsync(new() { Path = Path.Combine(BrowserAppFixture.ArtifactsFolder, "live-detail.png"), FullPage = true });
    }

    [E2EFact]
    public async Task AssigningSomeone_RaisesTheirBell_AndTheInboxLeadsToTheIssue()
    {
        // Arrange: Jane (the member) has the board open; Alice (the space admin) has the issue open.
        var team = await app.TeamAsync();
        var issue = await app.Data.IssueAsync(team.Space.Id, team.Admin.User.Id, "Missing transactions for Jan 14");
        var jane = await SignedInPageAsync(team.Member.User.Email);
        var alice = await SignedInPageAsync(team.Admin.User.Email);
        await OpenAsync(jane, $"/?space_id={team.Space.Id}");
        await Expect(jane.GetByTestId("bell")).ToHaveAttributeAsync("aria-label", "Notifications, none unread");
        await OpenAsync(alice, $"/issues/{issue.Id}");

        // Act: Alice assigns the issue to Jane.
        await ChooseAsync(alice, "assignee-select", "Jane Developer");

        // Assert: Jane's bell rises without a reload; the inbox says why and leads to the issue, which reads it.
        await Expect(jane.GetByTestId("bell-count")).ToHaveTextAsync("1");
        await jane.GetByTestId("bell").ClickAsync();
        await Expect(jane.GetByTestId("notification-text")).ToHaveTextAsync("Alice Admin assigned the issue to you");
        await jane.GetByRole(AriaRole.Link, new() { Name = $"{issue.Key} {issue.Title}" }).ClickAsync();
        await Expect(jane.GetByTestId("issue-title")).ToContainTextAsync(issue.Title);
        await Expect(jane.GetByTestId("bell-count")).ToHaveCountAsync(0);
    }

    [E2EFact]
    public async Task NavigatingAmongLivePages_InOneCircuit_LeavesNoListenerBehind()
    {
        // Arrange: one tab on the board (interactive, one circuit for all that follows).
        var team = await app.TeamAsync();
        var page = await SignedInPageAsync(team.Member.User.Email);
        await OpenAsync(page, "/");
        await Expect(page.GetByTestId("column-Open")).ToBeVisibleAsync();
        var feed = app.Services.GetRequiredService<Web.Live.ChangeFeed>();
        var start = feed.SubscriberCount;
        var menu = page.GetByRole(AriaRole.Navigation);

        // Act: forty in-app navigations between live pages (board, list, inbox, alerts).
        for (var i = 0; i < 10; i++)
        {
            await menu.GetByRole(AriaRole.Link, new() { Name = "Issues", Exact = true }).ClickAsync();
            await Expect(page.GetByTestId("issue-grid")).ToBeVisibleAsync();
            await menu.GetByRole(AriaRole.Link, new() { Name = "Inbox", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/inbox$"));
            await menu.GetByRole(AriaRole.Link, new() { Name = "Alerts", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/alerts$"));
            await menu.GetByRole(AriaRole.Link, new() { Name = "Board", Exact = true }).ClickAsync();
            await Expect(page.GetByTestId("column-Open")).ToBeVisibleAsync();
        }

        // Assert: back on the board, the feed has as many listeners as when it was first open (each page let go of its own).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (feed.SubscriberCount != start && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(start, feed.SubscriberCount);
    }

    [E2EFact]
    public async Task OnePersonsTwoTabs_AChangeInOneShowsInTheOther_AndNotTwiceInItsOwn()
    {
        // Arrange: Jane has the issue open in two tabs (one browser, one sign-in).
        var team = await app.TeamAsync();
        var issue = await app.Data.IssueAsync(team.Space.Id, team.Member.User.Id, "Orders table lagging");
        var first = await SignedInPageAsync(team.Member.User.Email);
        var second = await first.Context.NewPageAsync();
        await OpenAsync(first, $"/issues/{issue.Id}");
        await OpenAsync(second, $"/issues/{issue.Id}");

        // Act: she comments in the first tab.
        await first.GetByTestId("comment-input").FillAsync("Lag is from the nightly backfill.");
        await first.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();

        // Assert: the second tab shows it, and says it was her, elsewhere; the first shows it once and says nothing.
        await Expect(second.GetByTestId("comment")).ToContainTextAsync("nightly backfill");
        await Expect(second.GetByTestId("live-note")).ToHaveTextAsync($"You (elsewhere) commented on {issue.Key}");
        await Expect(first.GetByTestId("comment")).ToHaveCountAsync(1);
        await Expect(first.GetByTestId("live-note")).ToHaveTextAsync("");
    }
}

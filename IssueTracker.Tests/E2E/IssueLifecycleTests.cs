using System.Diagnostics;
using System.Text.RegularExpressions;
using IssueTracker.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static IssueTracker.Tests.E2E.TrackerPages;
using static Microsoft.Playwright.Assertions;

namespace IssueTracker.Tests.E2E;

[Trait("Category", "E2E")]
public sealed class IssueLifecycleTests(BrowserAppFixture app, ITestOutputHelper output) : IClassFixture<BrowserAppFixture>
{
    private Task<IBrowserContext> NewContextAsync() => app.Browser.NewContextAsync(new()
    {
        BaseURL = app.BaseUrl,
        ViewportSize = new() { Width = 1280, Height = 900 },
    });

    [E2EFact]
    public async Task Triage_CreateMoveAssignPrioritizeComment_EachChangeInTheTimeline_AndVisibleToOthers()
    {
        var watch = Stopwatch.StartNew();
        var team = await app.TeamAsync();
        const string title = "Missing transactions for Jan 14";

        // Sign in and create an issue from the board with the "c" shortcut.
        await using var jane = await NewContextAsync();
        var page = await jane.NewPageAsync();
        await SignInAsync(page, team.Member.User.Email, TestData.Password);
        await OpenAsync(page, $"/?space_id={team.Space.Id}");
        await page.Keyboard.PressAsync("c");
        await page.GetByTestId("new-issue-title").FillAsync(title);
        await page.GetByTestId("new-issue-description").FillAsync("No transaction records loaded for **2026-01-14**.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create issue" }).ClickAsync();
        await Expect(Card(Column(page, "Open"), title)).ToBeVisibleAsync();

        // Move it to In progress by dragging the card.
        await Card(Column(page, "Open"), title).DragToAsync(Column(page, "InProgress").Locator(".board-zone"));
        await Expect(Card(Column(page, "InProgress"), title)).ToBeVisibleAsync();
        await Expect(page.GetByText("moved to In progress")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Artifact("board.png") });

        // On the detail page: assign, raise the priority, comment.
        await Card(Column(page, "InProgress"), title).GetByTestId("issue-title").ClickAsync();
        await Expect(page.GetByTestId("issue-title")).ToContainTextAsync(title);
        await page.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await ChooseAsync(page, "assignee-select", "Jane Developer");
        await ChooseAsync(page, "priority-select", "Critical");
        await page.GetByTestId("comment-input").FillAsync("Identified the root cause - upstream pipeline failed.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("comment")).ToContainTextAsync("upstream pipeline failed");

        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^History") }).ClickAsync();
        var timeline = page.GetByTestId("timeline");
        await Expect(timeline).ToContainTextAsync("Jane Developer created the issue");
        await Expect(timeline).ToContainTextAsync("Jane Developer changed the status from Open to In progress");
        await Expect(timeline).ToContainTextAsync("Jane Developer assigned Jane Developer");
        await Expect(timeline).ToContainTextAsync("Jane Developer changed the priority from Medium to Critical");
        await Expect(timeline).ToContainTextAsync("Jane Developer commented");
        await page.ScreenshotAsync(new() { Path = Artifact("detail.png"), FullPage = true });
        var issueUrl = page.Url;

        // Someone else, in their own browser session, sees the result after a reload.
        await using var alice = await NewContextAsync();
        var other = await alice.NewPageAsync();
        await SignInAsync(other, team.Admin.User.Email, TestData.Password);
        await OpenAsync(other, issueUrl);
        await Expect(other.Locator("input[data-testid=priority-select]")).ToHaveValueAsync("Critical");
        await Expect(other.Locator("input[data-testid=assignee-select]")).ToHaveValueAsync("Jane Developer");
        await Expect(other.Locator("input[data-testid=status-select]")).ToHaveValueAsync("In progress");
        await Expect(other.GetByTestId("comment")).ToContainTextAsync("upstream pipeline failed");
        await OpenAsync(other, $"/?space_id={team.Space.Id}");
        await Expect(Card(Column(other, "InProgress"), title)).ToBeVisibleAsync();

        // The filters open from one button; the pickers render their options only while open, the closed picker still
        // names the choice, and the closed bar shows it as a chip that takes it away again.
        await other.GetByTestId("filters-toggle").ClickAsync();
        await ChooseAsync(other, "filter-assignee", "Jane Developer");
        await Expect(other).ToHaveURLAsync(new Regex("assignee_id="));
        await Expect(other.Locator("input[data-testid=filter-assignee]")).ToHaveValueAsync("Jane Developer");
        await Expect(other.Locator("input[data-testid=filter-space]")).ToHaveValueAsync(team.Space.Name);
        await Expect(Card(Column(other, "InProgress"), title)).ToBeVisibleAsync();
        await other.GetByTestId("filters-toggle").ClickAsync();
        await Expect(other.GetByTestId("filter-panel")).ToHaveCountAsync(0);
        await Expect(other.GetByTestId("filters-toggle")).ToHaveTextAsync("Filters (2)");
        await other.GetByRole(AriaRole.Button, new() { Name = "Remove filter Assignee: Jane Developer" }).ClickAsync();
        await Expect(other).Not.ToHaveURLAsync(new Regex("assignee_id="));
        await Expect(other.GetByTestId("filters-toggle")).ToHaveTextAsync("Filters (1)");

        output.WriteLine($"E2E triage flow took {watch.Elapsed.TotalSeconds:F1} s; screenshots: {Artifact("board.png")}, {Artifact("detail.png")}");
    }

    [E2EFact]
    public async Task Viewer_CannotPickUpCards_TheCardStays()
    {
        var team = await app.TeamAsync();
        await app.Data.IssueAsync(team.Space.Id, team.Member.User.Id, "Schema drift on amount");
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, team.Viewer.User.Email, TestData.Password);
        await OpenAsync(page, $"/?space_id={team.Space.Id}");

        await Card(Column(page, "Open"), "Schema drift on amount").DragToAsync(Column(page, "Resolved").Locator(".board-zone"));

        // Viewers cannot pick cards up at all; the card stays where it was.
        await Expect(Card(Column(page, "Open"), "Schema drift on amount")).ToBeVisibleAsync();
        await Expect(Card(Column(page, "Resolved"), "Schema drift on amount")).ToHaveCountAsync(0);
    }

    [E2EFact]
    public async Task AnonymousVisitor_IsSentToSignIn()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/issues");

        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true })).ToBeVisibleAsync();
    }

    private static string Artifact(string name) => Path.Combine(BrowserAppFixture.ArtifactsFolder, name);
}

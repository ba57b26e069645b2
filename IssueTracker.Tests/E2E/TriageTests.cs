using IssueTracker.Tests.Infrastructure;
using Microsoft.Playwright;
using static IssueTracker.Tests.E2E.TrackerPages;
using static Microsoft.Playwright.Assertions;

namespace IssueTracker.Tests.E2E;

[Trait("Category", "E2E")]
public sealed class TriageTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [E2EFact]
    public async Task DraggingToResolved_AsksWhy_AndADuplicateLinksBothIssues()
    {
        var team = await app.TeamAsync();
        var original = await app.Data.IssueAsync(team.Space.Id, team.Member.User.Id, "Missing transactions for Jan 14");
        var copy = await app.Data.IssueAsync(team.Space.Id, team.Member.User.Id, "Jan 14 transactions missing");
        await using var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, team.Member.User.Email, TestData.Password);
        await OpenAsync(page, $"/?space_id={team.Space.Id}");

        // Drag the copy to Resolved: the board asks why before anything changes.
        await Card(Column(page, "Open"), copy.Title).DragToAsync(Column(page, "Resolved").Locator(".board-zone"));
        var dialog = page.GetByTestId("resolve-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await ChooseAsync(page, "resolve-reason", "Duplicate");
        await page.Locator("input[data-testid=resolve-duplicate]").FillAsync(original.Key);
        await page.GetByRole(AriaRole.Option, new() { Name = $"{original.Key} {original.Title}" }).ClickAsync();
        await Expect(dialog.GetByText($"Resolves as a duplicate of {original.Key} (open)")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();

        // The card is resolved as a duplicate, and the original tells of it.
        var resolved = Card(Column(page, "Resolved"), copy.Title);
        await Expect(resolved).ToBeVisibleAsync();
        await Expect(resolved.GetByTestId("resolution")).ToHaveTextAsync("Duplicate");
        await OpenAsync(page, $"/issues/{original.Id}");
        var link = page.GetByTestId("link");
        await Expect(link).ToContainTextAsync($"is duplicated by {copy.Key}");
        await Expect(link.GetByTestId("status")).ToHaveTextAsync("Resolved");
        await OpenAsync(page, $"/issues/{copy.Id}");
        await Expect(page.GetByTestId("resolution")).ToContainTextAsync($"Duplicate of {original.Key}");
    }
}

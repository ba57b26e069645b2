using IssueTracker.Tests.Infrastructure;
using Microsoft.Playwright;
using static IssueTracker.Tests.E2E.TrackerPages;
using static Microsoft.Playwright.Assertions;

namespace IssueTracker.Tests.E2E;

/// <summary>Triage with the keyboard alone, as a person who cannot (or would rather not) use a mouse does it.</summary>
[Trait("Category", "E2E")]
public sealed class KeyboardTriageTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [E2EFact]
    public async Task AnIssue_GoesFromOpen_ToInProgress_ToMine_ToResolved_WithTheKeyboardOnly()
    {
        // Arrange: the issue on an open board; from here on, only keys.
        var team = await app.TeamAsync();
        var issue = await app.Data.IssueAsync(team.Space.Id, team.Admin.User.Id, "Missing transactions for Jan 14");
        await using var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, team.Member.User.Email, TestData.Password);
        await OpenAsync(page, $"/?space_id={team.Space.Id}");
        var note = page.GetByTestId("live-note");
        Task<string?> Focused(string attribute) => page.EvaluateAsync<string?>($"() => document.activeElement?.getAttribute('{attribute}')");

        async Task TabToTheCardAsync()
        {
            for (var i = 0; i < 80 && await Focused("data-card-key") != issue.Key; i++) await page.Keyboard.PressAsync("Tab");
            Assert.Equal(issue.Key, await Focused("data-card-key"));
        }
        await TabToTheCardAsync();

        // "?" lists the shortcuts; Escape closes the list.
        await page.Keyboard.PressAsync("?");
        await Expect(page.GetByTestId("shortcuts-dialog")).ToContainTextAsync("Assign it to me");
        // The dialog listens for Escape once its script has started: a key before that is not heard, so it is pressed again.
        for (var i = 0; i < 20 && await page.GetByTestId("shortcuts-dialog").IsVisibleAsync(); i++)
        {
            await page.Keyboard.PressAsync("Escape");
            await page.WaitForTimeoutAsync(250);
        }
        await Expect(page.GetByTestId("shortcuts-dialog")).ToBeHiddenAsync();
        if (await Focused("data-card-key") != issue.Key) await TabToTheCardAsync();

        // "]": In progress, and the focus stays on the card.
        await page.Keyboard.PressAsync("]");
        await Expect(Card(Column(page, "InProgress"), issue.Title)).ToBeVisibleAsync();
        await Expect(note).ToHaveTextAsync($"{issue.Key} moved to In progress");
        Assert.Equal(issue.Key, await Focused("data-card-key"));

        // "i": mine.
        await page.Keyboard.PressAsync("i");
        await Expect(note).ToHaveTextAsync($"{issue.Key} is assigned to you");

        // "]": resolving asks why; the reason is chosen and confirmed with keys.
        await page.Keyboard.PressAsync("]");
        var dialog = page.GetByTestId("resolve-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        for (var i = 0; i < 10 && await Focused("data-testid") != "resolve-reason"; i++) await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "Fixed", Exact = true })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("input[data-testid=resolve-reason]")).ToHaveValueAsync("Fixed");
        for (var i = 0; i < 10 && await page.EvaluateAsync<string?>("() => document.activeElement?.textContent?.trim()") != "Resolve"; i++) await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");

        // Assert: resolved as fixed, mine, and said so.
        await Expect(Card(Column(page, "Resolved"), issue.Title)).ToBeVisibleAsync();
        await Expect(note).ToHaveTextAsync($"{issue.Key} moved to Resolved");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserAppFixture.ArtifactsFolder, "keyboard-triage.png") });
        var saved = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/issues/{issue.Id}"));
        Assert.Equal(("resolved", "fixed", team.Member.User.Id.ToString()),
            (saved.GetProperty("status").GetString(), saved.GetProperty("resolution").GetString(), saved.GetProperty("assignee").GetProperty("id").GetString()));
    }
}

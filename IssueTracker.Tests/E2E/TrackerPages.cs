using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IssueTracker.Tests.E2E;

/// <summary>The few steps the browser flows repeat, addressed by role, label and test id.</summary>
public static class TrackerPages
{
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.Locator("#Input\\.Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        // Signed in once the browser has left the form; waiting for the next page's load event as well timed out once
        // in CI on a busy machine, and every caller waits for the page it opens next anyway (OpenAsync).
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login"), new() { WaitUntil = WaitUntilState.Commit });
    }

    /// <summary>Opens a page and waits for the circuit: a click on prerendered HTML would be lost.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    public static ILocator Column(IPage page, string status) => page.GetByTestId($"column-{status}");

    public static ILocator Card(ILocator scope, string title) => scope.GetByTestId("issue-card").Filter(new() { HasText = title });

    /// <summary>Picks an option of a MudSelect identified by its test id.</summary>
    public static async Task ChooseAsync(IPage page, string selectTestId, string option)
    {
        await page.GetByTestId(selectTestId).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true })).ToBeHiddenAsync();
    }
}

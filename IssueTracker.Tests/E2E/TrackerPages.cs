using System.Text.RegularExpressions;
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
        // Signed in once the browser has left the form. Only the address is polled: WaitForURLAsync also waits for a load
        // state once the address matches, and that wait hung for 30 s in CI on a busy machine (twice, even with
        // WaitUntil = Commit); every caller waits for the page it opens next anyway (OpenAsync).
        await Expect(page).Not.ToHaveURLAsync(new Regex("/Account/Login"), new() { Timeout = 30_000 });
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

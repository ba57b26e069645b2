using System.Text.Json;
using IssueTracker.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using static IssueTracker.Tests.E2E.TrackerPages;

namespace IssueTracker.Tests.E2E;

/// <summary>
/// Every page, signed in over the demo data, in the light and the dark theme, checked by axe-core (the npm package,
/// installed by <c>.ci/run</c> into <c>.ci/axe</c>, loaded into the page by Playwright) against the WCAG 2.0, 2.1 and
/// 2.2 A and AA rules: any violation fails, named with the elements it was found on.
/// </summary>
[Trait("Category", "E2E")]
public sealed class AccessibilityTests(AccessibilityTests.DemoFixture app) : IClassFixture<AccessibilityTests.DemoFixture>
{
    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var theme in new[] { "light", "dark" })
        {
            foreach (var page in new[] { "/", "/issues", "issue", "/alerts", "/spaces", "/products", "product-alerts", "/tokens", "/inbox", "/insights", "/connect", "/users", "/Account/Login",
                "board-card-menu", "shortcuts", "phone-board" })
                data.Add(page, theme);
        }
        return data;
    }

    [AxeTheory]
    [MemberData(nameof(Pages))]
    public async Task Page_HasNoWcagViolations(string path, string theme)
    {
        // Arrange
        await using var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseUrl,
            ViewportSize = path == "phone-board" ? new() { Width = 390, Height = 844 } : new() { Width = 1280, Height = 900 },
            // axe is added to the page as a script, which the app's Content-Security-Policy would refuse.
            BypassCSP = true,
            StorageState = path == "/Account/Login" ? null : await app.SignedInStateAsync(),
        });
        await context.AddCookiesAsync([new Cookie { Name = Web.Components.Shared.ThemeCookie.Name, Value = theme, Url = app.BaseUrl }]);
        var page = await context.NewPageAsync();

        // Act
        var address = path switch
        {
            "issue" => $"/issues/{await app.DemoIssueIdAsync()}",
            "product-alerts" => $"/products/{await app.DemoProductIdAsync()}/alerts",
            "board-card-menu" or "shortcuts" or "phone-board" => "/",
            _ => path,
        };
        if (path == "/Account/Login") await page.GotoAsync(address);
        else await OpenAsync(page, address);
        if (path == "board-card-menu")
        {
            // A card's actions menu open, as "m" opens it.
            await page.Locator("[data-card-key]").First.FocusAsync();
            await page.Keyboard.PressAsync("m");
            await page.GetByTestId("card-menu").WaitForAsync();
        }
        else if (path == "shortcuts")
        {
            await page.Keyboard.PressAsync("?");
            await page.GetByTestId("shortcuts-dialog").WaitForAsync();
        }
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var violations = await Axe.RunAsync(page);

        // Assert
        Assert.True(violations.Count == 0, $"{address} ({theme}): {violations.Count} axe violations\n{string.Join("\n", violations)}");
    }

    /// <summary>The app with its demo data (what a new user sees first), signed in as the demo's Jane once.</summary>
    public sealed class DemoFixture : BrowserAppFixture
    {
        private string? _state;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("IssueTracker:SeedDemoData", "true");
        }

        public async Task<string> SignedInStateAsync()
        {
            if (_state is not null) return _state;
            await using var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl });
            var page = await context.NewPageAsync();
            await SignInAsync(page, Web.Setup.DemoData.DemoEmail, Web.Setup.DemoData.DemoPassword);
            return _state = await context.StorageStateAsync();
        }

        public async Task<Guid> DemoIssueIdAsync() =>
            (await ApiAssert.JsonAsync(await WithToken(Web.Setup.DemoData.DemoApiToken).GetAsync("/api/issues?size=1")))
                .GetProperty("items")[0].GetProperty("id").GetGuid();

        public async Task<Guid> DemoProductIdAsync() =>
            (await ApiAssert.JsonAsync(await WithToken(Web.Setup.DemoData.DemoApiToken).GetAsync("/api/products?size=1")))
                .GetProperty("items")[0].GetProperty("id").GetGuid();
    }
}

/// <summary>axe-core in a page: its WCAG A and AA rules (2.0, 2.1, 2.2), each violation with the elements it was found on.</summary>
public static class Axe
{
    /// <summary>Where <c>npm ci --prefix .ci/axe</c> (run by <c>.ci/run</c>) puts axe-core.</summary>
    public static string ScriptPath { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../..", ".ci", "axe", "node_modules", "axe-core", "axe.min.js"));

    public static async Task<IReadOnlyList<string>> RunAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Path = ScriptPath });
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] } });
              return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 6).map(n => n.target.join(' ') + ' ' + n.html.slice(0, 160) + ' in ' + (((document.querySelector(n.target[0]) || document.body).closest('.mud-input-control') || document.body).querySelector('label, input') || document.body).outerHTML.slice(0, 300) + ' :: ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 220)), count: v.nodes.length }));
            }
            """);
        return [.. result.EnumerateArray().Select(v =>
            $"- {v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}, {v.GetProperty("count").GetInt32()} elements): {v.GetProperty("help").GetString()}\n    "
            + string.Join("\n    ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))];
    }
}

/// <summary>
/// An accessibility check: needs Debian's Chromium and axe-core from npm. Where either is missing (a plain
/// <c>dotnet test</c> on a fresh machine) it is skipped with the reason; <c>.ci/run</c> installs both.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AxeTheoryAttribute : TheoryAttribute
{
    public AxeTheoryAttribute()
    {
        if (!File.Exists(E2EFactAttribute.ChromiumPath))
            Skip = E2EFactAttribute.MissingChromium("Accessibility test");
        else if (!File.Exists(Axe.ScriptPath))
            Skip = $"Accessibility test skipped: axe-core is not installed at {Axe.ScriptPath}. Install it with 'npm ci --prefix .ci/axe' or run .ci/run, which does.";
    }
}

using IssueTracker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static IssueTracker.Tests.E2E.TrackerPages;
using static Microsoft.Playwright.Assertions;

namespace IssueTracker.Tests.E2E;

/// <summary>What a triage lead hits in the first hour: the chrome, the pages at a phone's and a laptop's width, the dialogs.</summary>
[Trait("Category", "E2E")]
public sealed class DailyUseTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    // A table path as data teams paste them: one word, no place to break.
    private const string LongWord = "warehouse.analytics_marts.fct_customer_orders_daily_snapshot_incremental_v2_partitioned_by_region";

    private async Task<IPage> PageAsync(int width, int height, string email, string password)
    {
        var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, email, password);
        return page;
    }

    // Elements drawn outside the screen, and, at a laptop's width, boxes whose content runs out sideways (a table that
    // must be scrolled to read its last columns); a code block may scroll, and so may a wide table on a phone. A closed
    // drawer waits off-screen by design.
    private const string OutsideScript = """
        () => {
            const vw = document.documentElement.clientWidth;
            const name = e => e.tagName.toLowerCase() + (e.dataset.testid ? `[data-testid=${e.dataset.testid}]` : "") +
                (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\s+/).slice(0, 3).join(".") : "");
            const found = [];
            if (document.documentElement.scrollWidth > vw + 1) found.push(`the page is ${document.documentElement.scrollWidth}px wide`);
            for (const e of document.querySelectorAll("body *")) {
                const style = getComputedStyle(e);
                if (style.visibility === "hidden" || style.display === "none" || e.closest(".mud-drawer--closed, [aria-hidden=true]")) continue;
                const r = e.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) continue;
                if (vw >= 1000 && (style.overflowX === "auto" || style.overflowX === "scroll") && e.scrollWidth > e.clientWidth + 1 && !e.closest("pre, .markdown-body"))
                    found.push(`${name(e)} scrolls sideways: ${e.scrollWidth}px in ${e.clientWidth}px`);
                if (r.right <= vw + 1 && r.left >= -1) continue;
                let clipped = false;
                for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
                    const o = getComputedStyle(p).overflowX;
                    if (o !== "visible") { const pr = p.getBoundingClientRect(); if (pr.right <= vw + 1 && pr.left >= -1) { clipped = true; break; } }
                }
                if (!clipped) found.push(`${name(e)} at ${Math.round(r.left)}..${Math.round(r.right)}px: "${(e.textContent || "").trim().slice(0, 30)}"`);
            }
            return [...new Set(found)].slice(0, 8);
        }
        """;

    [E2EFact]
    public async Task AccountMenu_OpensWithAMouseClick_AndOffersSignOut()
    {
        var team = await app.TeamAsync();
        var page = await PageAsync(1366, 768, team.Member.User.Email, TestData.Password);
        await OpenAsync(page, "/");

        await page.GetByRole(AriaRole.Button, new() { Name = "Account menu", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Account menu", Exact = true })).ToHaveCountAsync(1);
    }

    [E2EFact]
    public async Task EveryPage_FitsAPhoneAndALaptop_WithNothingOutsideTheScreen()
    {
        // Arrange: an instance admin (every page is theirs), a space with issues, one with a long unbroken word.
        var team = await app.TeamAsync();
        Guid adminId;
        using (var scope = app.Services.CreateScope())
            adminId = (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Web.Domain.ApplicationUser>>().FindByEmailAsync(IssueTrackerFactory.AdminEmail))!.Id;
        await app.Data.MemberAsync(team.Space.Id, adminId, SpaceRole.Admin, team.Admin.User.Id);
        var issue = await app.Data.IssueAsync(team.Space.Id, team.Member.User.Id, $"Nulls in {LongWord}", IssuePriority.High, team.Product.Id, team.Member.User.Id);
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<CommentService>().AddAsync(issue.Id, new CommentRequest { Content = $"The loader for {LongWord} lags." }, team.Member.User.Id);
        string[] paths = ["/", "/issues", $"/issues/{issue.Id}", "/inbox", "/alerts", "/insights", $"/spaces?space={team.Space.Id}", "/products", "/tokens", "/users", "/connect"];

        // Act
        var outside = new List<string>();
        foreach (var (width, height) in new[] { (390, 844), (1366, 768) })
        {
            var page = await PageAsync(width, height, IssueTrackerFactory.AdminEmail, IssueTrackerFactory.AdminPassword);
            foreach (var path in paths)
            {
                await OpenAsync(page, path);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                foreach (var found in await page.EvaluateAsync<string[]>(OutsideScript)) outside.Add($"{width}px {path}: {found}");
            }
            // The new-issue dialog, from the "c" key.
            await OpenAsync(page, "/");
            await page.Keyboard.PressAsync("c");
            await Expect(page.GetByTestId("new-issue-title")).ToBeVisibleAsync();
            foreach (var found in await page.EvaluateAsync<string[]>(OutsideScript)) outside.Add($"{width}px new issue: {found}");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserAppFixture.ArtifactsFolder, $"new-issue-{width}.png") });
            await page.Context.CloseAsync();
        }

        // Assert
        Assert.True(outside.Count == 0, string.Join("\n", outside));
    }

    [E2EFact]
    public async Task NewIssue_FromTheCKey_TypingAtOnceGoesToTheTitle()
    {
        var team = await app.TeamAsync();
        var page = await PageAsync(1366, 768, team.Member.User.Email, TestData.Password);
        await OpenAsync(page, "/");

        await page.Keyboard.PressAsync("c");
        await Expect(page.GetByTestId("new-issue-title")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Row count dropped");

        await Expect(page.GetByTestId("new-issue-title")).ToHaveValueAsync("Row count dropped");
    }

    [E2EFact]
    public async Task ResolveDialog_Cancelled_LeavesTheStatusAsItWas_AndResolvedCanBeChosenAgain()
    {
        // Arrange
        var team = await app.TeamAsync();
        var issue = await app.Data.IssueAsync(team.Space.Id, team.Member.User.Id, "Late partition");
        var page = await PageAsync(1366, 768, team.Member.User.Email, TestData.Password);
        await OpenAsync(page, $"/issues/{issue.Id}");
        await ChooseAsync(page, "status-select", "In progress");
        await Expect(page.Locator("input[data-testid=status-select]")).ToHaveValueAsync("In progress");

        // Act: Resolved, then Cancel in the dialog that asks why.
        await ChooseAsync(page, "status-select", "Resolved");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        // Assert: the picker says what the issue is; choosing Resolved asks again.
        await Expect(page.Locator("input[data-testid=status-select]")).ToHaveValueAsync("In progress");
        await ChooseAsync(page, "status-select", "Resolved");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Resolve");
    }

    [E2EFact]
    public async Task IssuePage_ShowsTheKeyInTheAddressBar_KeepsADraftThroughAReload_AndEnterPicksAMention()
    {
        // Arrange
        var team = await app.TeamAsync();
        var issue = await app.Data.IssueAsync(team.Space.Id, team.Member.User.Id, "Orders lagging");
        var page = await PageAsync(1366, 768, team.Member.User.Email, TestData.Password);

        // Act + Assert: opened by id, the address says the key.
        await OpenAsync(page, $"/issues/{issue.Id}");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/issues/{issue.Key}$"));

        // Half a comment, then a reload: it is still there.
        await page.GetByTestId("comment-input").FillAsync("Backfill is at 60%, ");
        await page.ReloadAsync();
        await page.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByTestId("comment-input")).ToHaveValueAsync("Backfill is at 60%, ");
        await Expect(page.GetByTestId("draft-restored")).ToBeVisibleAsync();

        // Typing @ and part of a handle offers people; Enter picks the first, with no new line.
        await page.GetByTestId("comment-input").PressSequentiallyAsync("@" + team.Admin.User.Handle[..3]);
        await Expect(page.GetByTestId("mention-picker")).ToBeVisibleAsync();
        await page.GetByTestId("comment-input").PressAsync("Enter");
        await Expect(page.GetByTestId("comment-input")).ToHaveValueAsync($"Backfill is at 60%, @{team.Admin.User.Handle} ");

        // Sent: the draft goes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("comment")).ToContainTextAsync("Backfill is at 60%");
        await page.ReloadAsync();
        await page.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByTestId("comment-input")).ToHaveValueAsync("");
    }
}

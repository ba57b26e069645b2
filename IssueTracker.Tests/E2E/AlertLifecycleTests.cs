using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using IssueTracker.Tests.Infrastructure;
using Microsoft.Playwright;
using static IssueTracker.Tests.E2E.TrackerPages;
using static Microsoft.Playwright.Assertions;

namespace IssueTracker.Tests.E2E;

[Trait("Category", "E2E")]
public sealed class AlertLifecycleTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [E2EFact]
    public async Task FailingCheck_OpensAnIssueOnTheBoard_PassingCheck_ResolvesIt_WithItsHistory()
    {
        var team = await app.TeamAsync();
        // The monitor: a script with a member's token, talking HTTP to the running app.
        using var monitor = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        monitor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", team.Member.Token);
        object Check(string status) => new
        {
            product_id = team.Product.Id,
            check = "orders_freshness",
            kind = "freshness",
            status,
            title = "Orders table is stale",
            message = status == "firing" ? "Last load 3h40m late" : "Loaded on time",
            value = status == "firing" ? 220 : 20,
            threshold = 60,
        };

        Assert.Equal(HttpStatusCode.Created, (await monitor.PostAsJsonAsync("/api/alerts", Check("firing"))).StatusCode);

        await using var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, team.Admin.User.Email, TestData.Password);
        await OpenAsync(page, $"/?space_id={team.Space.Id}");
        var card = Card(Column(page, "Open"), "Orders table is stale");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card.GetByTestId("alert-mark")).ToHaveAttributeAsync("aria-label", "Alert firing");

        Assert.Equal(HttpStatusCode.OK, (await monitor.PostAsJsonAsync("/api/alerts", Check("resolved"))).StatusCode);

        await OpenAsync(page, $"/?space_id={team.Space.Id}");
        await Expect(Card(Column(page, "Resolved"), "Orders table is stale")).ToBeVisibleAsync();
        await Card(Column(page, "Resolved"), "Orders table is stale").GetByTestId("issue-title").ClickAsync();
        await Expect(page.GetByTestId("alert-card")).ToContainTextAsync("Resolved");
        await page.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByTestId("comment")).ToContainTextAsync("passed at");
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^History") }).ClickAsync();
        var timeline = page.GetByTestId("timeline");
        await Expect(timeline).ToContainTextAsync("Quality monitor created the issue");
        await Expect(timeline).ToContainTextAsync("The alert fired: Last load 3h40m late");
        await Expect(timeline).ToContainTextAsync("The alert resolved: Loaded on time");
        await Expect(timeline).ToContainTextAsync("Quality monitor changed the status from Open to Resolved");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserAppFixture.ArtifactsFolder, "alert-resolved.png"), FullPage = true });
    }

    [E2EFact]
    public async Task DbtUpload_OpensAnIssue_ThatAppearsOnAnOpenBoard()
    {
        var team = await app.TeamAsync();
        await app.Data.ProductAsync(team.Space.Id, team.Admin.User.Id, "orders");
        await using var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, team.Admin.User.Email, TestData.Password);
        await OpenAsync(page, $"/?space_id={team.Space.Id}");
        await page.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        // The pipeline: dbt's files, one curl's worth, with a member's token.
        using var pipeline = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        pipeline.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", team.Member.Token);
        var fixtureTeam = new Team(team.Space, team.Admin.User, team.Member.User, team.Viewer.User, team.Product);
        using var form = new MultipartFormDataContent
        {
            { new StreamContent(Connectors.DbtConnectorTests.Fixture("run_results.json", fixtureTeam)), "run_results", "run_results.json" },
            { new StreamContent(Connectors.DbtConnectorTests.Fixture("manifest.json", fixtureTeam)), "manifest", "manifest.json" },
        };
        var response = await pipeline.PostAsync($"/api/connectors/dbt?space={team.Space.Key}", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // No reload: the board hears of it.
        var card = Card(Column(page, "Open"), "dbt test not_null on orders.customer_id failed: 12 failing rows");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card.GetByTestId("alert-mark")).ToHaveAttributeAsync("aria-label", "Alert firing");
    }
}

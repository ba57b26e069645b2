using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Pages.Alerts;
using IssueTracker.Web.Components.Pages.Products;
using MudBlazor;

namespace IssueTracker.Tests.Components;

public sealed class AlertsUiTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    private async Task<(Team Team, AlertDto Alert)> FiringAlertAsync(string check = "orders_row_count")
    {
        var team = await Db.Data.TeamAsync();
        var alerts = Db.Get<AlertService>();
        foreach (var (value, status) in new[] { (1_200_000d, AlertStatus.Firing), (1_300_000d, AlertStatus.Firing) })
        {
            Db.Clock.Advance(TimeSpan.FromHours(1));
            await alerts.ReportAsync(new ReportAlertRequest
            {
                ProductId = team.Product.Id,
                Check = check,
                Kind = AlertKind.Volume,
                Status = status,
                Title = "Row count below threshold",
                Message = $"{value:N0} rows",
                Value = value,
                Threshold = 1_800_000,
            }, team.Member.Id);
        }
        var alert = (await alerts.ListAsync(new AlertQuery { SpaceId = team.Space.Id }, team.Member.Id)).Items.Single();
        return (team, alert);
    }

    [Fact]
    public async Task AlertsPage_AMonitorsReport_ShowsAtOnce()
    {
        // Arrange
        var (team, _) = await FiringAlertAsync();
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderAt<AlertsPage>($"/alerts?space={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Contains("Row count below threshold", cut.Markup));

        // Act: a new check starts failing while the page is open.
        await Db.Get<AlertService>().ReportAsync(new ReportAlertRequest
        {
            ProductId = team.Product.Id,
            Check = "orders_freshness",
            Kind = AlertKind.Freshness,
            Status = AlertStatus.Firing,
            Title = "Orders are stale",
        }, team.Admin.Id);

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Orders are stale", cut.Markup));
    }

    [Fact]
    public async Task AlertsPage_ListsAlertsWithTheirIssue_AndFiltersByKindFromTheUrl()
    {
        var (team, alert) = await FiringAlertAsync();
        SignIn(team.Member);
        RenderProviders();

        var volume = RenderAt<AlertsPage>($"/alerts?space={team.Space.Id}&kind=volume");
        volume.WaitForAssertion(() => Assert.Single(volume.FindAll("[data-testid=alert-row]")));
        var row = volume.Find("[data-testid=alert-row]").TextContent;
        Assert.Contains("Row count below threshold", row);
        Assert.Contains("Firing", row);
        Assert.Contains(alert.Issue!.Key, row);
        Assert.Contains("2", row);

        var schema = RenderAt<AlertsPage>($"/alerts?space={team.Space.Id}&kind=schema");
        schema.WaitForAssertion(() => Assert.Contains("No alerts match", schema.Markup));
    }

    [Fact]
    public async Task AlertsPage_DrawerShowsOccurrencesAndTheChart()
    {
        var (team, alert) = await FiringAlertAsync();
        SignIn(team.Viewer);
        var providers = RenderProviders();

        var cut = RenderAt<AlertsPage>($"/alerts?space={team.Space.Id}&alert={alert.Id}");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=occurrence]").Count));
        var occurrences = cut.FindAll("[data-testid=occurrence]");
        Assert.Contains("1,300,000 rows", occurrences[0].TextContent);
        Assert.Contains("Value 1,300,000 (threshold 1,800,000)", occurrences[0].TextContent);
        var chart = cut.FindComponent<MudChart<double>>();
        Assert.Equal(["Value", "Threshold"], chart.Instance.ChartSeries.Select(s => s.Name));
        // An open issue exists, so the drawer offers no second one; and viewers may not create issues anyway.
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() == "Create issue");
    }

    [Fact]
    public async Task AlertCard_ShowsKindStatusOccurrencesAndLastMessage()
    {
        var (_, alert) = await FiringAlertAsync();

        var cut = Render<AlertCard>(p => p.Add(x => x.Alert, alert));

        var text = cut.Find("[data-testid=alert-card]").TextContent;
        Assert.Contains("Row count below threshold", text);
        Assert.Contains("Firing · Volume · 2 occurrences", text.Replace("\n", " ").Replace("  ", " "));
        Assert.Contains("“1,300,000 rows”", text);
        Assert.Equal($"alerts?alert={alert.Id}", cut.Find("a").GetAttribute("href"));
    }

    [Fact]
    public async Task SettingsPage_SpaceAdminSavesAPriority_MemberOnlyReads()
    {
        var team = await Db.Data.TeamAsync();
        SignIn(team.Admin);
        var providers = RenderProviders();
        var cut = Render<ProductAlertSettingsPage>(p => p.Add(x => x.Id, team.Product.Id));
        cut.WaitForAssertion(() => Assert.Contains("In force: High", cut.Markup));

        var freshness = cut.FindComponents<MudSelect<IssuePriority?>>().Single(s => s.Instance.Label == "Priority for freshness alerts");
        await cut.InvokeAsync(() => freshness.Instance.ValueChanged.InvokeAsync(IssuePriority.Critical));
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save settings").Click();

        providers.WaitForAssertion(() => Assert.Contains("Alert settings saved", providers.Markup));
        var policy = (await Db.Get<ProductService>().GetAlertPolicyAsync(team.Product.Id, team.Admin.Id))!;
        Assert.Equal(IssuePriority.Critical, policy.Effective!.Priorities[AlertKind.Freshness]);

        SignIn(team.Member);
        var readOnly = Render<ProductAlertSettingsPage>(p => p.Add(x => x.Id, team.Product.Id));
        readOnly.WaitForAssertion(() => Assert.Contains("Only a space admin can change these settings.", readOnly.Markup));
        Assert.DoesNotContain(readOnly.FindAll("button"), b => b.TextContent.Trim() == "Save settings");
    }
}

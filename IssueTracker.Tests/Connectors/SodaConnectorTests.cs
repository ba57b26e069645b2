using System.Text;
using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Connectors;

/// <summary>Soda Core's scan results file (a fixture written from Soda Core 3's scan results: every outcome it writes) through the connector.</summary>
public sealed class SodaConnectorTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const string RowCount = "warehouse_daily-postgres_dw-orders-row_count-1000-a1b2c3d4";
    private const string MissingEmail = "warehouse_daily-postgres_dw-customers-missing_count-email-5e6f7a8b";
    private const string Schema = "warehouse_daily-postgres_dw-orders-schema-3a4b5c6d";

    internal static Stream Fixture(Team? team = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Connectors", "Fixtures", "soda", "scan_results.json"));
        if (team is not null) text = text.Replace("jane.developer@test.local", team.Member.Email);
        return new MemoryStream(Encoding.UTF8.GetBytes(text));
    }

    private async Task<ConnectorSummaryDto> ImportAsync(Team team) =>
        await db.Get<ConnectorService>().ImportAsync(await SodaScan.ReadAsync(Fixture(team), CancellationToken.None),
            new ConnectorTarget(team.Space.Id, null, null, false, false), team.Member.Id);

    [Fact]
    public async Task EveryOutcome_MapsAsTheSpecSays_ByTableAndAttributes()
    {
        var team = await db.Data.TeamAsync();
        var orders = await db.Data.ProductAsync(team.Space.Id, team.Admin.Id, "orders");
        var customers = await db.Data.ProductAsync(team.Space.Id, team.Admin.Id, "Customer 360");

        var summary = await ImportAsync(team);

        // fail ×2, warn ×1, pass ×1, not evaluated ×1.
        Assert.Equal(new ConnectorResultCounts(5, 2, 1, 0, 1, 1), summary.Results);
        Assert.Equal("2026-12-04T06:00:01+00:00|warehouse_daily", summary.RunId);
        var issues = db.Get<IssueService>();
        var rows = (await issues.GetByKeyAsync(summary.Alerts.Single(a => a.Check == RowCount).IssueKey!, team.Member.Id))!;
        Assert.Equal(("Soda check row_count > 1000 on orders failed", orders.Id, team.Member.Id), (rows.Title, rows.Product!.Id, rows.Assignee?.Id));
        Assert.Contains("812", rows.Description);
        Assert.Contains("row_count > 1000", rows.Description);
        var email = (await issues.GetByKeyAsync(summary.Alerts.Single(a => a.Check == MissingEmail).IssueKey!, team.Member.Id))!;
        Assert.Equal((customers.Id, IssuePriority.Low), (email.Product!.Id, email.Priority));
        var alerts = (await db.Get<AlertService>().ListAsync(new AlertQuery { SpaceId = team.Space.Id }, team.Member.Id)).Items;
        Assert.Equal(AlertKind.Volume, alerts.Single(a => a.Check == RowCount).Kind);
        Assert.Equal(AlertKind.NullRate, alerts.Single(a => a.Check == MissingEmail).Kind);
        Assert.Equal(AlertKind.Schema, alerts.Single(a => a.Check == Schema).Kind);
        Assert.All(alerts, a => Assert.Equal("soda", a.Source));
        Assert.Contains(summary.Skipped, s => s.Reason.Contains("did not evaluate"));
    }

    [Fact]
    public async Task SameScanAgain_IsReplayed_AndNotSodasFormat_Is422()
    {
        var team = await db.Data.TeamAsync();
        await db.Data.ProductAsync(team.Space.Id, team.Admin.Id, "orders");

        var first = await ImportAsync(team);
        var again = await ImportAsync(team);
        var error = await Assert.ThrowsAsync<UnprocessableException>(() =>
            SodaScan.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes("{\"results\": []}")), CancellationToken.None));

        Assert.True(again.Replayed);
        Assert.Equal(first.Issues.Opened, again.Issues.Opened);
        Assert.Contains("--scan-results-file", error.Message);
    }
}

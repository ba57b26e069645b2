using System.Text;
using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Connectors;

/// <summary>
/// Great Expectations' results (fixtures written from GX's validation result JSON: a 1.x checkpoint result and a 0.18
/// one) through the connector: names, kinds, assets, priorities and the run.
/// </summary>
public sealed class GreatExpectationsConnectorTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    internal static Stream Fixture(string name, Team? team = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Connectors", "Fixtures", "gx", name));
        if (team is not null) text = text.Replace("jane.developer@test.local", team.Member.Email);
        return new MemoryStream(Encoding.UTF8.GetBytes(text));
    }

    private async Task<ConnectorSummaryDto> ImportAsync(Team team, string fixture) =>
        await db.Get<ConnectorService>().ImportAsync(await GreatExpectationsResults.ReadAsync(Fixture(fixture, team), CancellationToken.None),
            new ConnectorTarget(team.Space.Id, null, null, false, false), team.Member.Id);

    [Fact]
    public async Task Gx1Checkpoint_EachExpectationIsOneAlert_NamedByItsIdOrWhereItChecks()
    {
        var team = await db.Data.TeamAsync();
        var orders = await db.Data.ProductAsync(team.Space.Id, team.Admin.Id, "orders");

        var summary = await ImportAsync(team, "checkpoint_result_1x.json");

        Assert.Equal(("great_expectations", "nightly-2026-12-04|2026-12-04T06:00:00+00:00"), (summary.Tool, summary.RunId));
        Assert.Equal(new ConnectorResultCounts(5, 2, 1, 1, 1, 0), summary.Results);
        var alerts = (await db.Get<AlertService>().ListAsync(new AlertQuery { SpaceId = team.Space.Id }, team.Member.Id)).Items;
        Assert.Equal(AlertKind.NullRate, alerts.Single(a => a.Check == "7f1e2d3c-1111-4a2b-9c3d-4e5f60718293").Kind);
        Assert.Equal(AlertKind.Volume, alerts.Single(a => a.Check == "warehouse/orders/orders_suite/expect_table_row_count_to_be_between").Kind);
        Assert.Equal(AlertKind.Distribution, alerts.Single(a => a.Check == "warehouse/orders/orders_suite/expect_column_mean_to_be_between:amount").Kind);
        Assert.Equal(AlertKind.Schema, alerts.Single(a => a.Check == "warehouse/orders/orders_suite/expect_column_to_exist:discount_code").Kind);
        Assert.All(alerts, a => Assert.Equal((orders.Name, "great_expectations"), (a.Product.Name, a.Source)));

        var issues = db.Get<IssueService>();
        var nulls = (await issues.GetByKeyAsync(summary.Alerts.Single(a => a.Check == "7f1e2d3c-1111-4a2b-9c3d-4e5f60718293").IssueKey!, team.Member.Id))!;
        Assert.Equal(("expect_column_values_to_not_be_null on orders.customer_id failed: 12 unexpected", team.Member.Id), (nulls.Title, nulls.Assignee?.Id));
        Assert.Contains("SELECT order_id, customer_id FROM orders WHERE customer_id IS NULL", nulls.Description);
        Assert.Contains("12 \\(1\\.2%\\)", nulls.Description);
        var mean = (await issues.GetByKeyAsync(summary.Alerts.Single(a => a.Check.EndsWith(":amount")).IssueKey!, team.Member.Id))!;
        Assert.Equal(IssuePriority.Low, mean.Priority);
        var broken = (await issues.GetByKeyAsync(summary.Alerts.Single(a => a.Check.EndsWith(":discount_code")).IssueKey!, team.Member.Id))!;
        Assert.Equal("expect_column_to_exist on orders.discount_code could not run", broken.Title);
        Assert.Contains("column discount\\_code does not exist", broken.Description);
    }

    [Fact]
    public async Task Gx018Checkpoint_ReadsTheAssetFromTheBatchSpec_AndMetaPicksTheProduct()
    {
        var team = await db.Data.TeamAsync();
        var customers = await db.Data.ProductAsync(team.Space.Id, team.Admin.Id, "Customer 360");
        await db.Data.ProductAsync(team.Space.Id, team.Admin.Id, "customers");

        var summary = await ImportAsync(team, "checkpoint_result_018.json");

        Assert.Equal("manual_run|2026-12-04T07:00:00.000000+00:00", summary.RunId);
        var email = summary.Alerts.Single(a => a.Check == "warehouse/customers/customers_suite/expect_column_values_to_not_be_null:email");
        Assert.Equal(customers.Name, email.Product);
        var alerts = (await db.Get<AlertService>().ListAsync(new AlertQuery { SpaceId = team.Space.Id }, team.Member.Id)).Items;
        Assert.Equal(AlertKind.Freshness, alerts.Single(a => a.Check.EndsWith(":updated_at")).Kind);
        Assert.Equal("customers", alerts.Single(a => a.Check.EndsWith(":updated_at")).Product.Name);
    }

    [Fact]
    public async Task OneValidationResult_OrAList_AreRead_TheSameRunTwiceIsReplayed()
    {
        var team = await db.Data.TeamAsync();
        await db.Data.ProductAsync(team.Space.Id, team.Admin.Id, "orders");
        using var checkpoint = await System.Text.Json.JsonDocument.ParseAsync(Fixture("checkpoint_result_1x.json", team));
        var validation = checkpoint.RootElement.GetProperty("run_results").EnumerateObject().Single().Value.GetRawText();
        var service = db.Get<ConnectorService>();
        var target = new ConnectorTarget(team.Space.Id, null, null, false, false);

        var single = await GreatExpectationsResults.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(validation)), CancellationToken.None);
        var list = await GreatExpectationsResults.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes($"[{validation}]")), CancellationToken.None);
        var first = await service.ImportAsync(single, target, team.Member.Id);
        var again = await service.ImportAsync(list, target, team.Member.Id);

        Assert.Equal(5, single.Results.Count);
        Assert.Equal(single.RunId, list.RunId);
        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
    }

    [Theory]
    [InlineData("{\"checks\": []}")]
    [InlineData("[]")]
    [InlineData("<html>")]
    public async Task NotGreatExpectations_Is422(string body)
    {
        var error = await Assert.ThrowsAsync<UnprocessableException>(() =>
            GreatExpectationsResults.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None));

        Assert.Contains("Great Expectations", error.Message);
    }
}

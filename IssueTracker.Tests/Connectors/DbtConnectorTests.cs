using System.Text;
using IssueTracker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Tests.Connectors;

/// <summary>
/// dbt's own files (fixtures written from dbt's artifact schemas: run-results v6, manifest v12, sources v3) through
/// the connector into the alert flow: each mapping rule by name, against a real database.
/// </summary>
public sealed class DbtConnectorTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const string NotNullOrders = "test.jaffle_shop.not_null_orders_customer_id.c5f2a1b3e4";
    private const string AcceptedValues = "test.jaffle_shop.accepted_values_customers_status__active__churned.9a8b7c6d5e";
    private const string Relationships = "test.jaffle_shop.relationships_orders_customer_id__customer_id__ref_customers_.0a1b2c3d4e";
    private const string RowCount = "test.jaffle_shop.dbt_expectations_expect_table_row_count_to_be_between_payments__1000.77aa88bb99";
    private const string PaymentsModel = "model.jaffle_shop.payments";

    /// <summary>A fixture as a stream, with the team's own people in place of the fixture's.</summary>
    internal static Stream Fixture(string name, Team? team = null, Func<string, string>? edit = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Connectors", "Fixtures", "dbt", name));
        if (team is not null) text = text.Replace("jane.developer@test.local", team.Member.Email).Replace("@priya", "@" + team.Admin.Handle);
        return new MemoryStream(Encoding.UTF8.GetBytes(edit?.Invoke(text) ?? text));
    }

    private async Task<ConnectorSummaryDto> ImportAsync(Team team, ConnectorTarget? target = null, bool manifest = true, bool sources = false,
        Func<string, string>? edit = null, Guid? actor = null)
    {
        var run = await DbtArtifacts.ReadAsync(Fixture("run_results.json", team, edit), manifest ? Fixture("manifest.json", team) : null,
            sources ? Fixture("sources.json", team) : null, CancellationToken.None);
        return await db.Get<ConnectorService>().ImportAsync(run, target ?? new ConnectorTarget(team.Space.Id, null, null, false, false), actor ?? team.Member.Id);
    }

    private async Task<(Team Team, ProductDto Orders, ProductDto Customers, ProductDto Payments)> ProductsAsync()
    {
        var team = await db.Data.TeamAsync();
        var orders = await db.Data.ProductAsync(team.Space.Id, team.Admin.Id, "orders");
        var customers = await db.Data.ProductAsync(team.Space.Id, team.Admin.Id, "Customer 360");
        var payments = await db.Data.ProductAsync(team.Space.Id, team.Admin.Id, "PAYMENTS");
        return (team, orders, customers, payments);
    }

    private async Task<IssueDto> IssueOfAsync(ConnectorSummaryDto summary, string check, Team team) =>
        (await db.Get<IssueService>().GetByKeyAsync(summary.Alerts.Single(a => a.Check == check).IssueKey!, team.Member.Id))!;

    [Fact]
    public async Task FailingTest_OpensOneIssue_OnTheProductNamedAsItsModel_InTheDataTeamsWords()
    {
        var (team, orders, _, _) = await ProductsAsync();

        var summary = await ImportAsync(team);

        var issue = await IssueOfAsync(summary, NotNullOrders, team);
        Assert.Equal("dbt test not_null on orders.customer_id failed: 12 failing rows", issue.Title);
        Assert.Equal(orders.Id, issue.Product!.Id);
        Assert.Equal(IssueStatus.Open, issue.Status);
        foreach (var words in new[] { "not\\_null\\_orders\\_customer\\_id", "customer\\_id", "12", "Got 12 results", "where customer_id is null", "6f1c2d3e-0a1b-4c5d-8e9f-00112233aaaa", "1\\.8\\.7" })
            Assert.Contains(words, issue.Description);
        var alert = (await db.Get<AlertService>().GetAsync(summary.Alerts.Single(a => a.Check == NotNullOrders).AlertId, team.Member.Id))!;
        Assert.Equal((AlertKind.NullRate, "dbt", AlertStatus.Firing), (alert.Kind, alert.Source, alert.Status));
        Assert.Equal("dbt", summary.Tool);
        Assert.Equal("6f1c2d3e-0a1b-4c5d-8e9f-00112233aaaa", summary.RunId);
    }

    [Fact]
    public async Task Counts_EveryStatusDbtWrites_AndOperationsAreNotChecks()
    {
        var (team, _, _, _) = await ProductsAsync();

        var summary = await ImportAsync(team);

        // 12 checks (the on-run-end operation is none): pass ×4 (orders, seed, unique, unit test), fail ×3, warn ×1,
        // error ×2 (payments model, relationships test), skipped ×2 (snapshot, a test).
        Assert.Equal(new ConnectorResultCounts(12, 3, 1, 2, 4, 2), summary.Results);
        Assert.Equal(["snapshot.jaffle_shop.orders_snapshot", "test.jaffle_shop.not_null_payments_payment_id.1122334455"], summary.Skipped.Select(s => s.Check).Order());
        Assert.False(summary.Replayed);
    }

    [Fact]
    public async Task ProductHint_InMeta_WinsOverTheModelsName_AndTheOwnerWhoIsAMember_IsAssigned()
    {
        var (team, _, customers, _) = await ProductsAsync();

        var summary = await ImportAsync(team);

        // The customers model says issuetracker_product "Customer 360" and owner @<the admin's handle>.
        var issue = await IssueOfAsync(summary, AcceptedValues, team);
        Assert.Equal(customers.Id, issue.Product!.Id);
        Assert.Equal(team.Admin.Id, issue.Assignee?.Id);
        // The orders model's owner is the member, by email.
        Assert.Equal(team.Member.Id, (await IssueOfAsync(summary, NotNullOrders, team)).Assignee?.Id);
    }

    [Fact]
    public async Task Priority_WarnIsLow_ErrorIsThePolicys_MetaWins()
    {
        var (team, _, _, _) = await ProductsAsync();
        await db.Get<SpaceService>().SetAlertPolicyAsync(team.Space.Id,
            new AlertPolicyDto { Priorities = new() { [AlertKind.NullRate] = IssuePriority.High } }, team.Admin.Id);

        var summary = await ImportAsync(team);

        Assert.Equal(IssuePriority.Low, (await IssueOfAsync(summary, AcceptedValues, team)).Priority);
        Assert.Equal(IssuePriority.Critical, (await IssueOfAsync(summary, RowCount, team)).Priority);
        // The space's policy says high for null rates (the default is medium): an error-severity test takes it.
        Assert.Equal(IssuePriority.High, (await IssueOfAsync(summary, NotNullOrders, team)).Priority);
    }

    [Fact]
    public async Task Kinds_AndTitles_SayWhatBroke()
    {
        var (team, _, _, _) = await ProductsAsync();

        var summary = await ImportAsync(team);

        var relationships = await IssueOfAsync(summary, Relationships, team);
        Assert.Equal("dbt test relationships on orders.customer_id could not run", relationships.Title);
        var rowCount = await IssueOfAsync(summary, RowCount, team);
        Assert.StartsWith("dbt test expect_table_row_count_to_be_between on payments failed", rowCount.Title);
        Assert.Equal("dbt model payments failed to build", (await IssueOfAsync(summary, PaymentsModel, team)).Title);
        var kinds = await db.Get<AlertService>().ListAsync(new AlertQuery { SpaceId = team.Space.Id, Size = 50 }, team.Member.Id);
        Assert.Equal(AlertKind.Volume, kinds.Items.Single(a => a.Check == RowCount).Kind);
        Assert.Equal(AlertKind.Custom, kinds.Items.Single(a => a.Check == Relationships).Kind);
    }

    [Fact]
    public async Task Unmapped_WhenNoProductIsNamedSo_ProductIdCatchesThem_CreateProductsMakesThem()
    {
        var team = await db.Data.TeamAsync();

        var unmapped = await ImportAsync(team, new ConnectorTarget(null, team.Space.Key, null, false, DryRun: true));
        var fallback = await ImportAsync(team, new ConnectorTarget(null, team.Space.Key, team.Product.Id, false, DryRun: true));
        var created = await ImportAsync(team, new ConnectorTarget(team.Space.Id, null, null, CreateProducts: true, false), actor: team.Admin.Id);

        Assert.Contains(new SkippedCheck(NotNullOrders, "no product named orders"), unmapped.Unmapped);
        Assert.Contains(new SkippedCheck(AcceptedValues, "no product named Customer 360 (issuetracker_product)"), unmapped.Unmapped);
        Assert.Empty(unmapped.Alerts);
        Assert.Empty(fallback.Unmapped);
        Assert.All(fallback.Alerts, a => Assert.Equal(team.Product.Name, a.Product));
        Assert.Contains(created.Alerts, a => a.Check == NotNullOrders && a.Product == "orders");
        var products = await db.Get<ProductService>().ListAsync(team.Space.Id, 1, 50, team.Member.Id);
        Assert.Contains("stg_events", products.Items.Select(p => p.Name));
    }

    [Fact]
    public async Task CreateProducts_NeedsTheAdminRole_AndAViewerCannotReport()
    {
        var team = await db.Data.TeamAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => ImportAsync(team, new ConnectorTarget(team.Space.Id, null, null, true, false)));
        await Assert.ThrowsAsync<ForbiddenException>(() => ImportAsync(team, actor: team.Viewer.Id));
        var outsider = await db.Data.UserAsync("Olga Outsider");
        await Assert.ThrowsAsync<NotFoundException>(() => ImportAsync(team, actor: outsider.Id));
    }

    [Fact]
    public async Task SameRunAgain_ChangesNothing_AndAnswersTheFirstSummary()
    {
        var (team, _, _, _) = await ProductsAsync();
        var first = await ImportAsync(team);
        var issues = (await db.Get<IssueService>().ListAsync(new IssueQuery { SpaceId = team.Space.Id, Size = 100 }, team.Member.Id)).Total;

        var again = await ImportAsync(team);

        Assert.True(again.Replayed);
        Assert.Equal(first.Issues.Opened, again.Issues.Opened);
        Assert.Equal(first.Results, again.Results);
        Assert.Equal(issues, (await db.Get<IssueService>().ListAsync(new IssueQuery { SpaceId = team.Space.Id, Size = 100 }, team.Member.Id)).Total);
    }

    [Fact]
    public async Task DryRun_AnswersTheSummary_AndKeepsNothing()
    {
        var (team, _, _, _) = await ProductsAsync();
        await using var context = await db.Get<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var events = await context.ChangeEvents.CountAsync();

        var dry = await ImportAsync(team, new ConnectorTarget(team.Space.Id, null, null, false, DryRun: true));
        var real = await ImportAsync(team);

        Assert.True(dry.DryRun);
        // Five firing checks map to a product (stg_events maps to none).
        Assert.Equal(5, dry.Issues.Opened.Count);
        Assert.Equal(dry.Issues.Opened, real.Issues.Opened);
        Assert.False(real.Replayed);
        Assert.True(await context.ChangeEvents.CountAsync() > events);
    }

    [Fact]
    public async Task NextRun_Passing_ResolvesTheIssue_FailingAgain_LeavesItOpen()
    {
        var (team, _, _, _) = await ProductsAsync();
        var first = await ImportAsync(team);
        var key = first.Alerts.Single(a => a.Check == NotNullOrders).IssueKey!;

        // The next run: a new invocation, the not_null test passes; the row count test fails again.
        var next = await ImportAsync(team, edit: text => text
            .Replace("6f1c2d3e-0a1b-4c5d-8e9f-00112233aaaa", "99999999-0a1b-4c5d-8e9f-00112233bbbb")
            .Replace("\"status\": \"fail\", \"timing\": [], \"thread_id\": \"Thread-1\", \"execution_time\": 0.4", "\"status\": \"pass\", \"timing\": [], \"thread_id\": \"Thread-1\", \"execution_time\": 0.4"));

        Assert.Equal([key], next.Issues.Resolved);
        Assert.Empty(next.Issues.Opened);
        Assert.Equal(IssueStatus.Resolved, (await db.Get<IssueService>().GetByKeyAsync(key, team.Member.Id))!.Status);
        Assert.Equal(first.Alerts.Single(a => a.Check == RowCount).IssueKey, next.Alerts.Single(a => a.Check == RowCount).IssueKey);
    }

    [Fact]
    public async Task SourceFreshness_ErrorAndWarnFire_AsFreshness()
    {
        var (team, orders, _, _) = await ProductsAsync();

        var summary = await ImportAsync(team, sources: true);

        var stale = summary.Alerts.Single(a => a.Check == "freshness.source.jaffle_shop.raw.orders");
        Assert.Equal(orders.Name, stale.Product);
        var issue = await db.Get<IssueService>().GetByKeyAsync(stale.IssueKey!, team.Member.Id);
        Assert.Equal("Source raw.orders is stale", issue!.Title);
        Assert.Contains("1 d 4 h", issue.Description);
        Assert.Contains(summary.Unmapped, u => u.Check == "freshness.source.jaffle_shop.raw.customers");
    }

    [Theory]
    [InlineData("{\"results\": []}", "run_results.json")]
    [InlineData("[1, 2, 3]", "run_results.json")]
    [InlineData("not json at all", "run_results.json")]
    [InlineData("{\"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/manifest/v12.json\", \"invocation_id\": \"x\"}, \"results\": []}", "run-results")]
    public async Task NotDbtsFormat_Is422_NamingWhatWasExpected(string body, string named)
    {
        var error = await Assert.ThrowsAsync<UnprocessableException>(() =>
            DbtArtifacts.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), null, null, CancellationToken.None));

        Assert.Contains(named, error.Message);
    }
}

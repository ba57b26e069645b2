using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Services;

public sealed class AlertServiceTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private AlertService Alerts => db.Get<AlertService>();

    private static ReportAlertRequest Report(Guid productId, AlertStatus status = AlertStatus.Firing, string check = "orders_freshness", string? fingerprint = null) => new()
    {
        ProductId = productId,
        Check = check,
        Kind = AlertKind.Freshness,
        Status = status,
        Title = "Freshness check failed",
        Message = "Last load 3h late",
        Fingerprint = fingerprint,
    };

    [Fact]
    public async Task Report_FirstCreates_LaterUpdateTheSameAlert()
    {
        var team = await db.Data.TeamAsync();
        var firstSeen = db.Clock.GetUtcNow().UtcDateTime;

        var first = await Alerts.ReportAsync(Report(team.Product.Id), team.Member.Id);
        db.Clock.Advance(TimeSpan.FromHours(1));
        var again = await Alerts.ReportAsync(Report(team.Product.Id), team.Member.Id);
        db.Clock.Advance(TimeSpan.FromHours(1));
        var resolved = await Alerts.ReportAsync(Report(team.Product.Id, AlertStatus.Resolved), team.Member.Id);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Alert.Id, resolved.Alert.Id);
        Assert.Equal("orders_freshness", first.Alert.Fingerprint);
        Assert.Equal(3, resolved.Alert.OccurrenceCount);
        Assert.Equal(AlertStatus.Resolved, resolved.Alert.Status);
        Assert.Equal(firstSeen, resolved.Alert.FirstSeenAt);
        Assert.Equal(db.Clock.GetUtcNow().UtcDateTime, resolved.Alert.LastSeenAt);
        Assert.Equal(db.Clock.GetUtcNow().UtcDateTime, resolved.Alert.ResolvedAt);
        Assert.Equal(new NamedRef(team.Product.Id, "Customer Events"), resolved.Alert.Product);
    }

    [Fact]
    public async Task Report_ConcurrentFirstReports_CreateOneAlert()
    {
        var team = await db.Data.TeamAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => db.Get<AlertService>().ReportAsync(Report(team.Product.Id, check: "race"), team.Member.Id))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Alert.Id).Distinct());
        Assert.Equal(10, (await Alerts.GetAsync(results[0].Alert.Id, team.Member.Id))!.OccurrenceCount);
    }

    [Fact]
    public async Task Report_DistinctFingerprints_AreDistinctAlerts_AndListFilters()
    {
        var team = await db.Data.TeamAsync();
        await Alerts.ReportAsync(Report(team.Product.Id, check: "row_count", fingerprint: "orders"), team.Member.Id);
        await Alerts.ReportAsync(Report(team.Product.Id, AlertStatus.Resolved, check: "row_count", fingerprint: "payments"), team.Member.Id);

        var firing = await Alerts.ListAsync(new AlertQuery { SpaceId = team.Space.Id, Statuses = [AlertStatus.Firing] }, team.Viewer.Id);
        var all = await Alerts.ListAsync(new AlertQuery { ProductId = team.Product.Id }, team.Viewer.Id);

        Assert.Equal(["orders"], firing.Items.Select(a => a.Fingerprint));
        Assert.Equal(2, all.Total);
    }

    [Fact]
    public async Task Report_ByViewerOrOutsider_OrInvalid_IsRefused()
    {
        var team = await db.Data.TeamAsync();
        var outsider = await db.Data.UserAsync("Olga Outsider");
        var alert = await Alerts.ReportAsync(Report(team.Product.Id), team.Member.Id);

        await Assert.ThrowsAsync<ForbiddenException>(() => Alerts.ReportAsync(Report(team.Product.Id), team.Viewer.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Alerts.ReportAsync(Report(team.Product.Id), outsider.Id));
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => Alerts.ReportAsync(new ReportAlertRequest { ProductId = team.Product.Id }, team.Member.Id));

        Assert.Equal(new[] { "check", "kind", "status", "title" }, invalid.Errors.Keys.Order());
        Assert.Null(await Alerts.GetAsync(alert.Alert.Id, outsider.Id));
        Assert.Equal(0, (await Alerts.ListAsync(new AlertQuery(), outsider.Id)).Total);
    }
}

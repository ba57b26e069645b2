using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Services;

/// <summary>resolve_after_passes: a flapping check's issue stays open until the check passes enough times in a row.</summary>
public sealed class FlappingChecksTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Pass_ResolvesOnlyAfterEnoughInARow_AFailureInBetweenStartsTheCountAgain()
    {
        var team = await db.Data.TeamAsync();
        await db.Get<ProductService>().SetAlertPolicyAsync(team.Product.Id, new AlertPolicyDto { ResolveAfterPasses = 3 }, team.Admin.Id);
        var alerts = db.Get<AlertService>();
        Task<ReportAlertResult> Report(AlertStatus status) => alerts.ReportAsync(new ReportAlertRequest
        {
            ProductId = team.Product.Id,
            Check = "orders_row_count",
            Kind = AlertKind.Volume,
            Status = status,
            Title = "Few orders",
        }, team.Member.Id);
        async Task<IssueStatus> IssueStatusAsync(ReportAlertResult r) =>
            (await db.Get<IssueService>().GetAsync((await alerts.GetAsync(r.Alert.Id, team.Member.Id))!.Issue!.Id, team.Member.Id))!.Status;

        var fired = await Report(AlertStatus.Firing);
        var pass1 = await Report(AlertStatus.Resolved);
        var pass2 = await Report(AlertStatus.Resolved);
        await Report(AlertStatus.Firing);
        var afterReset1 = await Report(AlertStatus.Resolved);
        var afterReset2 = await Report(AlertStatus.Resolved);
        var openAfterTwoPasses = await IssueStatusAsync(afterReset2);
        var third = await Report(AlertStatus.Resolved);

        Assert.Equal(AlertStatus.Firing, fired.Alert.Status);
        Assert.Equal([AlertStatus.Firing, AlertStatus.Firing, AlertStatus.Firing, AlertStatus.Firing], new[] { pass1, pass2, afterReset1, afterReset2 }.Select(r => r.Alert.Status));
        Assert.Equal(IssueStatus.Open, openAfterTwoPasses);
        Assert.Equal(AlertStatus.Resolved, third.Alert.Status);
        Assert.Equal(IssueStatus.Resolved, await IssueStatusAsync(third));
        var runs = (await alerts.RunsAsync(third.Alert.Id, 1, 30, team.Member.Id))!.Items;
        Assert.Equal([RunStatus.Passing, RunStatus.Passing, RunStatus.Passing, RunStatus.Failing, RunStatus.Passing, RunStatus.Passing, RunStatus.Failing],
            runs.Select(r => r.Status));
    }

    [Fact]
    public async Task ResolveAfterPasses_OutsideOneToTwenty_IsRefusedByName()
    {
        var team = await db.Data.TeamAsync();

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            db.Get<SpaceService>().SetAlertPolicyAsync(team.Space.Id, new AlertPolicyDto { ResolveAfterPasses = 21 }, team.Admin.Id));

        Assert.Contains("resolve_after_passes", error.Errors.Keys);
    }
}

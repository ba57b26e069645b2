using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Api;

public sealed class AlertIngestionApiTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    private static HttpRequestMessage Report(ApiTeam team, string status, string? key = null, object? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["product_id"] = team.Product.Id,
            ["check"] = "orders_row_count",
            ["kind"] = "volume",
            ["status"] = status,
            ["title"] = "Row count below threshold",
            ["message"] = "1.2M rows, expected 1.8M",
            ["value"] = 1_200_000,
            ["threshold"] = 1_800_000,
            ["observed_at"] = "2026-01-14T06:00:00Z",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task Firing_OpensAnIssue_ResolvingResolvesIt_AndTheDetailShowsBoth()
    {
        var team = await app.TeamAsync();

        var fired = await ApiAssert.JsonAsync(await team.Member.Client.SendAsync(Report(team, "firing")), HttpStatusCode.Created);
        var issue = fired.GetProperty("issue");
        Assert.Equal(["id", "key", "title", "status"], ApiAssert.Names(issue));
        Assert.Equal("open", issue.GetProperty("status").GetString());
        var resolved = await ApiAssert.JsonAsync(await team.Member.Client.SendAsync(Report(team, "resolved")));
        Assert.Equal("resolved", resolved.GetProperty("issue").GetProperty("status").GetString());

        var detail = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/alerts/{fired.GetProperty("id")}"));
        var occurrences = detail.GetProperty("latest_occurrences").EnumerateArray().ToList();
        Assert.Equal(2, occurrences.Count);
        Assert.Equal(["id", "status", "message", "observed_at", "received_at", "value", "threshold"], ApiAssert.Names(occurrences[0]));
        Assert.Equal(("resolved", "2026-01-14T06:00:00Z", 1_200_000d, 1_800_000d),
            (occurrences[0].GetProperty("status").GetString(), occurrences[0].GetProperty("observed_at").GetString(),
             occurrences[0].GetProperty("value").GetDouble(), occurrences[0].GetProperty("threshold").GetDouble()));

        var history = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/issues/{issue.GetProperty("id")}/history"));
        Assert.Equal(["created", "alert_linked", "alert_fired", "alert_resolved", "comment_added", "status_changed", "resolution_changed"],
            history.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.All(history.GetProperty("items").EnumerateArray(), h => Assert.Equal("Quality monitor", h.GetProperty("actor").GetProperty("name").GetString()));

        var page = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/alerts/{fired.GetProperty("id")}/occurrences?page=2&size=1"));
        Assert.Equal((2, "firing"), (page.GetProperty("total").GetInt32(), page.GetProperty("items")[0].GetProperty("status").GetString()));
        Assert.Equal(1, (await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/alerts?space_id={team.Space.Id}&kind=volume"))).GetProperty("total").GetInt32());
        Assert.Equal(0, (await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/alerts?space_id={team.Space.Id}&kind=schema"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Retry_WithIdempotencyKey_ReturnsTheFirstAnswerAndRecordsNothingTwice()
    {
        var team = await app.TeamAsync();

        var first = await team.Member.Client.SendAsync(Report(team, "firing", "dbt-run-981"));
        var retry = await team.Member.Client.SendAsync(Report(team, "firing", "dbt-run-981"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        var body = await ApiAssert.JsonAsync(first, HttpStatusCode.Created);
        Assert.Equal(body.GetRawText(), (await ApiAssert.JsonAsync(retry, HttpStatusCode.Created)).GetRawText());
        var detail = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/alerts/{body.GetProperty("id")}"));
        Assert.Equal(1, detail.GetProperty("occurrence_count").GetInt32());
    }

    [Fact]
    public async Task AlertPolicy_ReadsAndWritesWithInheritance_AdminOnly()
    {
        var team = await app.TeamAsync();
        var url = $"/api/products/{team.Product.Id}/alert-policy";

        var initial = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync(url));
        var forbidden = await team.Member.Client.PutAsJsonAsync(url, new { auto_resolve = false });
        var invalid = await team.Admin.Client.PutAsJsonAsync(url, new { reopen_window_hours = 100_000 });
        var badKind = await team.Admin.Client.PutAsJsonAsync(url, new { priorities = new Dictionary<string, string> { ["size"] = "low" } });
        var spaceWide = await team.Admin.Client.PutAsJsonAsync($"/api/spaces/{team.Space.Id}/alert-policy", new { reopen_window_hours = 48 });
        var saved = await ApiAssert.JsonAsync(await team.Admin.Client.PutAsJsonAsync(url, new
        {
            auto_resolve = false,
            default_assignee_id = team.Member.User.Id,
            priorities = new Dictionary<string, string> { ["null_rate"] = "critical" },
        }));

        Assert.Equal(["auto_open", "auto_resolve", "reopen_window_hours", "resolve_after_passes", "default_assignee_id", "priorities", "effective"], ApiAssert.Names(initial));
        Assert.Equal(JsonValueKind.Null, initial.GetProperty("auto_open").ValueKind);
        Assert.True(initial.GetProperty("effective").GetProperty("auto_open").GetBoolean());
        Assert.Equal("critical", initial.GetProperty("effective").GetProperty("priorities").GetProperty("schema").GetString());
        await ApiAssert.ProblemAsync(forbidden, HttpStatusCode.Forbidden);
        await ApiAssert.ValidationAsync(invalid, "reopen_window_hours");
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Equal(HttpStatusCode.OK, spaceWide.StatusCode);
        Assert.False(saved.GetProperty("auto_resolve").GetBoolean());
        Assert.Equal("critical", saved.GetProperty("priorities").GetProperty("null_rate").GetString());
        var effective = saved.GetProperty("effective");
        Assert.Equal((false, 48, "critical"), (effective.GetProperty("auto_resolve").GetBoolean(), effective.GetProperty("reopen_window_hours").GetInt32(),
            effective.GetProperty("priorities").GetProperty("null_rate").GetString()));
    }

    [Fact]
    public async Task MonitorWithoutAccess_Is404_AndChangesNothing()
    {
        var team = await app.TeamAsync();
        var outsider = await app.UserAsync("Rogue Monitor");

        await ApiAssert.ProblemAsync(await outsider.Client.SendAsync(Report(team, "firing")), HttpStatusCode.NotFound);

        var alerts = await ApiAssert.JsonAsync(await team.Admin.Client.GetAsync($"/api/alerts?space_id={team.Space.Id}"));
        Assert.Equal(0, alerts.GetProperty("total").GetInt32());
    }
}

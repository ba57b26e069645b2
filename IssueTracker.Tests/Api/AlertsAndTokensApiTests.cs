using System.Net;
using System.Net.Http.Json;
using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Api;

public sealed class AlertsAndTokensApiTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    [Fact]
    public async Task ReportAlert_First201ThenUpdates200_ListFiltersAndGet()
    {
        var team = await app.TeamAsync();
        object Report(string status) => new
        {
            product_id = team.Product.Id,
            check = "orders_freshness",
            kind = "freshness",
            status,
            title = "Freshness check failed",
            message = "3h late",
        };

        var first = await team.Member.Client.PostAsJsonAsync("/api/alerts", Report("firing"));
        var second = await team.Member.Client.PostAsJsonAsync("/api/alerts", Report("resolved"));

        var alert = await ApiAssert.JsonAsync(first, HttpStatusCode.Created);
        Assert.Equal(
            ["id", "space", "product", "check", "fingerprint", "kind", "status", "title", "message", "source", "occurrence_count", "first_seen_at", "last_seen_at", "resolved_at", "created_at", "updated_at", "issue"],
            ApiAssert.Names(alert));
        Assert.Equal("api", alert.GetProperty("source").GetString());
        Assert.Equal($"/api/alerts/{alert.GetProperty("id")}", first.Headers.Location?.ToString());
        var updated = await ApiAssert.JsonAsync(second);
        Assert.Equal(alert.GetProperty("id").GetGuid(), updated.GetProperty("id").GetGuid());
        Assert.Equal(("resolved", 2), (updated.GetProperty("status").GetString(), updated.GetProperty("occurrence_count").GetInt32()));

        var resolved = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/alerts?space_id={team.Space.Id}&status=resolved"));
        var firing = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/alerts?product_id={team.Product.Id}&status=firing"));
        Assert.Equal(1, resolved.GetProperty("total").GetInt32());
        Assert.Equal(0, firing.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await team.Viewer.Client.GetAsync($"/api/alerts/{alert.GetProperty("id")}")).StatusCode);
    }

    [Fact]
    public async Task ReportAlert_Invalid_Viewer_Outsider_AreRefused()
    {
        var team = await app.TeamAsync();
        var outsider = await app.UserAsync("Olga Outsider");
        var body = new { product_id = team.Product.Id, check = "c", kind = "volume", status = "firing", title = "t" };

        await ApiAssert.ValidationAsync(await team.Member.Client.PostAsJsonAsync("/api/alerts", new { product_id = team.Product.Id, check = "c", kind = "size", status = "firing", title = "t" }), "kind");
        await ApiAssert.ValidationAsync(await team.Member.Client.PostAsJsonAsync("/api/alerts", new { product_id = team.Product.Id }), "check", "kind", "status", "title");
        await ApiAssert.ProblemAsync(await team.Viewer.Client.PostAsJsonAsync("/api/alerts", body), HttpStatusCode.Forbidden);
        await ApiAssert.ProblemAsync(await outsider.Client.PostAsJsonAsync("/api/alerts", body), HttpStatusCode.NotFound);
        await ApiAssert.ValidationAsync(await team.Member.Client.GetAsync("/api/alerts?status=open"), "status");

        var alert = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/alerts", body), HttpStatusCode.Created);
        await ApiAssert.ProblemAsync(await outsider.Client.GetAsync($"/api/alerts/{alert.GetProperty("id")}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Tokens_CreateShowOnceListRevoke()
    {
        var caller = await app.UserAsync("Token Owner");
        var other = await app.UserAsync("Someone Else");

        var response = await caller.Client.PostAsJsonAsync("/api/tokens", new { name = "dbt monitor", expires_at = "2099-01-01T00:00:00Z" });
        var created = await ApiAssert.JsonAsync(response, HttpStatusCode.Created);
        var value = created.GetProperty("token").GetString()!;
        var fresh = app.WithToken(value);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/me")).StatusCode);

        Assert.Equal(["id", "name", "token", "prefix", "scopes", "created_at", "expires_at"], ApiAssert.Names(created));
        Assert.Equal("2099-01-01T00:00:00Z", created.GetProperty("expires_at").GetString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var list = await ApiAssert.JsonAsync(await caller.Client.GetAsync("/api/tokens"));
        var listed = list.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == created.GetProperty("id").GetGuid());
        Assert.Equal(["id", "name", "prefix", "scopes", "created_at", "expires_at", "last_used_at"], ApiAssert.Names(listed));
        ApiAssert.Timestamp(listed.GetProperty("last_used_at"));
        Assert.DoesNotContain(value, list.GetRawText());

        var url = $"/api/tokens/{created.GetProperty("id")}";
        await ApiAssert.ProblemAsync(await other.Client.DeleteAsync(url), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await caller.Client.DeleteAsync(url)).StatusCode);
        await ApiAssert.ProblemAsync(await fresh.GetAsync("/api/me"), HttpStatusCode.Unauthorized);
        await ApiAssert.ValidationAsync(await caller.Client.PostAsJsonAsync("/api/tokens", new { name = "old", expires_at = "2000-01-01T00:00:00Z" }), "expires_at");
        await ApiAssert.ValidationAsync(await caller.Client.PostAsJsonAsync("/api/tokens", new { name = "bad", expires_at = "tomorrow" }), "expires_at");
    }

    [Fact]
    public async Task Tokens_AChildToken_IsRevokedWithItsParent()
    {
        // Arrange: a script's token made through the API with another token.
        var caller = await app.UserAsync("Chain Owner");
        var parent = await ApiAssert.JsonAsync(await caller.Client.PostAsJsonAsync("/api/tokens", new { name = "parent" }), HttpStatusCode.Created);
        var viaParent = app.WithToken(parent.GetProperty("token").GetString()!);
        var child = await ApiAssert.JsonAsync(await viaParent.PostAsJsonAsync("/api/tokens", new { name = "child" }), HttpStatusCode.Created);
        var viaChild = app.WithToken(child.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await viaChild.GetAsync("/api/me")).StatusCode);

        // Act
        Assert.Equal(HttpStatusCode.NoContent, (await caller.Client.DeleteAsync($"/api/tokens/{parent.GetProperty("id").GetString()}")).StatusCode);

        // Assert
        await ApiAssert.ProblemAsync(await viaChild.GetAsync("/api/me"), HttpStatusCode.Unauthorized);
    }
}

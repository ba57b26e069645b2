using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IssueTracker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Api;

public sealed class IssuesApiTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    private static StringContent Json(string json, string mediaType = "application/json") => new(json, Encoding.UTF8, mediaType);

    private static async Task<JsonElement> CreateAsync(HttpClient client, object body, HttpStatusCode expected = HttpStatusCode.Created) =>
        await ApiAssert.JsonAsync(await client.PostAsJsonAsync("/api/issues", body), expected);

    private async Task<int> CountAsync(ApiTeam team) =>
        (await ApiAssert.JsonAsync(await team.Admin.Client.GetAsync($"/api/issues?space_id={team.Space.Id}"))).GetProperty("total").GetInt32();

    [Fact]
    public async Task List_ItemsHaveTheContractsShape()
    {
        // Arrange
        var team = await app.TeamAsync();
        await CreateAsync(team.Member.Client, new
        {
            title = "Customer ID nulls increased",
            description = "Seeing 15% null rate in customer_id column",
            priority = "high",
            space_id = team.Space.Id,
            product_id = team.Product.Id,
            assignee_id = team.Member.User.Id,
        });

        // Act
        var list = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/issues?space_id={team.Space.Id}"));

        // Assert
        Assert.Equal(["items", "total", "page", "size"], ApiAssert.Names(list));
        Assert.Equal((1, 1, 20), (list.GetProperty("total").GetInt32(), list.GetProperty("page").GetInt32(), list.GetProperty("size").GetInt32()));
        var issue = list.GetProperty("items")[0];
        Assert.Equal(
            ["id", "key", "title", "description", "status", "priority", "space", "product", "assignee", "reporter", "alert", "created_at", "updated_at", "resolved_at",
             "resolution", "resolution_note", "duplicate_of", "acknowledged_at", "watching", "sla"],
            ApiAssert.Names(issue));
        Assert.Equal($"{team.Space.Key}-1", issue.GetProperty("key").GetString());
        Assert.Equal("Customer ID nulls increased", issue.GetProperty("title").GetString());
        Assert.Equal("Seeing 15% null rate in customer_id column", issue.GetProperty("description").GetString());
        Assert.Equal("open", issue.GetProperty("status").GetString());
        Assert.Equal("high", issue.GetProperty("priority").GetString());
        Assert.Equal(["id", "name"], ApiAssert.Names(issue.GetProperty("product")));
        Assert.Equal("Customer Events", issue.GetProperty("product").GetProperty("name").GetString());
        Assert.Equal("Customer Data", issue.GetProperty("space").GetProperty("name").GetString());
        Assert.Equal(["id", "name"], ApiAssert.Names(issue.GetProperty("assignee")));
        Assert.Equal("Jane Developer", issue.GetProperty("assignee").GetProperty("name").GetString());
        Assert.Equal(team.Member.User.Id, issue.GetProperty("reporter").GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, issue.GetProperty("alert").ValueKind);
        Assert.Equal(JsonValueKind.Null, issue.GetProperty("resolved_at").ValueKind);
        ApiAssert.Timestamp(issue.GetProperty("created_at"));
        ApiAssert.Timestamp(issue.GetProperty("updated_at"));
        Assert.Equal(7, issue.GetProperty("id").GetGuid().Version);
    }

    [Fact]
    public async Task List_EveryQueryParameterFilters()
    {
        var team = await app.TeamAsync();
        var client = team.Member.Client;
        // This test links its alert to an issue by hand.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await team.Admin.Client.PutAsJsonAsync($"/api/spaces/{team.Space.Id}/alert-policy", new { auto_open = false })).StatusCode);
        var low = await CreateAsync(client, new { title = "Late events", priority = "low", space_id = team.Space.Id, product_id = team.Product.Id });
        var critical = await CreateAsync(team.Admin.Client, new { title = "Schema drift", priority = "critical", space_id = team.Space.Id, assignee_id = team.Member.User.Id });
        var high = await CreateAsync(client, new { title = "Row count dropped", priority = "high", space_id = team.Space.Id });
        await client.PatchAsync($"/api/issues/{high.GetProperty("id")}", Json("""{"status":"resolved"}"""));
        await client.PostAsJsonAsync($"/api/issues/{low.GetProperty("id")}/comments", new { content = "upstream pipeline failed" });
        var alert = await ApiAssert.JsonAsync(await client.PostAsJsonAsync("/api/alerts", new
        {
            product_id = team.Product.Id,
            check = "orders_freshness",
            kind = "freshness",
            status = "firing",
            title = "Freshness check failed",
        }), HttpStatusCode.Created);
        var fromAlert = await CreateAsync(client, new { title = "Freshness check failed", space_id = team.Space.Id, alert_id = alert.GetProperty("id").GetGuid() });

        async Task<string[]> Titles(string query)
        {
            var list = await ApiAssert.JsonAsync(await client.GetAsync($"/api/issues?space_id={team.Space.Id}&{query}"));
            return list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToArray();
        }

        Assert.Equal(["Late events", "Freshness check failed"], await Titles($"product_id={team.Product.Id}&sort=created_at"));
        Assert.Equal(["Row count dropped"], await Titles("status=resolved"));
        Assert.Equal(["Late events", "Schema drift", "Freshness check failed"], await Titles("status=open,in_progress&sort=created_at"));
        Assert.Equal(["Schema drift", "Row count dropped"], await Titles("priority=high,critical&sort=-priority"));
        Assert.Equal(["Schema drift"], await Titles($"assignee_id={team.Member.User.Id}"));
        Assert.Equal(3, (await Titles("assignee_id=none")).Length);
        Assert.Equal(["Schema drift"], await Titles($"reporter_id={team.Admin.User.Id}"));
        Assert.Equal(["Freshness check failed"], await Titles($"alert_id={alert.GetProperty("id")}"));
        Assert.Equal(["Late events"], await Titles("q=Pipeline"));
        Assert.Equal(["Schema drift"], await Titles($"q={critical.GetProperty("key")}"));
        Assert.Equal(["Late events", "Freshness check failed", "Row count dropped", "Schema drift"], await Titles("sort=priority"));
        Assert.Equal(["Freshness check failed", "Row count dropped", "Schema drift", "Late events"], await Titles("sort=-created_at"));
        Assert.Equal(["Schema drift", "Row count dropped", "Late events", "Freshness check failed"], await Titles("sort=updated_at"));
        Assert.Equal(["Freshness check failed", "Late events", "Row count dropped", "Schema drift"], await Titles("sort=-updated_at"));

        var page = await ApiAssert.JsonAsync(await client.GetAsync($"/api/issues?space_id={team.Space.Id}&sort=created_at&page=2&size=3"));
        Assert.Equal((4, 2, 3), (page.GetProperty("total").GetInt32(), page.GetProperty("page").GetInt32(), page.GetProperty("size").GetInt32()));
        Assert.Equal(["Freshness check failed"], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        var past = await ApiAssert.JsonAsync(await client.GetAsync($"/api/issues?space_id={team.Space.Id}&page=50"));
        Assert.Equal(4, past.GetProperty("total").GetInt32());
        Assert.Empty(past.GetProperty("items").EnumerateArray());
        Assert.Equal(fromAlert.GetProperty("id").GetGuid(), (await ApiAssert.JsonAsync(await client.GetAsync($"/api/issues?alert_id={alert.GetProperty("id")}"))).GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Theory]
    [InlineData("status=closed", "status")]
    [InlineData("priority=urgent", "priority")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page=100001", "page")]
    [InlineData("page=1000000000", "page")]   // (page - 1) * size overflowed, and the first page came back relabelled
    [InlineData("size=1000", "size")]
    [InlineData("size=0", "size")]
    [InlineData("space_id=not-a-uuid", "space_id")]
    [InlineData("product_id=1", "product_id")]
    [InlineData("assignee_id=bob", "assignee_id")]
    [InlineData("reporter_id=x", "reporter_id")]
    [InlineData("alert_id=x", "alert_id")]
    [InlineData("sort=title", "sort")]
    public async Task List_InvalidQueryValue_Is400NamingTheParameter(string query, string field)
    {
        var response = await app.Admin().GetAsync($"/api/issues?{query}");

        await ApiAssert.ValidationAsync(response, field);
    }

    [Fact]
    public async Task Create_Returns201WithLocationETagAndTheIssue()
    {
        var team = await app.TeamAsync();

        var response = await team.Member.Client.PostAsync("/api/issues", Json($$"""
            {"title": "Missing transactions for Jan 14", "description": "## Summary\n\nNo transaction records loaded for 2026-01-14.",
             "priority": "critical", "product_id": "{{team.Product.Id}}", "space_id": "{{team.Space.Id}}", "assignee_id": "{{team.Member.User.Id}}"}
            """));

        var issue = await ApiAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/api/issues/{issue.GetProperty("id").GetGuid()}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("critical", issue.GetProperty("priority").GetString());
        Assert.Equal("open", issue.GetProperty("status").GetString());
        Assert.Equal(team.Member.User.Id, issue.GetProperty("reporter").GetProperty("id").GetGuid());
        var fetched = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync(response.Headers.Location));
        Assert.Equal(issue.GetRawText(), fetched.GetRawText());
        // "watching" is the reader's: the reporter watches what they report, the viewer does not.
        Assert.True(issue.GetProperty("watching").GetBoolean());
        Assert.False((await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync(response.Headers.Location))).GetProperty("watching").GetBoolean());
    }

    [Fact]
    public async Task Create_OnlyRequiredFields_DefaultsToMediumAndNulls()
    {
        var team = await app.TeamAsync();

        var issue = await CreateAsync(team.Member.Client, new { title = "Freshness SLA missed", space_id = team.Space.Id });

        Assert.Equal("medium", issue.GetProperty("priority").GetString());
        Assert.Equal("", issue.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Null, issue.GetProperty("product").ValueKind);
        Assert.Equal(JsonValueKind.Null, issue.GetProperty("assignee").ValueKind);
    }

    [Fact]
    public async Task Create_InvalidRequests_Are400WithFieldErrorsAndCreateNothing()
    {
        var team = await app.TeamAsync();
        var otherSpace = await app.Data.SpaceAsync(team.Admin.User.Id);
        var foreignProduct = await app.Data.ProductAsync(otherSpace.Id, team.Admin.User.Id);
        var outsider = await app.UserAsync("Olga Outsider");
        var client = team.Member.Client;
        var space = team.Space.Id;

        var empty = await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json($$"""{"title": "  ", "space_id": "{{space}}"}""")), "title");
        Assert.Equal("Title is required.", empty.GetProperty("errors").GetProperty("title")[0].GetString());
        await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json("""{"title": "x"}""")), "space_id");
        await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json($$"""{"title": "x", "space_id": "{{Guid.NewGuid()}}"}""")), "space_id");
        await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json($$"""{"title": "x", "space_id": "{{space}}", "product_id": "{{foreignProduct.Id}}"}""")), "product_id");
        await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json($$"""{"title": "x", "space_id": "{{space}}", "assignee_id": "{{outsider.User.Id}}"}""")), "assignee_id");
        await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json($$"""{"title": "{{new string('t', 201)}}", "space_id": "{{space}}"}""")), "title");
        await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json($$"""{"title": "x", "space_id": "{{space}}", "description": "{{new string('d', 100_001)}}"}""")), "description");
        var badEnum = await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json($$"""{"title": "x", "space_id": "{{space}}", "priority": "urgent"}""")), "priority");
        Assert.Contains("low, medium, high, critical", badEnum.GetProperty("errors").GetProperty("priority")[0].GetString());
        await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json($$"""{"title": "x", "space_id": "{{space}}", "priority": 3}""")), "priority");
        await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json($$"""{"title": 42, "space_id": "{{space}}"}""")), "title");
        await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json("""{"title": "x", "space_id": "nope"}""")), "space_id");
        var unknown = await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json($$"""{"title": "x", "space_id": "{{space}}", "severity": "high"}""")), "severity");
        Assert.Equal("Unknown field.", unknown.GetProperty("errors").GetProperty("severity")[0].GetString());
        await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json("""{"title": "x", """)), "body");
        await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json("")), "body");
        await ApiAssert.ValidationAsync(await client.PostAsync("/api/issues", Json("[1]")), "body");

        Assert.Equal(0, await CountAsync(team));
    }

    [Fact]
    public async Task Create_WrongMediaTypeOrOversizedBody_Is415Or413()
    {
        var team = await app.TeamAsync();
        var huge = $$"""{"title": "x", "space_id": "{{team.Space.Id}}", "description": "{{new string('d', 1024 * 1024)}}"}""";

        await ApiAssert.ProblemAsync(await team.Member.Client.PostAsync("/api/issues", Json("title=x", "application/x-www-form-urlencoded")), HttpStatusCode.UnsupportedMediaType);
        await ApiAssert.ProblemAsync(await team.Member.Client.PostAsync("/api/issues", Json(huge)), HttpStatusCode.RequestEntityTooLarge);
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await ApiAssert.ProblemAsync(await team.Member.Client.PostAsync("/api/issues", chunked), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(0, await CountAsync(team));
    }

    [Fact]
    public async Task Create_AsViewer_Is403_InInvisibleSpace_Is400()
    {
        var team = await app.TeamAsync();
        var outsider = await app.UserAsync("Olga Outsider");
        var body = new { title = "x", space_id = team.Space.Id };

        await ApiAssert.ProblemAsync(await team.Viewer.Client.PostAsJsonAsync("/api/issues", body), HttpStatusCode.Forbidden);
        await ApiAssert.ValidationAsync(await outsider.Client.PostAsJsonAsync("/api/issues", body), "space_id");

        Assert.Equal(0, await CountAsync(team));
    }

    [Fact]
    public async Task Create_WithIdempotencyKey_ReplaysTheFirstResponse()
    {
        var team = await app.TeamAsync();
        var body = new { title = "Missing transactions for Jan 14", space_id = team.Space.Id };
        HttpRequestMessage Request(object content) => new(HttpMethod.Post, "/api/issues")
        {
            Content = JsonContent.Create(content),
            Headers = { { "Idempotency-Key", "monitor-run-2026-01-14" } },
        };

        var first = await team.Member.Client.SendAsync(Request(body));
        var retry = await team.Member.Client.SendAsync(Request(body));
        var changed = await team.Member.Client.SendAsync(Request(new { title = "Different", space_id = team.Space.Id }));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        await ApiAssert.ProblemAsync(changed, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await CountAsync(team));
    }

    [Fact]
    public async Task Create_WithIdempotencyKeyInFlight_Is409()
    {
        var team = await app.TeamAsync();
        var request = new Web.Contracts.CreateIssueRequest { Title = "x", SpaceId = team.Space.Id };
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Idempotency>().ClaimAsync(team.Member.User.Id, "in-flight", "issues.create", request, CancellationToken.None);

        var response = await team.Member.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/issues")
        {
            Content = JsonContent.Create(new { title = "x", space_id = team.Space.Id }),
            Headers = { { "Idempotency-Key", "in-flight" } },
        });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal(0, await CountAsync(team));
    }

    [Fact]
    public async Task Get_UnknownInvisibleOrNonUuid_Is404()
    {
        var team = await app.TeamAsync();
        var outsider = await app.UserAsync("Olga Outsider");
        var issue = await CreateAsync(team.Member.Client, new { title = "x", space_id = team.Space.Id });
        var id = issue.GetProperty("id").GetGuid();

        await ApiAssert.ProblemAsync(await outsider.Client.GetAsync($"/api/issues/{id}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await team.Member.Client.GetAsync($"/api/issues/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await team.Member.Client.GetAsync("/api/issues/CUST-1"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await outsider.Client.GetAsync($"/api/issues/{id}/history"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await outsider.Client.PatchAsync($"/api/issues/{id}", Json("""{"priority":"low"}""")), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await outsider.Client.DeleteAsync($"/api/issues/{id}"), HttpStatusCode.NotFound);
        var ok = await team.Viewer.Client.GetAsync($"/api/issues/{id}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("\"1\"", ok.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Delete_HonoursIfMatch_AStaleVersionIs412AndDeletesNothing()
    {
        // Arrange
        var team = await app.TeamAsync();
        var issue = await CreateAsync(team.Member.Client, new { title = "Stale delete", space_id = team.Space.Id });
        var url = $"/api/issues/{issue.GetProperty("id")}";
        await team.Member.Client.PatchAsJsonAsync(url, new { priority = "high" });

        // Act
        var stale = await team.Member.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, url) { Headers = { IfMatch = { new EntityTagHeaderValue("\"1\"") } } });
        var current = await team.Member.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, url) { Headers = { IfMatch = { new EntityTagHeaderValue("\"2\"") } } });

        // Assert
        await ApiAssert.ProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, current.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await team.Member.Client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Patch_ChangesFieldsWritesHistoryAndHonoursIfMatch()
    {
        var team = await app.TeamAsync();
        var issue = await CreateAsync(team.Member.Client, new { title = "Customer ID nulls increased", space_id = team.Space.Id, assignee_id = team.Member.User.Id });
        var url = $"/api/issues/{issue.GetProperty("id")}";

        var moved = await team.Member.Client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url)
        {
            Content = Json("""{"status": "in_progress"}""", "application/merge-patch+json"),
            Headers = { IfMatch = { new EntityTagHeaderValue("\"1\"") } },
        });
        var stale = await team.Member.Client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url)
        {
            Content = Json("""{"priority": "low"}"""),
            Headers = { IfMatch = { new EntityTagHeaderValue("\"1\"") } },
        });
        var cleared = await team.Member.Client.PatchAsync(url, Json("""{"assignee_id": null, "priority": "critical"}"""));
        var resolved = await team.Member.Client.PatchAsync(url, Json("""{"status": "resolved"}"""));

        var body = await ApiAssert.JsonAsync(moved);
        Assert.Equal("in_progress", body.GetProperty("status").GetString());
        Assert.Equal("\"2\"", moved.Headers.ETag?.Tag);
        await ApiAssert.ProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        var clearedBody = await ApiAssert.JsonAsync(cleared);
        Assert.Equal(JsonValueKind.Null, clearedBody.GetProperty("assignee").ValueKind);
        Assert.Equal("critical", clearedBody.GetProperty("priority").GetString());
        ApiAssert.Timestamp((await ApiAssert.JsonAsync(resolved)).GetProperty("resolved_at"));

        var history = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"{url}/history"));
        Assert.Equal(["items", "total", "page", "size"], ApiAssert.Names(history));
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["id", "action", "old_value", "new_value", "actor", "timestamp"], ApiAssert.Names(items[0]));
        Assert.Equal(
            ["created", "status_changed", "priority_changed", "assignee_changed", "status_changed"],
            items.Select(i => i.GetProperty("action").GetString()));
        Assert.Equal(("open", "in_progress"), (items[1].GetProperty("old_value").GetString(), items[1].GetProperty("new_value").GetString()));
        Assert.Equal(("Jane Developer", null), (items[3].GetProperty("old_value").GetString(), items[3].GetProperty("new_value").GetString()));
        Assert.Equal(["id", "name"], ApiAssert.Names(items[1].GetProperty("actor")));
        Assert.Equal("Jane Developer", items[1].GetProperty("actor").GetProperty("name").GetString());
        ApiAssert.Timestamp(items[1].GetProperty("timestamp"));
    }

    [Fact]
    public async Task Patch_ThatChangesNothing_KeepsUpdatedAtAndHistory()
    {
        var team = await app.TeamAsync();
        var issue = await CreateAsync(team.Member.Client, new { title = "Same", space_id = team.Space.Id, priority = "high" });
        var url = $"/api/issues/{issue.GetProperty("id")}";

        var same = await ApiAssert.JsonAsync(await team.Member.Client.PatchAsync(url, Json("""{"title": "Same", "priority": "high", "product_id": null}""")));
        var empty = await ApiAssert.JsonAsync(await team.Member.Client.PatchAsync(url, Json("{}")));

        Assert.Equal(issue.GetRawText(), same.GetRawText());
        Assert.Equal(issue.GetRawText(), empty.GetRawText());
        var history = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"{url}/history"));
        Assert.Equal(1, history.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Patch_Invalid_Is400_AsViewer_Is403_AndChangesNothing()
    {
        var team = await app.TeamAsync();
        var issue = await CreateAsync(team.Member.Client, new { title = "Keep me", space_id = team.Space.Id });
        var url = $"/api/issues/{issue.GetProperty("id")}";

        await ApiAssert.ValidationAsync(await team.Member.Client.PatchAsync(url, Json("""{"status": "closed"}""")), "status");
        await ApiAssert.ValidationAsync(await team.Member.Client.PatchAsync(url, Json("""{"status": null}""")), "status");
        await ApiAssert.ValidationAsync(await team.Member.Client.PatchAsync(url, Json("""{"title": ""}""")), "title");
        await ApiAssert.ValidationAsync(await team.Member.Client.PatchAsync(url, Json("""{"reporter_id": null}""")), "reporter_id");
        await ApiAssert.ValidationAsync(await team.Member.Client.PatchAsync(url, Json($$"""{"priority": "low", "assignee_id": "{{Guid.NewGuid()}}"}""")), "assignee_id");
        await ApiAssert.ProblemAsync(await team.Viewer.Client.PatchAsync(url, Json("""{"priority": "low"}""")), HttpStatusCode.Forbidden);
        await ApiAssert.ProblemAsync(await team.Member.Client.PatchAsync($"/api/issues/{Guid.NewGuid()}", Json("""{"priority": "low"}""")), HttpStatusCode.NotFound);

        var after = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync(url));
        Assert.Equal(issue.GetRawText(), after.GetRawText());
    }

    [Fact]
    public async Task Delete_ByReporter_Is204ThenGone_ByOtherMember_Is403()
    {
        var team = await app.TeamAsync();
        var mine = await CreateAsync(team.Member.Client, new { title = "Mine", space_id = team.Space.Id });
        var admins = await CreateAsync(team.Admin.Client, new { title = "Admin's", space_id = team.Space.Id });

        var deleted = await team.Member.Client.DeleteAsync($"/api/issues/{mine.GetProperty("id")}");
        var refused = await team.Member.Client.DeleteAsync($"/api/issues/{admins.GetProperty("id")}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ApiAssert.ProblemAsync(await team.Member.Client.GetAsync($"/api/issues/{mine.GetProperty("id")}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await team.Admin.Client.DeleteAsync($"/api/issues/{admins.GetProperty("id")}")).StatusCode);
        Assert.Equal(0, await CountAsync(team));
    }

    [Fact]
    public async Task AnIssuesKey_IsAcceptedWhereverItsIdIs_InAnyCase()
    {
        // Arrange
        var team = await app.TeamAsync();
        var issue = await app.Data.IssueAsync(team.Space.Id, team.Member.User.Id, "Keyed");
        var outsider = await app.UserAsync("Key Outsider");

        // Act
        var byKey = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/issues/{issue.Key}"));
        var history = await team.Viewer.Client.GetAsync($"/api/issues/{issue.Key.ToLowerInvariant()}/history");
        var patched = await team.Member.Client.PatchAsJsonAsync($"/api/issues/{issue.Key}", new { priority = "high" });
        var commented = await team.Member.Client.PostAsJsonAsync($"/api/issues/{issue.Key}/comments", new { content = "By key" });
        var hidden = await outsider.Client.GetAsync($"/api/issues/{issue.Key}");
        var unknown = await team.Viewer.Client.GetAsync($"/api/issues/{team.Space.Key}-99999");

        // Assert
        Assert.Equal(issue.Id.ToString(), byKey.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(HttpStatusCode.Created, commented.StatusCode);
        await ApiAssert.ProblemAsync(hidden, HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task IssuePage_ForAnIssueThatIsNotThere_OrNotTheReadersToSee_Is404()
    {
        // Arrange
        var team = await app.TeamAsync();
        var issue = await app.Data.IssueAsync(team.Space.Id, team.Member.User.Id, "Seen by the team");
        var member = await app.SignedInAsync(team.Member.User.Email, TestData.Password);
        var outsider = await app.Data.UserAsync("Page Outsider");
        var stranger = await app.SignedInAsync(outsider.Email, TestData.Password);

        // Act + Assert: the page's words say so, and so does the status.
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/issues/{issue.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/issues/{issue.Key}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/issues/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/issues/{team.Space.Key}-99999")).StatusCode);
        var hidden = await stranger.GetAsync($"/issues/{issue.Id}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Contains("does not exist", await hidden.Content.ReadAsStringAsync());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IssueTracker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Api;

/// <summary>What an integrator found (issue 34), each as the test that would have caught it.</summary>
public sealed class IntegratorApiTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    [Fact]
    public async Task Events_ResumingPastTheNewestEvent_Is409NamingTheNewest_NotSilence()
    {
        var team = await app.TeamAsync();
        await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Something to have an event", space_id = team.Space.Id });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Add("Last-Event-ID", "99999999");

        using var response = await team.Member.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        var newest = problem.GetProperty("newest_event_id").GetInt64();
        Assert.True(newest > 0);
        Assert.Contains($"Resume from {newest}", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("%25")]
    [InlineData("%F0%9F%9A%A8")]
    [InlineData("_")]
    public async Task Search_WithNoWord_Is400_NeverEverythingOrNothing(string q)
    {
        var team = await app.TeamAsync();

        var response = await team.Member.Client.GetAsync($"/api/issues?space_id={team.Space.Id}&q={q}");

        var problem = await ApiAssert.ValidationAsync(response, "q");
        Assert.Contains("needs a word", problem.GetProperty("errors").GetProperty("q")[0].GetString());
    }

    [Fact]
    public async Task ConditionalRequests_IfMatchTakesAList_IfNoneMatchIs304_A412CarriesTheCurrentETag()
    {
        var team = await app.TeamAsync();
        var created = await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Row count dropped", space_id = team.Space.Id });
        var id = (await ApiAssert.JsonAsync(created, HttpStatusCode.Created)).GetProperty("id").GetString();
        var etag = created.Headers.ETag!.Tag;
        HttpRequestMessage Patch(string ifMatch)
        {
            var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/issues/{id}") { Content = JsonContent.Create(new { priority = "high" }) };
            patch.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return patch;
        }

        var listed = await team.Member.Client.SendAsync(Patch($"\"99\", {etag}"));
        var current = listed.Headers.ETag!.Tag;
        var stale = await team.Member.Client.SendAsync(Patch(etag));
        using var unchanged = new HttpRequestMessage(HttpMethod.Get, $"/api/issues/{id}");
        unchanged.Headers.TryAddWithoutValidation("If-None-Match", current);
        var notModified = await team.Member.Client.SendAsync(unchanged);
        using var old = new HttpRequestMessage(HttpMethod.Get, $"/api/issues/{id}");
        old.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var changed = await team.Member.Client.SendAsync(old);

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        await ApiAssert.ProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal(current, stale.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(current, notModified.Headers.ETag?.Tag);
        Assert.Equal("high", (await ApiAssert.JsonAsync(changed)).GetProperty("priority").GetString());
    }

    [Fact]
    public async Task TimeFilters_AReturnedTimeIsAnInclusiveBound_ADateIsItsWholeDay_AndUpdatedFromExportsIncrementally()
    {
        var team = await app.TeamAsync();
        var issue = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Late load", space_id = team.Space.Id }), HttpStatusCode.Created);
        var (created, updated) = (issue.GetProperty("created_at").GetString()!, issue.GetProperty("updated_at").GetString()!);
        async Task<int> Count(string filters) =>
            (await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/issues?space_id={team.Space.Id}&{filters}"))).GetProperty("total").GetInt32();

        Assert.Equal(1, await Count($"created_to={Uri.EscapeDataString(created)}"));
        Assert.Equal(1, await Count($"created_to={created[..10]}"));
        Assert.Equal(1, await Count($"created_from={Uri.EscapeDataString(created)}"));
        Assert.Equal(1, await Count($"updated_from={Uri.EscapeDataString(updated)}&sort=updated_at"));
        Assert.Equal(1, await Count($"updated_to={Uri.EscapeDataString(updated)}"));
        Assert.Equal(0, await Count($"updated_from={Uri.EscapeDataString(DateTime.Parse(updated, null, System.Globalization.DateTimeStyles.AdjustToUniversal).AddSeconds(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"))}"));
        Assert.Equal(0, await Count($"created_to={DateTime.Parse(created[..10]).AddDays(-1):yyyy-MM-dd}"));
    }

    [Fact]
    public async Task UnknownQueryParameter_Is400NamingIt_AsAnUnknownBodyFieldIs()
    {
        var team = await app.TeamAsync();

        var misspelt = await team.Member.Client.GetAsync($"/api/issues?space_id={team.Space.Id}&statuses=resolved");

        var problem = await ApiAssert.ValidationAsync(misspelt, "statuses");
        Assert.Contains("status", problem.GetProperty("errors").GetProperty("statuses")[0].GetString());
    }

    [Fact]
    public async Task Assignee_MustBeAnActiveMember()
    {
        var team = await app.TeamAsync();
        var leaving = await app.UserAsync("Leaving Person");
        await app.Data.MemberAsync(team.Space.Id, leaving.User.Id, SpaceRole.Member, team.Admin.User.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin().PostAsync($"/api/users/{leaving.User.Id}/deactivate", null)).StatusCode);

        var created = await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Nulls", space_id = team.Space.Id, assignee_id = leaving.User.Id });

        var problem = await ApiAssert.ValidationAsync(created, "assignee_id");
        Assert.Contains("deactivated", problem.GetProperty("errors").GetProperty("assignee_id")[0].GetString());
        // Lists say who is active, so a client can offer only assignable people.
        var members = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/spaces/{team.Space.Id}/members?size=100"));
        var users = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/users?space_id={team.Space.Id}&size=100"));
        bool Active(JsonElement list, string id) => list.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("id").GetString() == id).GetProperty("active").GetBoolean();
        Assert.False(Active(members, leaving.User.Id.ToString()));
        Assert.True(Active(members, team.Member.User.Id.ToString()));
        Assert.False(Active(users, leaving.User.Id.ToString()));
    }

    [Fact]
    public async Task DuplicateSpaceKeyOrProductName_Is409()
    {
        var team = await app.TeamAsync();

        var product = await team.Admin.Client.PostAsJsonAsync("/api/products", new { name = team.Product.Name, space_id = team.Space.Id });
        var space = await app.Admin().PostAsJsonAsync("/api/spaces", new { name = "Again", key = team.Space.Key });

        await ApiAssert.ProblemAsync(product, HttpStatusCode.Conflict);
        await ApiAssert.ProblemAsync(space, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/plain")]
    [InlineData("*/*")]
    public async Task Unauthenticated_IsProblemJsonWithTraceId_WhateverTheAcceptHeader(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/issues");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await app.Anonymous().SendAsync(request);

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", problem.GetProperty("detail").GetString());
        Assert.True(response.Headers.Contains("RateLimit-Remaining"), "a 401 says where its address stands too");
    }

    [Fact]
    public async Task EventStreamErrors_AreProblemJsonWithTraceId_ForAnSseClient()
    {
        var team = await app.TeamAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events?space_id=not-a-space");
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");

        var response = await team.Member.Client.SendAsync(request);

        await ApiAssert.ValidationAsync(response, "space_id");
    }

    [Fact]
    public async Task Comments_DoNotChangeTheIssuesVersion_SoAPatchWithTheETagReadEarlierSucceeds()
    {
        var team = await app.TeamAsync();
        var created = await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Duplicate order ids", space_id = team.Space.Id });
        var id = (await ApiAssert.JsonAsync(created, HttpStatusCode.Created)).GetProperty("id").GetString();
        var read = await team.Member.Client.GetAsync($"/api/issues/{id}");
        var etag = read.Headers.ETag!.Tag;

        var comment = await ApiAssert.JsonAsync(await team.Viewer.Client.PostAsJsonAsync($"/api/issues/{id}/comments", new { content = "Seen this in staging too" }), HttpStatusCode.Created);
        var commentId = comment.GetProperty("id").GetString();
        await ApiAssert.JsonAsync(await team.Viewer.Client.PatchAsJsonAsync($"/api/issues/{id}/comments/{commentId}", new { content = "Seen in staging and prod" }));
        Assert.Equal(HttpStatusCode.NoContent, (await team.Viewer.Client.DeleteAsync($"/api/issues/{id}/comments/{commentId}")).StatusCode);
        var after = await team.Member.Client.GetAsync($"/api/issues/{id}");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/issues/{id}") { Content = JsonContent.Create(new { priority = "critical" }) };
        patch.Headers.TryAddWithoutValidation("If-Match", etag);
        var patched = await team.Member.Client.SendAsync(patch);

        Assert.Equal(etag, after.Headers.ETag?.Tag);
        Assert.Equal("critical", (await ApiAssert.JsonAsync(patched)).GetProperty("priority").GetString());
    }

    [Theory]
    [InlineData("/api/spaces?name=x", "name")]
    [InlineData("/api/alerts?statuses=firing", "statuses")]
    [InlineData("/api/notifications?unread_only=true", "unread_only")]
    [InlineData("/api/me?verbose=1", "verbose")]
    [InlineData("/api/events?space=CUST", "space")]
    [InlineData("/api/insights?spaceid=x", "spaceid")]
    public async Task UnknownQueryParameter_Is400NamingIt_OnEveryAddress(string address, string unknown)
    {
        var team = await app.TeamAsync();

        var response = await team.Member.Client.GetAsync(address);

        var problem = await ApiAssert.ValidationAsync(response, unknown);
        Assert.Contains("Unknown query parameter", problem.GetProperty("errors").GetProperty(unknown)[0].GetString());
    }

    [Fact]
    public async Task EnumsReadAlike_InTheQueryAndTheBody_AnyCaseTrimmed_AndEveryEnumFilterTakesAList()
    {
        var team = await app.TeamAsync();
        async Task Report(string check, string kind) => await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/alerts", new
        {
            product_id = team.Product.Id,
            check,
            kind,
            status = "firing",
            title = check + " failed",
        }), HttpStatusCode.Created);
        await Report("orders_fresh", "freshness");
        await Report("orders_rows", "volume");
        await Report("orders_schema", "schema");
        var upper = await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Shouting", space_id = team.Space.Id, priority = " HIGH " });

        var kinds = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/alerts?space_id={team.Space.Id}&kind=freshness,%20VOLUME"));
        var statuses = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/issues?space_id={team.Space.Id}&status=OPEN,%20In_Progress&priority=High&q=shouting"));
        var types = await team.Member.Client.GetAsync($"/api/events?types=ISSUE.CREATED,bogus");

        Assert.Equal(["freshness", "volume"], kinds.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("kind").GetString()).Order());
        Assert.Equal("high", (await ApiAssert.JsonAsync(upper, HttpStatusCode.Created)).GetProperty("priority").GetString());
        Assert.Equal(["Shouting"], statuses.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        var problem = await ApiAssert.ValidationAsync(types, "types");
        Assert.Contains("'bogus'", problem.GetProperty("errors").GetProperty("types")[0].GetString());
    }

    [Fact]
    public async Task APeriodThatEndsBeforeItStarts_Is400_HereAsOnInsights()
    {
        var team = await app.TeamAsync();

        var issues = await team.Member.Client.GetAsync($"/api/issues?space_id={team.Space.Id}&created_from=2026-12-05&created_to=2026-12-01");
        var insights = await team.Member.Client.GetAsync($"/api/insights?space_id={team.Space.Id}&from=2026-12-05&to=2026-12-01");
        var sameDay = await team.Member.Client.GetAsync($"/api/issues?space_id={team.Space.Id}&created_from=2026-12-05&created_to=2026-12-05");

        await ApiAssert.ValidationAsync(issues, "created_from");
        await ApiAssert.ValidationAsync(insights, "from");
        await ApiAssert.JsonAsync(sameDay);
    }

    [Fact]
    public async Task Lengths_CountCharactersNotUtf16Units_AndTheOpenApiDocumentStatesEachMaxLength()
    {
        var team = await app.TeamAsync();
        var emoji = string.Concat(Enumerable.Repeat("🚨", 200));

        var fits = await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = emoji, space_id = team.Space.Id });
        var over = await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = emoji + "!", space_id = team.Space.Id });
        var openApi = await ApiAssert.JsonAsync(await app.Anonymous().GetAsync("/openapi/v1.json"));

        Assert.Equal(emoji, (await ApiAssert.JsonAsync(fits, HttpStatusCode.Created)).GetProperty("title").GetString());
        Assert.Contains("200 characters", (await ApiAssert.ValidationAsync(over, "title")).GetProperty("errors").GetProperty("title")[0].GetString());
        var schemas = openApi.GetProperty("components").GetProperty("schemas");
        int Max(string schema, string property) => schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).GetProperty("maxLength").GetInt32();
        Assert.Equal(200, Max("CreateIssueRequest", "title"));
        Assert.Equal(200, Max("UpdateIssueRequest", "title"));
        Assert.Equal(100_000, Max("UpdateIssueRequest", "description"));
        Assert.Equal(65_536, Max("CommentRequest", "content"));
        Assert.Equal(200, Max("ReportAlertRequest", "check"));
        Assert.Equal(100, Max("CreateSpaceRequest", "name"));
        Assert.Equal(100, Max("CreateTokenRequest", "name"));
    }

    [Theory]
    [InlineData(@"Nulls\u0000in ids")]
    [InlineData(@"Two\nlines")]
    [InlineData(@"\u202etxt.exe")]
    [InlineData(@"Bell\u0007")]
    public async Task Titles_RefuseControlCharactersAndDirectionOverrides(string escaped)
    {
        var team = await app.TeamAsync();
        var body = $"{{\"title\":\"{escaped}\",\"space_id\":\"{team.Space.Id}\"}}";

        var created = await team.Member.Client.PostAsync("/api/issues", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var product = await team.Admin.Client.PostAsync("/api/products", new StringContent(body.Replace("\"title\"", "\"name\""), System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains("control characters", (await ApiAssert.ValidationAsync(created, "title")).GetProperty("errors").GetProperty("title")[0].GetString());
        await ApiAssert.ValidationAsync(product, "name");
    }

    [Fact]
    public async Task DescriptionsAndComments_AllowTabAndNewline_OnlyAmongControlCharacters()
    {
        var team = await app.TeamAsync();
        var created = await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Tabs", space_id = team.Space.Id, description = "Steps:\r\n\t1. load\n\t2. check" });
        var issue = await ApiAssert.JsonAsync(created, HttpStatusCode.Created);
        var id = issue.GetProperty("id").GetString();

        var badDescription = await team.Member.Client.PatchAsJsonAsync($"/api/issues/{id}", new { description = "Bell\u0007" });
        var goodComment = await team.Member.Client.PostAsJsonAsync($"/api/issues/{id}/comments", new { content = "Seen:\n\tline 1" });
        var badComment = await team.Member.Client.PostAsJsonAsync($"/api/issues/{id}/comments", new { content = "Null\u0000byte" });

        Assert.Equal("Steps:\n\t1. load\n\t2. check", issue.GetProperty("description").GetString());
        Assert.Contains("tab and newline", (await ApiAssert.ValidationAsync(badDescription, "description")).GetProperty("errors").GetProperty("description")[0].GetString());
        Assert.Equal("Seen:\n\tline 1", (await ApiAssert.JsonAsync(goodComment, HttpStatusCode.Created)).GetProperty("content").GetString());
        await ApiAssert.ValidationAsync(badComment, "content");
    }

    [Theory]
    [InlineData("comments")]
    [InlineData("links")]
    [InlineData("tokens")]
    [InlineData("spaces")]
    [InlineData("products")]
    [InlineData("users")]
    public async Task IdempotencyKey_WorksOnEveryCreate_ARetryGetsTheFirstAnswerAndCreatesNothing(string what)
    {
        var team = await app.TeamAsync();
        var issue = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Keyed", space_id = team.Space.Id }), HttpStatusCode.Created);
        var other = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Other end", space_id = team.Space.Id }), HttpStatusCode.Created);
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var (client, path, body, changed) = what switch
        {
            "comments" => (team.Member.Client, $"/api/issues/{issue.GetProperty("id")}/comments", (object)new { content = "Once" }, (object)new { content = "Twice" }),
            "links" => (team.Member.Client, $"/api/issues/{issue.GetProperty("id")}/links", new { type = "blocks", issue_id = other.GetProperty("id").GetString() }, new { type = "relates_to", issue_id = other.GetProperty("id").GetString() }),
            "tokens" => (team.Member.Client, "/api/tokens", new { name = "nightly export" }, new { name = "another" }),
            "spaces" => (app.Admin(), "/api/spaces", new { name = "Finance " + suffix, key = "F" + suffix }, new { name = "Other", key = "G" + suffix }),
            "products" => (team.Admin.Client, "/api/products", new { name = "ledger " + suffix, space_id = team.Space.Id }, new { name = "other " + suffix, space_id = team.Space.Id }),
            _ => (app.Admin(), "/api/users", new { email = $"{suffix}@example.com".ToLowerInvariant(), name = "New Person", password = "a-long-password-1" }, new { email = "x" + suffix + "@example.com", name = "X", password = "a-long-password-1" }),
        };
        HttpRequestMessage Post(object content) => new(HttpMethod.Post, path) { Content = JsonContent.Create(content), Headers = { { "Idempotency-Key", "create-" + what } } };

        var first = await client.SendAsync(Post(body));
        var retry = await client.SendAsync(Post(body));
        var misuse = await client.SendAsync(Post(changed));

        var created = await ApiAssert.JsonAsync(first, HttpStatusCode.Created);
        var replayed = await ApiAssert.JsonAsync(retry, HttpStatusCode.Created);
        Assert.Equal(created.GetRawText(), replayed.GetRawText());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        await ApiAssert.ProblemAsync(misuse, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task IdempotencyKeys_AreScopedPerEndpoint_AndAReplayedSecretIsNotStoredInTheClear()
    {
        var team = await app.TeamAsync();
        HttpRequestMessage Post(string path, object body) => new(HttpMethod.Post, path) { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", "run-2026-12-05" } } };

        var issue = await team.Member.Client.SendAsync(Post("/api/issues", new { title = "Late load", space_id = team.Space.Id }));
        var alert = await team.Member.Client.SendAsync(Post("/api/alerts", new { product_id = team.Product.Id, check = "late_load", kind = "freshness", status = "firing", title = "Late load" }));
        var token = await ApiAssert.JsonAsync(await team.Member.Client.SendAsync(Post("/api/tokens", new { name = "export" })), HttpStatusCode.Created);
        var openApi = await ApiAssert.JsonAsync(await app.Anonymous().GetAsync("/openapi/v1.json"));

        await ApiAssert.JsonAsync(issue, HttpStatusCode.Created);
        await ApiAssert.JsonAsync(alert, HttpStatusCode.Created);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Web.Data.ApplicationDbContext>();
        var stored = await db.IdempotencyRecords.Where(r => r.UserId == team.Member.User.Id).Select(r => r.ResponseBody ?? "").ToListAsync();
        Assert.Equal(3, stored.Count);
        Assert.DoesNotContain(stored, s => s.Contains(token.GetProperty("token").GetString()!));
        var webhookParameters = openApi.GetProperty("paths").GetProperty("/api/spaces/{id}/webhooks").GetProperty("post").GetProperty("parameters");
        Assert.Contains(webhookParameters.EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");
    }

    [Fact]
    public async Task Events_IssueCreatedComesBeforeTheAlertFiredThatNamesIt()
    {
        var team = await app.TeamAsync();
        await using var stream = await EventStream.OpenAsync(team.Member.Client, $"/api/events?space_id={team.Space.Id}&types=issue.created,alert.fired");

        var fired = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/alerts", new
        {
            product_id = team.Product.Id,
            check = "orders_fresh",
            kind = "freshness",
            status = "firing",
            title = "Orders are late",
        }), HttpStatusCode.Created);
        var first = await stream.NextEventAsync(TimeSpan.FromSeconds(10));
        var second = await stream.NextEventAsync(TimeSpan.FromSeconds(10));

        var issueId = fired.GetProperty("issue").GetProperty("id").GetString();
        Assert.Equal(("issue.created", "alert.fired"), (first?.Type, second?.Type));
        Assert.Equal(issueId, first!.Data.GetProperty("issue_id").GetString());
        Assert.Equal(issueId, second!.Data.GetProperty("issue_id").GetString());
        Assert.True(long.Parse(first.Id!) < long.Parse(second.Id!));
    }

    [Fact]
    public async Task ProductHealthSince_IsWhenTheCurrentStatusBegan_AnEscalationStartsItAgain()
    {
        var team = await app.TeamAsync();
        var product = await ApiAssert.JsonAsync(await team.Admin.Client.PostAsJsonAsync("/api/products", new { name = "payments " + Guid.NewGuid().ToString("N")[..6], space_id = team.Space.Id }), HttpStatusCode.Created);
        var productId = product.GetProperty("id").GetString();
        var issue = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Refunds doubled", space_id = team.Space.Id, product_id = productId, priority = "high" }), HttpStatusCode.Created);
        async Task<(string? Status, DateTime Since)> Health()
        {
            var health = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/products/{productId}/health"));
            return (health.GetProperty("status").GetString(), health.GetProperty("since").GetDateTime());
        }
        var degraded = await Health();
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // timestamps are whole seconds

        var escalated = await ApiAssert.JsonAsync(await team.Member.Client.PatchAsJsonAsync($"/api/issues/{issue.GetProperty("id").GetString()}", new { priority = "critical" }));
        var failing = await Health();
        var again = await Health();

        Assert.Equal("degraded", degraded.Status);
        Assert.Equal("failing", failing.Status);
        Assert.True(failing.Since > degraded.Since, $"failing since {failing.Since:O}, degraded since {degraded.Since:O}");
        Assert.True(failing.Since >= escalated.GetProperty("updated_at").GetDateTime());
        Assert.Equal(failing, again);
    }

    [Fact]
    public async Task SpacesAndProducts_CanBeRenamedArchivedAndFoundByKeyOrName_ForCreateIfMissingProvisioning()
    {
        var team = await app.TeamAsync();
        var spaceId = team.Space.Id;
        var product = await ApiAssert.JsonAsync(await team.Admin.Client.PostAsJsonAsync("/api/products", new { name = "ledger", space_id = spaceId }), HttpStatusCode.Created);
        var productId = product.GetProperty("id").GetString();
        var issue = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Ledger off by one", space_id = spaceId, product_id = productId }), HttpStatusCode.Created);

        var renamedSpace = await ApiAssert.JsonAsync(await team.Admin.Client.PatchAsJsonAsync($"/api/spaces/{spaceId}", new { name = "Customer 360", description = "Everything about customers" }));
        var renamedProduct = await ApiAssert.JsonAsync(await team.Admin.Client.PatchAsJsonAsync($"/api/products/{productId}", new { name = "general ledger" }));
        var clash = await team.Admin.Client.PatchAsJsonAsync($"/api/products/{productId}", new { name = team.Product.Name });
        var byMember = await team.Member.Client.PatchAsJsonAsync($"/api/spaces/{spaceId}", new { name = "Mine now" });
        var keyChange = await team.Admin.Client.PatchAsJsonAsync($"/api/spaces/{spaceId}", new { key = "NEW" });
        var archived = await ApiAssert.JsonAsync(await team.Admin.Client.PostAsync($"/api/products/{productId}/archive", null));

        var defaultList = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/products?space_id={spaceId}"));
        var archivedList = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/products?space_id={spaceId}&archived=true"));
        var byName = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/products?space_id={spaceId}&name=general%20ledger"));
        var byKey = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/spaces?key={team.Space.Key.ToLowerInvariant()}"));
        var stillOnIssue = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/issues/{issue.GetProperty("id").GetString()}"));
        var unarchived = await ApiAssert.JsonAsync(await team.Admin.Client.PostAsync($"/api/products/{productId}/unarchive", null));

        Assert.Equal(("Customer 360", "Everything about customers"), (renamedSpace.GetProperty("name").GetString(), renamedSpace.GetProperty("description").GetString()));
        Assert.Equal("general ledger", renamedProduct.GetProperty("name").GetString());
        await ApiAssert.ProblemAsync(clash, HttpStatusCode.Conflict);
        await ApiAssert.ProblemAsync(byMember, HttpStatusCode.Forbidden);
        await ApiAssert.ValidationAsync(keyChange, "key");
        Assert.NotEqual(JsonValueKind.Null, archived.GetProperty("archived_at").ValueKind);
        IEnumerable<string?> Ids(JsonElement list) => list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString());
        Assert.DoesNotContain(productId, Ids(defaultList));
        Assert.Equal([productId], Ids(archivedList));
        Assert.Equal([productId], Ids(byName));
        Assert.Equal([spaceId.ToString()], Ids(byKey));
        Assert.Equal("general ledger", stillOnIssue.GetProperty("product").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, unarchived.GetProperty("archived_at").ValueKind);
    }

    [Fact]
    public async Task AnArchivedSpace_LeavesTheDefaultListButIsFoundByKey()
    {
        var key = "A" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant().Replace('0', 'B');
        var created = await ApiAssert.JsonAsync(await app.Admin().PostAsJsonAsync("/api/spaces", new { name = "Old team", key }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();

        await ApiAssert.JsonAsync(await app.Admin().PostAsync($"/api/spaces/{id}/archive", null));
        var all = await ApiAssert.JsonAsync(await app.Admin().GetAsync("/api/spaces?size=100"));
        var archived = await ApiAssert.JsonAsync(await app.Admin().GetAsync("/api/spaces?archived=true&size=100"));
        var byKey = await ApiAssert.JsonAsync(await app.Admin().GetAsync($"/api/spaces?key={key}"));

        Assert.DoesNotContain(all.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == id);
        Assert.Contains(archived.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == id);
        Assert.Equal(id, byKey.GetProperty("items")[0].GetProperty("id").GetString());
    }
}

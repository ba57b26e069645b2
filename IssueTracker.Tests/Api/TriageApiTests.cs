using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Api;

/// <summary>The wire of resolution, links, SLAs, insights and product health (the OpenAPI document), as an integration sees it.</summary>
public sealed class TriageApiTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    private static async Task<JsonElement> CreateAsync(Caller caller, ApiTeam team, string title, string priority = "medium", bool product = false) =>
        await ApiAssert.JsonAsync(await caller.Client.PostAsJsonAsync("/api/issues", new
        {
            title,
            priority,
            space_id = team.Space.Id,
            product_id = product ? team.Product.Id : (Guid?)null,
        }), HttpStatusCode.Created);

    private static Task<HttpResponseMessage> PatchAsync(Caller caller, JsonElement issue, object body) =>
        caller.Client.PatchAsJsonAsync($"/api/issues/{issue.GetProperty("id").GetString()}", body);

    [Fact]
    public async Task ResolveAsDuplicate_SendsReasonNoteAndOriginal_AndLinksShowBothWays()
    {
        var team = await app.TeamAsync();
        var original = await CreateAsync(team.Member, team, "Missing transactions for Jan 14");
        var copy = await CreateAsync(team.Member, team, "Jan 14 transactions missing");

        var resolved = await ApiAssert.JsonAsync(await PatchAsync(team.Member, copy, new
        {
            status = "resolved",
            resolution = "duplicate",
            resolution_note = "Same load failure",
            duplicate_of = original.GetProperty("id").GetString(),
        }));

        Assert.Equal(("duplicate", "Same load failure", original.GetProperty("id").GetString()),
            (resolved.GetProperty("resolution").GetString(), resolved.GetProperty("resolution_note").GetString(), resolved.GetProperty("duplicate_of").GetString()));
        ApiAssert.Timestamp(resolved.GetProperty("acknowledged_at"));
        var links = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/issues/{original.GetProperty("id").GetString()}/links"));
        var link = Assert.Single(links.GetProperty("items").EnumerateArray());
        Assert.Equal(["id", "type", "issue", "created_by", "created_at"], ApiAssert.Names(link));
        Assert.Equal(("duplicated_by", copy.GetProperty("key").GetString(), "resolved"),
            (link.GetProperty("type").GetString(), link.GetProperty("issue").GetProperty("key").GetString(), link.GetProperty("issue").GetProperty("status").GetString()));
        var history = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/issues/{copy.GetProperty("id").GetString()}/history"));
        Assert.Contains("resolution_changed", history.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task BadResolutions_Are400sNamingTheField_AndChangeNothing()
    {
        var team = await app.TeamAsync();
        var issue = await CreateAsync(team.Member, team, "Nulls");

        await ApiAssert.ValidationAsync(await PatchAsync(team.Member, issue, new { resolution = "fixed" }), "resolution");
        await ApiAssert.ValidationAsync(await PatchAsync(team.Member, issue, new { status = "resolved", resolution = "flaky" }), "resolution");
        await ApiAssert.ValidationAsync(await PatchAsync(team.Member, issue, new { status = "resolved", resolution = "duplicate" }), "duplicate_of");
        await ApiAssert.ValidationAsync(await PatchAsync(team.Member, issue, new { status = "resolved", resolution = "duplicate", duplicate_of = Guid.NewGuid() }), "duplicate_of");
        await ApiAssert.ValidationAsync(await PatchAsync(team.Member, issue, new { status = "resolved", resolution = "other", resolution_note = new string('x', 2001) }), "resolution_note");

        var after = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/issues/{issue.GetProperty("id").GetString()}"));
        Assert.Equal(("open", JsonValueKind.Null), (after.GetProperty("status").GetString(), after.GetProperty("resolution").ValueKind));
    }

    [Fact]
    public async Task Links_NeedTheMemberRoleInBothSpacesToAdd_AndInOneToRemove()
    {
        // Arrange: a member here who only views the other space.
        var team = await app.TeamAsync();
        var other = await app.Data.SpaceAsync(team.Admin.User.Id);
        await app.Data.MemberAsync(other.Id, team.Member.User.Id, Web.Domain.SpaceRole.Viewer, team.Admin.User.Id);
        var mine = await app.Data.IssueAsync(team.Space.Id, team.Member.User.Id, "Here");
        var theirs = await app.Data.IssueAsync(other.Id, team.Admin.User.Id, "There");

        // Act
        var add = await team.Member.Client.PostAsJsonAsync($"/api/issues/{mine.Id}/links", new { type = "relates_to", issue_id = theirs.Id });
        var theirsAfter = (await team.Admin.Client.GetAsync($"/api/issues/{theirs.Id}")).Headers.ETag?.Tag;
        var link = await ApiAssert.JsonAsync(await team.Admin.Client.PostAsJsonAsync($"/api/issues/{mine.Id}/links", new { type = "relates_to", issue_id = theirs.Id }), HttpStatusCode.Created);
        var remove = await team.Member.Client.DeleteAsync($"/api/issues/{theirs.Id}/links/{link.GetProperty("id").GetString()}");

        // Assert: refused without touching the other issue; a wrong link can be taken away from the side one works in.
        await ApiAssert.ProblemAsync(add, HttpStatusCode.Forbidden);
        Assert.Equal($"\"{theirs.Version}\"", theirsAfter);
        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
    }

    [Fact]
    public async Task Links_Add201_Duplicate409_Remove204_AndBadBodies400()
    {
        var team = await app.TeamAsync();
        var a = await CreateAsync(team.Member, team, "Upstream schema change");
        var b = await CreateAsync(team.Member, team, "Null customer ids");
        var url = $"/api/issues/{b.GetProperty("id").GetString()}/links";

        var added = await team.Member.Client.PostAsJsonAsync(url, new { type = "caused_by", issue_id = a.GetProperty("id").GetString() });
        var link = await ApiAssert.JsonAsync(added, HttpStatusCode.Created);
        Assert.Equal($"{url}/{link.GetProperty("id").GetString()}", added.Headers.Location?.OriginalString);
        await ApiAssert.ProblemAsync(await team.Member.Client.PostAsJsonAsync(url, new { type = "caused_by", issue_id = a.GetProperty("id").GetString() }), HttpStatusCode.Conflict);
        await ApiAssert.ValidationAsync(await team.Member.Client.PostAsJsonAsync(url, new { type = "causes", issue_id = a.GetProperty("id").GetString() }), "type");
        await ApiAssert.ValidationAsync(await team.Member.Client.PostAsJsonAsync(url, new { type = "blocks" }), "issue_id");

        var fromA = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/issues/{a.GetProperty("id").GetString()}/links"));
        Assert.Equal("causes", Assert.Single(fromA.GetProperty("items").EnumerateArray()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await team.Member.Client.DeleteAsync($"/api/issues/{a.GetProperty("id").GetString()}/links/{link.GetProperty("id").GetString()}")).StatusCode);
        await ApiAssert.ProblemAsync(await team.Member.Client.DeleteAsync($"{url}/{link.GetProperty("id").GetString()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sla_PutAndGet_AsIsoDurations_IssuesShowTheirClock_AndTheListFiltersByIt()
    {
        var team = await app.TeamAsync();
        var put = await ApiAssert.JsonAsync(await team.Admin.Client.PutAsJsonAsync($"/api/spaces/{team.Space.Id}/sla",
            new { critical = new { acknowledge = "PT30M", resolve = "PT4H" }, low = new { resolve = "P7D" } }));
        Assert.Equal("PT4H", put.GetProperty("critical").GetProperty("resolve").GetString());
        Assert.Equal(JsonValueKind.Null, put.GetProperty("high").ValueKind);

        var critical = await CreateAsync(team.Member, team, "Orders table empty", "critical");
        var medium = await CreateAsync(team.Member, team, "Typo in a column comment");

        var sla = critical.GetProperty("sla");
        Assert.Equal(["acknowledge_by", "resolve_by", "state"], ApiAssert.Names(sla));
        Assert.Equal("ok", sla.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, medium.GetProperty("sla").ValueKind);
        var listed = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/issues?space_id={team.Space.Id}&sla=due_soon,breached"));
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
        await ApiAssert.ValidationAsync(await team.Member.Client.GetAsync($"/api/issues?space_id={team.Space.Id}&sla=ok"), "sla");
        await ApiAssert.ValidationAsync(await team.Admin.Client.PutAsJsonAsync($"/api/spaces/{team.Space.Id}/sla", new { low = new { resolve = "a week" } }), "low.resolve");
        var bySla = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/issues?space_id={team.Space.Id}&sort=sla"));
        Assert.Equal(critical.GetProperty("key").GetString(), bySla.GetProperty("items")[0].GetProperty("key").GetString());
    }

    [Fact]
    public async Task Insights_AndHealth_HaveTheContractsShape()
    {
        var team = await app.TeamAsync();
        var issue = await CreateAsync(team.Member, team, "Orders late", "critical", product: true);
        await PatchAsync(team.Member, issue, new { status = "resolved", resolution = "fixed" });

        var insights = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/insights?space_id={team.Space.Id}"));
        Assert.Equal(["from", "to", "opened", "resolved", "open_now", "mtta_seconds", "mttr_seconds", "sla_breached", "by_priority", "by_resolution", "by_product", "weekly", "noisiest_alerts"],
            ApiAssert.Names(insights));
        Assert.Equal((1, 1, 0), (insights.GetProperty("opened").GetInt32(), insights.GetProperty("resolved").GetInt32(), insights.GetProperty("open_now").GetInt32()));
        Assert.Equal(["p50", "p90"], ApiAssert.Names(insights.GetProperty("mttr_seconds")));
        Assert.Equal(1, insights.GetProperty("by_resolution").GetProperty("fixed").GetInt32());
        Assert.Equal(1, insights.GetProperty("by_priority").GetProperty("critical").GetProperty("resolved").GetInt32());
        Assert.Matches(@"^\d{4}-W\d{2}$", insights.GetProperty("weekly")[0].GetProperty("week").GetString());
        await ApiAssert.ValidationAsync(await team.Viewer.Client.GetAsync($"/api/insights?space_id={team.Space.Id}&from=yesterday"), "from");

        var health = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/products/{team.Product.Id}/health"));
        Assert.Equal(["product", "status", "open_issues", "firing_alerts", "since"], ApiAssert.Names(health));
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(["critical", "high", "medium", "low"], ApiAssert.Names(health.GetProperty("open_issues")));
    }
}

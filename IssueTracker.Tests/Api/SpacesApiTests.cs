using System.Net;
using System.Net.Http.Json;
using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Api;

public sealed class SpacesApiTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    private static string NewKey() => "K" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    [Fact]
    public async Task Create_AsAdmin_Is201_AsMember_Is403_BadKey_Is400_TakenKey_Is409()
    {
        var caller = await app.UserAsync("Plain User");
        var key = NewKey();

        var created = await app.Admin().PostAsJsonAsync("/api/spaces", new { name = "Customer Data", key });
        var forbidden = await caller.Client.PostAsJsonAsync("/api/spaces", new { name = "Mine", key = NewKey() });
        var taken = await app.Admin().PostAsJsonAsync("/api/spaces", new { name = "Again", key });
        var bad = await app.Admin().PostAsJsonAsync("/api/spaces", new { name = "", key = "cu" });

        var space = await ApiAssert.JsonAsync(created, HttpStatusCode.Created);
        Assert.Equal(["id", "key", "name", "role", "created_at", "description", "archived_at"], ApiAssert.Names(space));
        Assert.Equal((key, "admin"), (space.GetProperty("key").GetString(), space.GetProperty("role").GetString()));
        Assert.Equal($"/api/spaces/{space.GetProperty("id")}", created.Headers.Location?.ToString());
        await ApiAssert.ProblemAsync(forbidden, HttpStatusCode.Forbidden);
        await ApiAssert.ProblemAsync(taken, HttpStatusCode.Conflict);
        await ApiAssert.ValidationAsync(bad, "key", "name");
    }

    [Fact]
    public async Task ListAndGet_ShowOnlyMemberSpaces_OtherwiseNotFound()
    {
        var team = await app.TeamAsync();
        var outsider = await app.UserAsync("Olga Outsider");

        var list = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync("/api/spaces"));
        var mine = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/spaces/{team.Space.Id}"));

        Assert.Equal([team.Space.Id], list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        Assert.Equal("viewer", mine.GetProperty("role").GetString());
        await ApiAssert.ProblemAsync(await outsider.Client.GetAsync($"/api/spaces/{team.Space.Id}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await outsider.Client.GetAsync($"/api/spaces/{team.Space.Id}/members"), HttpStatusCode.NotFound);
        Assert.Equal(0, (await ApiAssert.JsonAsync(await outsider.Client.GetAsync("/api/spaces"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Members_ManagedBySpaceAdmin()
    {
        var team = await app.TeamAsync();
        var newcomer = await app.UserAsync("Nina Newcomer");
        var url = $"/api/spaces/{team.Space.Id}/members/{newcomer.User.Id}";

        await ApiAssert.ProblemAsync(await team.Member.Client.PutAsJsonAsync(url, new { role = "member" }), HttpStatusCode.Forbidden);
        var added = await ApiAssert.JsonAsync(await team.Admin.Client.PutAsJsonAsync(url, new { role = "member" }));
        await ApiAssert.ValidationAsync(await team.Admin.Client.PutAsJsonAsync(url, new { role = "owner" }), "role");
        await ApiAssert.ProblemAsync(await team.Admin.Client.PutAsJsonAsync($"/api/spaces/{team.Space.Id}/members/{Guid.NewGuid()}", new { role = "member" }), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await team.Admin.Client.DeleteAsync($"/api/spaces/{team.Space.Id}/members/{team.Admin.User.Id}"), HttpStatusCode.Conflict);

        Assert.Equal(["id", "name", "avatar_url", "role", "active"], ApiAssert.Names(added));
        Assert.Equal("member", added.GetProperty("role").GetString());
        var visible = await newcomer.Client.GetAsync($"/api/spaces/{team.Space.Id}");
        Assert.Equal(HttpStatusCode.OK, visible.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await team.Admin.Client.DeleteAsync(url)).StatusCode);
        await ApiAssert.ProblemAsync(await newcomer.Client.GetAsync($"/api/spaces/{team.Space.Id}"), HttpStatusCode.NotFound);

        var members = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/spaces/{team.Space.Id}/members"));
        Assert.Equal(["Alice Admin", "Jane Developer", "Victor Viewer"], members.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Products_ListCreateGet()
    {
        var team = await app.TeamAsync();
        var outsider = await app.UserAsync("Olga Outsider");

        var created = await team.Admin.Client.PostAsJsonAsync("/api/products", new { name = "Transactions Ledger", space_id = team.Space.Id, description = "Daily loads" });
        var product = await ApiAssert.JsonAsync(created, HttpStatusCode.Created);
        await ApiAssert.ProblemAsync(await team.Member.Client.PostAsJsonAsync("/api/products", new { name = "Nope", space_id = team.Space.Id }), HttpStatusCode.Forbidden);
        await ApiAssert.ProblemAsync(await team.Admin.Client.PostAsJsonAsync("/api/products", new { name = "Customer Events", space_id = team.Space.Id }), HttpStatusCode.Conflict);
        await ApiAssert.ValidationAsync(await team.Admin.Client.PostAsJsonAsync("/api/products", new { name = "X" }), "space_id");

        Assert.Equal(["id", "space_id", "name", "description", "created_at", "archived_at"], ApiAssert.Names(product));
        var list = await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync($"/api/products?space_id={team.Space.Id}"));
        Assert.Equal(["Customer Events", "Transactions Ledger"], list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await team.Viewer.Client.GetAsync($"/api/products/{product.GetProperty("id")}")).StatusCode);
        await ApiAssert.ProblemAsync(await outsider.Client.GetAsync($"/api/products/{product.GetProperty("id")}"), HttpStatusCode.NotFound);
        await ApiAssert.ValidationAsync(await team.Viewer.Client.GetAsync("/api/products?space_id=nope"), "space_id");
    }

    [Fact]
    public async Task Users_ListMembers_AndAdminProvisionsUsersWhoCanSignIn()
    {
        var team = await app.TeamAsync();
        var email = $"bob.{Guid.NewGuid():N}@test.local";

        var members = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/users?space_id={team.Space.Id}"));
        var forbidden = await team.Admin.Client.PostAsJsonAsync("/api/users", new { email, name = "Bob Smith", password = "a-long-password" });
        var weak = await app.Admin().PostAsJsonAsync("/api/users", new { email, name = "Bob Smith", password = "short" });
        var created = await app.Admin().PostAsJsonAsync("/api/users", new { email, name = "Bob Smith", password = "a-long-password" });

        Assert.Equal(["id", "name", "avatar_url", "active"], ApiAssert.Names(members.GetProperty("items")[0]));
        Assert.Equal(3, members.GetProperty("total").GetInt32());
        await ApiAssert.ProblemAsync(forbidden, HttpStatusCode.Forbidden);
        await ApiAssert.ValidationAsync(weak, "password");
        var user = await ApiAssert.JsonAsync(created, HttpStatusCode.Created);
        Assert.Equal(["id", "name", "handle", "email", "avatar_url", "is_admin", "active"], ApiAssert.Names(user));
        var signedIn = await app.SignedInAsync(email, "a-long-password");
        Assert.Equal("Bob Smith", (await ApiAssert.JsonAsync(await signedIn.GetAsync("/api/me"))).GetProperty("name").GetString());
    }
}

using System.Net;
using System.Net.Http.Json;
using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Api;

public sealed class CommentsApiTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    private static async Task<string> IssueUrlAsync(ApiTeam team) =>
        $"/api/issues/{(await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "x", space_id = team.Space.Id }), HttpStatusCode.Created)).GetProperty("id")}";

    [Fact]
    public async Task Add_Returns201WithTheContractsShape_AndListsOldestFirst()
    {
        var team = await app.TeamAsync();
        var issue = await IssueUrlAsync(team);

        var response = await team.Viewer.Client.PostAsJsonAsync($"{issue}/comments", new { content = "Identified the root cause - upstream pipeline failed." });
        await team.Member.Client.PostAsJsonAsync($"{issue}/comments", new { content = "Fix deployed." });

        var comment = await ApiAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(["id", "content", "author", "created_at", "edited_at"], ApiAssert.Names(comment));
        Assert.Equal(["id", "name", "avatar_url"], ApiAssert.Names(comment.GetProperty("author")));
        Assert.Equal("Victor Viewer", comment.GetProperty("author").GetProperty("name").GetString());
        ApiAssert.Timestamp(comment.GetProperty("created_at"));
        Assert.Equal($"{issue}/comments/{comment.GetProperty("id")}", response.Headers.Location?.ToString());

        var avatar = await team.Member.Client.GetAsync(comment.GetProperty("author").GetProperty("avatar_url").GetString());
        Assert.Equal("image/svg+xml", avatar.Content.Headers.ContentType?.MediaType);
        Assert.Contains(">VV<", await avatar.Content.ReadAsStringAsync());

        var list = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"{issue}/comments"));
        Assert.Equal(["items", "total", "page", "size"], ApiAssert.Names(list));
        Assert.Equal(["Identified the root cause - upstream pipeline failed.", "Fix deployed."],
            list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("content").GetString()));
        var paged = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"{issue}/comments?page=2&size=1"));
        Assert.Equal("Fix deployed.", paged.GetProperty("items")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task EditAndDelete_OwnOnly()
    {
        var team = await app.TeamAsync();
        var issue = await IssueUrlAsync(team);
        var comment = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync($"{issue}/comments", new { content = "Looking into it" }), HttpStatusCode.Created);
        var url = $"{issue}/comments/{comment.GetProperty("id")}";

        await ApiAssert.ProblemAsync(await team.Admin.Client.PatchAsJsonAsync(url, new { content = "Hijack" }), HttpStatusCode.Forbidden);
        await ApiAssert.ProblemAsync(await team.Admin.Client.DeleteAsync(url), HttpStatusCode.Forbidden);
        var edited = await ApiAssert.JsonAsync(await team.Member.Client.PatchAsJsonAsync(url, new { content = "Root cause found" }));
        var deleted = await team.Member.Client.DeleteAsync(url);

        Assert.Equal("Root cause found", edited.GetProperty("content").GetString());
        ApiAssert.Timestamp(edited.GetProperty("edited_at"));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var history = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"{issue}/history"));
        Assert.Equal(["created", "comment_added", "comment_edited", "comment_deleted"],
            history.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Invalid_Is400_Invisible_Is404_AndNothingIsAdded()
    {
        var team = await app.TeamAsync();
        var outsider = await app.UserAsync("Olga Outsider");
        var issue = await IssueUrlAsync(team);

        await ApiAssert.ValidationAsync(await team.Member.Client.PostAsJsonAsync($"{issue}/comments", new { content = "" }), "content");
        await ApiAssert.ValidationAsync(await team.Member.Client.PostAsJsonAsync($"{issue}/comments", new { content = new string('x', 65_537) }), "content");
        await ApiAssert.ValidationAsync(await team.Member.Client.PostAsJsonAsync($"{issue}/comments", new { body = "hi" }), "body");
        await ApiAssert.ProblemAsync(await outsider.Client.PostAsJsonAsync($"{issue}/comments", new { content = "hi" }), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await outsider.Client.GetAsync($"{issue}/comments"), HttpStatusCode.NotFound);
        await ApiAssert.ValidationAsync(await team.Member.Client.GetAsync($"{issue}/comments?size=101"), "size");

        var list = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"{issue}/comments"));
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }
}

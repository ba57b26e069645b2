using System.Net;
using System.Net.Http.Json;
using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Api;

public sealed class NotificationsApiTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    [Fact]
    public async Task Assigned_ShowsInTheInbox_WithTheContractsShape_ThenReadAndCounted()
    {
        // Arrange: the member reports it and unwatches; the admin assigns it to them.
        var team = await app.TeamAsync();
        var issue = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Orders late", space_id = team.Space.Id }), HttpStatusCode.Created);
        var id = issue.GetProperty("id").GetGuid();
        await team.Member.Client.DeleteAsync($"/api/issues/{id}/watchers/me");
        var patch = await team.Admin.Client.PatchAsJsonAsync($"/api/issues/{id}", new { assignee_id = team.Member.User.Id });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        // Act
        var inbox = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync("/api/notifications?unread=true"));
        var count = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync("/api/notifications/unread-count"));

        // Assert
        Assert.Equal(["items", "total", "page", "size"], ApiAssert.Names(inbox));
        var item = inbox.GetProperty("items")[0];
        Assert.Equal(["id", "type", "issue", "actor", "summary", "created_at", "read_at"], ApiAssert.Names(item));
        Assert.Equal("assigned", item.GetProperty("type").GetString());
        Assert.Equal(["id", "key", "title"], ApiAssert.Names(item.GetProperty("issue")));
        Assert.Equal(issue.GetProperty("key").GetString(), item.GetProperty("issue").GetProperty("key").GetString());
        Assert.Equal(["id", "name"], ApiAssert.Names(item.GetProperty("actor")));
        Assert.Equal(team.Admin.User.Id, item.GetProperty("actor").GetProperty("id").GetGuid());
        ApiAssert.Timestamp(item.GetProperty("created_at"));
        Assert.Equal(1, count.GetProperty("count").GetInt32());

        var read = await team.Member.Client.PostAsync($"/api/notifications/{item.GetProperty("id")}/read", null);
        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        Assert.Equal(0, (await ApiAssert.JsonAsync(await team.Member.Client.GetAsync("/api/notifications/unread-count"))).GetProperty("count").GetInt32());
        var all = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync("/api/notifications"));
        ApiAssert.Timestamp(all.GetProperty("items")[0].GetProperty("read_at"));
        // The member had unwatched it: being assigned tells them, and does not undo that choice.
        Assert.False((await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/issues/{id}"))).GetProperty("watching").GetBoolean());
    }

    [Fact]
    public async Task Watchers_PutAndDelete_AreIdempotent_AndShowInTheListAndOnTheIssue()
    {
        var team = await app.TeamAsync();
        var issue = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Rows doubled", space_id = team.Space.Id }), HttpStatusCode.Created);
        var url = $"/api/issues/{issue.GetProperty("id")}";

        Assert.Equal(HttpStatusCode.NoContent, (await team.Viewer.Client.PutAsync($"{url}/watchers/me", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await team.Viewer.Client.PutAsync($"{url}/watchers/me", null)).StatusCode);
        var watchers = await ApiAssert.JsonAsync(await team.Admin.Client.GetAsync($"{url}/watchers"));
        Assert.Equal(["Jane Developer", "Victor Viewer"], watchers.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("name").GetString()));
        Assert.True((await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync(url))).GetProperty("watching").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await team.Viewer.Client.DeleteAsync($"{url}/watchers/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await team.Viewer.Client.DeleteAsync($"{url}/watchers/me")).StatusCode);
        Assert.False((await ApiAssert.JsonAsync(await team.Viewer.Client.GetAsync(url))).GetProperty("watching").GetBoolean());
        Assert.Equal(1, (await ApiAssert.JsonAsync(await team.Admin.Client.GetAsync($"{url}/watchers"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task BadInput_IsAProblem_AndChangesNothing()
    {
        var team = await app.TeamAsync();

        await ApiAssert.ValidationAsync(await team.Member.Client.GetAsync("/api/notifications?unread=maybe"), "unread");
        await ApiAssert.ProblemAsync(await team.Member.Client.PostAsync($"/api/notifications/{Guid.NewGuid()}/read", null), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await team.Member.Client.PutAsync($"/api/issues/{Guid.NewGuid()}/watchers/me", null), HttpStatusCode.NotFound);
    }
}

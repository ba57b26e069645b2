using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using IssueTracker.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace IssueTracker.Tests.Api;

/// <summary>Keep-alives every second, so a test can tell "nothing came" from "not yet" quickly.</summary>
public sealed class LiveEventsFactory : IssueTrackerFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("IssueTracker:Events:KeepAliveSeconds", "1");
    }
}

/// <summary>api-v2.md "Live events": <c>GET /api/events</c> as an integration uses it.</summary>
public sealed class EventsApiTests(LiveEventsFactory app) : IClassFixture<LiveEventsFactory>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2.5);

    private static async Task<string> CreateIssueAsync(ApiTeam team, string title) =>
        (await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/issues", new { title, space_id = team.Space.Id }), HttpStatusCode.Created))
            .GetProperty("id").GetString()!;

    [Fact]
    public async Task Patch_ReachesAnOpenStream_WithinASecond_AsTheContractShapesIt()
    {
        // Arrange
        var team = await app.TeamAsync();
        var id = await CreateIssueAsync(team, "Nulls in customer_id");
        await using var stream = await EventStream.OpenAsync(team.Viewer.Client, $"/api/events?space_id={team.Space.Id}");

        // Act
        var clock = Stopwatch.StartNew();
        await team.Member.Client.PatchAsJsonAsync($"/api/issues/{id}", new { priority = "critical", status = "in_progress" });
        var e = await stream.NextEventAsync(TimeSpan.FromSeconds(5));
        var latency = clock.Elapsed;

        // Assert
        Assert.NotNull(e);
        Assert.True(latency < TimeSpan.FromSeconds(1), $"The event took {latency.TotalMilliseconds:F0} ms.");
        Assert.Equal("issue.updated", e.Type);
        Assert.Equal(e.Id, e.Data.GetProperty("id").GetString());
        Assert.Equal(["id", "type", "at", "actor", "space_id", "issue_id", "issue_key", "changes"], ApiAssert.Names(e.Data));
        Assert.Equal(team.Member.User.Name, e.Data.GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal(id, e.Data.GetProperty("issue_id").GetString());
        Assert.StartsWith(team.Space.Key + "-", e.Data.GetProperty("issue_key").GetString());
        ApiAssert.Timestamp(e.Data.GetProperty("at"));
        var changes = e.Data.GetProperty("changes");
        Assert.Equal(("medium", "critical"), (changes.GetProperty("priority").GetProperty("from").GetString(), changes.GetProperty("priority").GetProperty("to").GetString()));
        Assert.Equal(("open", "in_progress"), (changes.GetProperty("status").GetProperty("from").GetString(), changes.GetProperty("status").GetProperty("to").GetString()));
    }

    [Fact]
    public async Task Resume_WithLastEventId_GetsExactlyTheMissedEvents_InOrder()
    {
        // Arrange: one event seen, then three missed while disconnected.
        var team = await app.TeamAsync();
        var id = await CreateIssueAsync(team, "Late partition");
        string seen;
        await using (var first = await EventStream.OpenAsync(team.Member.Client, $"/api/events?space_id={team.Space.Id}"))
        {
            await team.Member.Client.PatchAsJsonAsync($"/api/issues/{id}", new { priority = "high" });
            seen = (await first.NextEventAsync(TimeSpan.FromSeconds(5)))!.Id!;
        }
        await team.Member.Client.PostAsJsonAsync($"/api/issues/{id}/comments", new { content = "Looking" });
        await team.Member.Client.PatchAsJsonAsync($"/api/issues/{id}", new { status = "resolved" });
        var other = await CreateIssueAsync(team, "Another one");

        // Act
        await using var resumed = await EventStream.OpenAsync(team.Member.Client, $"/api/events?space_id={team.Space.Id}", lastEventId: seen);
        var missed = await resumed.EventsWithinAsync(Quiet);

        // Assert
        Assert.Equal(["comment.created", "issue.updated", "issue.created"], missed.Select(e => e.Type));
        Assert.Equal(other, missed[2].Data.GetProperty("issue_id").GetString());
        Assert.True(missed.Select(e => long.Parse(e.Id!)).SequenceEqual(missed.Select(e => long.Parse(e.Id!)).Order()));
        Assert.All(missed, e => Assert.True(long.Parse(e.Id!) > long.Parse(seen)));
    }

    [Fact]
    public async Task Outsider_HearsNothingOfAnotherSpace_ButTheStreamStaysAlive()
    {
        // Arrange
        var team = await app.TeamAsync();
        var outsider = await app.UserAsync("Nosy Outsider");
        await using var stream = await EventStream.OpenAsync(outsider.Client, "/api/events");

        // Act
        var id = await CreateIssueAsync(team, "Secret revenue numbers");
        await team.Member.Client.PostAsJsonAsync($"/api/issues/{id}/comments", new { content = "Confidential" });
        var heard = await stream.EventsWithinAsync(Quiet);

        // Assert
        Assert.Empty(heard);
    }

    [Fact]
    public async Task RemovedFromTheSpace_MidStream_StopsReceiving()
    {
        // Arrange
        var team = await app.TeamAsync();
        var id = await CreateIssueAsync(team, "Row count dropped");
        await using var stream = await EventStream.OpenAsync(team.Viewer.Client, "/api/events");
        await team.Member.Client.PatchAsJsonAsync($"/api/issues/{id}", new { priority = "high" });
        Assert.Equal("issue.updated", (await stream.NextEventAsync(TimeSpan.FromSeconds(5)))?.Type);

        // Act
        Assert.Equal(HttpStatusCode.NoContent, (await team.Admin.Client.DeleteAsync($"/api/spaces/{team.Space.Id}/members/{team.Viewer.User.Id}")).StatusCode);
        await Task.Delay(Web.Api.EventsApi.AudienceRefresh);
        await team.Member.Client.PatchAsJsonAsync($"/api/issues/{id}", new { priority = "critical" });
        var heard = await stream.EventsWithinAsync(Quiet);

        // Assert
        Assert.Empty(heard);
    }

    [Fact]
    public async Task Filters_ByIssueAndType_AndABadFilterIs400()
    {
        // Arrange
        var team = await app.TeamAsync();
        var watched = await CreateIssueAsync(team, "Watched");
        var ignored = await CreateIssueAsync(team, "Ignored");
        await using var stream = await EventStream.OpenAsync(team.Member.Client, $"/api/events?issue_id={watched}&types=comment.created");

        // Act
        await team.Member.Client.PatchAsJsonAsync($"/api/issues/{watched}", new { priority = "high" });
        await team.Member.Client.PostAsJsonAsync($"/api/issues/{ignored}/comments", new { content = "Elsewhere" });
        await team.Member.Client.PostAsJsonAsync($"/api/issues/{watched}/comments", new { content = "Here" });
        var heard = await stream.EventsWithinAsync(Quiet);
        var bad = await team.Member.Client.GetAsync("/api/events?types=issue.exploded");

        // Assert
        var only = Assert.Single(heard);
        Assert.Equal(("comment.created", watched), (only.Type, only.Data.GetProperty("issue_id").GetString()));
        Assert.True(only.Data.TryGetProperty("comment_id", out _));
        await ApiAssert.ValidationAsync(bad, "types");
    }
}

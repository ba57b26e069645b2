using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using IssueTracker.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

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

/// <summary>README, "Follow changes live": <c>GET /api/events</c> as an integration uses it.</summary>
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
        // The outsider's own space: the same stream hears that.
        var own = await app.Data.SpaceAsync(outsider.User.Id);
        var mine = await ApiAssert.JsonAsync(await outsider.Client.PostAsJsonAsync("/api/issues", new { title = "My own", space_id = own.Id }), HttpStatusCode.Created);
        var later = await stream.NextEventAsync(TimeSpan.FromSeconds(5));

        // Assert: nothing of the other space; the stream is alive and hears its own.
        Assert.Empty(heard);
        Assert.Equal(("issue.created", mine.GetProperty("id").GetString()), (later?.Type, later?.Data.GetProperty("issue_id").GetString()));
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
        // At once: the very next change (the removal told the stream first, through the feed).
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

    [Fact]
    public async Task Stream_EndsWithinFiveSeconds_OfItsTokenBeingRevoked()
    {
        // Arrange: a script's token with a stream open, and the token revoked (a leaked token is revoked exactly so).
        var team = await app.TeamAsync();
        var token = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/tokens", new { name = "stream" }), HttpStatusCode.Created);
        await using var stream = await EventStream.OpenAsync(app.WithToken(token.GetProperty("token").GetString()!), "/api/events");

        // Act
        var revoked = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, (await team.Member.Client.DeleteAsync($"/api/tokens/{token.GetProperty("id").GetString()}")).StatusCode);
        var ended = await stream.EndsWithinAsync(TimeSpan.FromSeconds(8));

        // Assert
        Assert.True(ended, "The stream of a revoked token was still open after 8 s.");
        Assert.True(revoked.Elapsed < TimeSpan.FromSeconds(5.5), $"It ended after {revoked.Elapsed.TotalSeconds:F1} s.");
    }

    [Fact]
    public async Task Stream_Ends_WhenItsPersonIsDeactivated()
    {
        // Arrange
        var team = await app.TeamAsync();
        await using var stream = await EventStream.OpenAsync(team.Viewer.Client, "/api/events");

        // Act
        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin().PostAsync($"/api/users/{team.Viewer.User.Id}/deactivate", null)).StatusCode);

        // Assert
        Assert.True(await stream.EndsWithinAsync(TimeSpan.FromSeconds(8)), "The stream of a deactivated person was still open after 8 s.");
    }

    [Fact]
    public async Task CookieStream_Ends_WhenItsPersonSignsOutElsewhere()
    {
        // Arrange: the same person signed in twice (two browsers), one with a stream open.
        var person = await app.Data.UserAsync("Two Browsers");
        var browser = await app.SignedInAsync(person.Email, TestData.Password);
        var other = await app.SignedInAsync(person.Email, TestData.Password);
        await using var stream = await EventStream.OpenAsync(browser, "/api/events");

        // Act: signing out in the other browser ends every session of theirs.
        var signOut = await IssueTrackerFactory.SubmitFormAsync(other, "/Account/Manage", "logout", new() { ["returnUrl"] = "" }, action: "/Account/Logout");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.True(await stream.EndsWithinAsync(TimeSpan.FromSeconds(8)), "A stream of a signed-out person was still open after 8 s.");
    }

    [Fact]
    public async Task Streams_AreLimitedPerPerson_OneMoreIs429()
    {
        // Arrange
        var person = await app.UserAsync("Many Tabs");
        var open = new List<EventStream>();
        try
        {
            for (var i = 0; i < 10; i++) open.Add(await EventStream.OpenAsync(person.Client, "/api/events"));

            // Act
            using var eleventh = await person.Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
            await open[0].DisposeAsync();
            open.RemoveAt(0);
            await WaitUntilAsync(async () =>
            {
                using var again = await person.Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
                return again.StatusCode == HttpStatusCode.OK;
            });

            // Assert: refused with when to try again; a closed stream frees its slot.
            await ApiAssert.ProblemAsync(eleventh, HttpStatusCode.TooManyRequests);
            Assert.True(eleventh.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }
        finally
        {
            foreach (var stream in open) await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task LinkToAnIssueOfAnotherSpace_IsNotNamed_ToReadersWhoCannotSeeThatSpace()
    {
        // Arrange: a member of two spaces; a viewer of the first only.
        var team = await app.TeamAsync();
        var finance = await app.Data.SpaceAsync(team.Admin.User.Id);
        await app.Data.MemberAsync(finance.Id, team.Member.User.Id, Web.Domain.SpaceRole.Member, team.Admin.User.Id);
        var source = await CreateIssueAsync(team, "Revenue total off");
        var hidden = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Ledger not loaded", space_id = finance.Id }), HttpStatusCode.Created);
        await using var viewer = await EventStream.OpenAsync(team.Viewer.Client, $"/api/events?issue_id={source}");
        await using var member = await EventStream.OpenAsync(team.Member.Client, $"/api/events?issue_id={source}");

        // Act: linked, then resolved as its duplicate.
        await team.Member.Client.PostAsJsonAsync($"/api/issues/{source}/links", new { type = "blocks", issue_id = hidden.GetProperty("id").GetString() });
        await team.Member.Client.PatchAsJsonAsync($"/api/issues/{source}", new { status = "resolved", resolution = "duplicate", duplicate_of = hidden.GetProperty("id").GetString() });
        var viewerHeard = await viewer.EventsWithinAsync(Quiet);
        var memberHeard = await member.EventsWithinAsync(TimeSpan.FromSeconds(0.5));
        var replayed = await (await EventStream.OpenAsync(team.Viewer.Client, $"/api/events?issue_id={source}", lastEventId: "0")).EventsWithinAsync(Quiet);

        // Assert: the viewer learns there is a link, not to what; the member sees the key and the duplicate.
        var key = hidden.GetProperty("key").GetString()!;
        foreach (var heard in new[] { viewerHeard, replayed.Where(e => e.Type == "issue.updated").ToList() })
        {
            Assert.Equal("blocks " + Web.Live.EventService.HiddenIssue, heard[0].Data.GetProperty("changes").GetProperty("links").GetProperty("to").GetString());
            Assert.False(heard[1].Data.GetProperty("changes").TryGetProperty("duplicate_of", out _));
            Assert.All(heard, e => Assert.DoesNotContain(key, e.Data.GetRawText()));
            Assert.All(heard, e => Assert.DoesNotContain(hidden.GetProperty("id").GetString()!, e.Data.GetRawText()));
        }
        Assert.Equal("blocks " + key, memberHeard[0].Data.GetProperty("changes").GetProperty("links").GetProperty("to").GetString());
        Assert.Equal(hidden.GetProperty("id").GetString(), memberHeard[1].Data.GetProperty("changes").GetProperty("duplicate_of").GetProperty("to").GetString());
    }

    [Fact]
    public async Task Replay_WithATypesFilter_ReturnsEveryMatchingEvent_PastManyOthers()
    {
        // Arrange: one comment, then more than a replay batch of other events, then another comment.
        var team = await app.TeamAsync();
        var id = await CreateIssueAsync(team, "Noisy");
        await team.Member.Client.PostAsJsonAsync($"/api/issues/{id}/comments", new { content = "First" });
        using (var scope = app.Services.CreateScope())
        {
            var issues = scope.ServiceProvider.GetRequiredService<Web.Issues.IssueService>();
            for (var i = 0; i < Web.Live.EventService.ReplayBatch + 20; i++)
                await issues.UpdateAsync(Guid.Parse(id), new Web.Contracts.UpdateIssueRequest { Title = "Noisy " + i }, team.Member.User.Id);
        }
        await team.Member.Client.PostAsJsonAsync($"/api/issues/{id}/comments", new { content = "Second" });

        // Act
        await using var replay = await EventStream.OpenAsync(team.Member.Client, $"/api/events?issue_id={id}&types=comment.created", lastEventId: "0");
        var heard = await replay.EventsWithinAsync(Quiet);

        // Assert: the second comment was lost behind a batch of titles.
        Assert.Equal(2, heard.Count);
        Assert.All(heard, e => Assert.Equal("comment.created", e.Type));
    }

    [Fact]
    public async Task AccessChanges_AreNeverSent_LiveOrReplayed()
    {
        // Arrange: an instance admin hears every space.
        var team = await app.TeamAsync();
        await using var stream = await EventStream.OpenAsync(app.Admin(), "/api/events");
        var newcomer = await app.Data.UserAsync("Newcomer");

        // Act: membership, role and removal, each an internal event of the feed.
        await team.Admin.Client.PutAsJsonAsync($"/api/spaces/{team.Space.Id}/members/{newcomer.Id}", new { role = "viewer" });
        await team.Admin.Client.PutAsJsonAsync($"/api/spaces/{team.Space.Id}/members/{newcomer.Id}", new { role = "member" });
        await team.Admin.Client.DeleteAsync($"/api/spaces/{team.Space.Id}/members/{newcomer.Id}");
        var live = await stream.EventsWithinAsync(Quiet);
        await using var replay = await EventStream.OpenAsync(app.Admin(), "/api/events", lastEventId: "0");
        var replayed = await replay.EventsWithinAsync(Quiet);

        // Assert
        Assert.Empty(live);
        Assert.DoesNotContain(replayed, e => e.Type!.StartsWith("access", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold within 10 s.");
            await Task.Delay(50);
        }
    }
}

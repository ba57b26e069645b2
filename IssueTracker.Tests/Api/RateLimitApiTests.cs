using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IssueTracker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Api;

public sealed class RateLimitedFactory : IssueTrackerFactory
{
    protected override int RateLimitPerMinute => 3;
}

public sealed class RateLimitApiTests(RateLimitedFactory app) : IClassFixture<RateLimitedFactory>
{
    [Fact]
    public async Task BeyondTheLimit_Is429WithRetryAfter_PerCaller()
    {
        var first = await app.UserAsync("Busy Monitor");
        var second = await app.UserAsync("Quiet Monitor");

        var allowed = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++) allowed.Add(await first.Client.GetAsync("/api/me"));
        var limited = await first.Client.GetAsync("/api/me");

        Assert.All(allowed, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(["2", "1", "0"], allowed.Select(r => Header(r, "RateLimit-Remaining")));
        Assert.All(allowed, r => Assert.Equal("3", Header(r, "RateLimit-Limit")));
        var reset = int.Parse(Header(allowed[0], "RateLimit-Reset"));
        Assert.InRange(reset, 1, 60);
        await ApiAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        // The true wait: no longer than the window the first answer said was left, and the same as the limit headers say.
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, reset);
        Assert.Equal(Header(limited, "RateLimit-Reset"), ((int)limited.Headers.RetryAfter.Delta.Value.TotalSeconds).ToString());
        Assert.Equal("0", Header(limited, "RateLimit-Remaining"));
        Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync("/api/me")).StatusCode);
        Assert.Equal("Healthy", await app.Anonymous().GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task TheOpenApiDocument_ShowsTheRateLimitHeaders_AndA429sRetryAfter()
    {
        var openApi = await ApiAssert.JsonAsync(await app.Anonymous().GetAsync("/openapi/v1.json"));

        var responses = openApi.GetProperty("paths").GetProperty("/api/issues").GetProperty("get").GetProperty("responses");
        var ok = responses.GetProperty("200").GetProperty("headers");
        Assert.All(new[] { "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset" }, h => Assert.True(ok.TryGetProperty(h, out _), h));
        Assert.True(responses.GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : "(none)";
}

/// <summary>One write at a time, one more waiting, and a 3 s busy timeout: the smallest write queue.</summary>
public sealed class OneWriterFactory : IssueTrackerFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("IssueTracker:RateLimit:ConcurrentWrites", "1");
        builder.UseSetting("IssueTracker:RateLimit:QueuedWrites", "1");
        builder.UseSetting("IssueTracker:Database:BusyTimeoutMs", "3000");
    }
}

[Trait("Provider", "sqlite")]
public sealed class WriteQueueApiTests(OneWriterFactory app) : IClassFixture<OneWriterFactory>
{
    private Task<Microsoft.Data.Sqlite.SqliteConnection> HoldWriteLockAsync() => WriteQueueProbe.HoldWriteLockAsync(app);

    private Task WaitForWritesAsync(int inProgress, int queued) => WriteQueueProbe.WaitForWritesAsync(app, inProgress, queued);

    private static Task ReleaseAsync(Microsoft.Data.Sqlite.SqliteConnection blocker) => WriteQueueProbe.ReleaseAsync(blocker);

    [Fact]
    public async Task Write_WhenTheDatabaseStaysLocked_Is503WithRetryAfter_ChangesNothing_AndTokenUseDoesNotFailReads()
    {
        var team = await app.TeamAsync();
        var fresh = await app.UserAsync("Fresh Token");
        await team.Member.Client.GetAsync("/api/me"); // its last use is recorded now, so the create below only writes the issue

        var blocker = await HoldWriteLockAsync();
        var create = team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Row count dropped", space_id = team.Space.Id });
        // A token used for the first time records its use: that write waits out the busy timeout and is skipped.
        var read = fresh.Client.GetAsync("/api/me");
        var (created, me) = (await create, await read);
        await ReleaseAsync(blocker);

        var problem = await ApiAssert.ProblemAsync(created, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), created.Headers.RetryAfter?.Delta);
        Assert.Contains("nothing was changed", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("locked", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(0, (await team.Member.Client.GetFromJsonAsync<JsonElement>($"/api/issues?space_id={team.Space.Id}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Writes_TakeTurns_AFullQueueIs429WithRetryAfter1_AndReadsAreNotHeld()
    {
        var team = await app.TeamAsync();
        var client = team.Member.Client;
        object Body(string title) => new { title, space_id = team.Space.Id };
        await client.GetAsync("/api/me"); // its last use is recorded now

        // Another process holds SQLite's write lock (for less than the busy timeout), so the first create keeps its
        // turn until that lets go.
        var blocker = await HoldWriteLockAsync();
        var first = client.PostAsJsonAsync("/api/issues", Body("Nulls in customer_id"));
        await WaitForWritesAsync(inProgress: 1, queued: 0);
        var second = client.PostAsJsonAsync("/api/issues", Body("Late partition for Jan 14"));
        await WaitForWritesAsync(inProgress: 1, queued: 1);

        var refused = await client.PostAsJsonAsync("/api/issues", Body("Schema drift on amount"));
        var me = await client.GetAsync("/api/me");

        var problem = await ApiAssert.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("nothing was changed", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.False(first.IsCompleted || second.IsCompleted);

        await ReleaseAsync(blocker);
        Assert.Equal(HttpStatusCode.Created, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await second).StatusCode);
        var titles = (await client.GetFromJsonAsync<JsonElement>($"/api/issues?space_id={team.Space.Id}"))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).Order().ToArray();
        Assert.Equal(["Late partition for Jan 14", "Nulls in customer_id"], titles);
    }
}

/// <summary>One write at a time, two waiting, and each caller one write in the queue at most.</summary>
public sealed class FairShareFactory : IssueTrackerFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("IssueTracker:RateLimit:ConcurrentWrites", "1");
        builder.UseSetting("IssueTracker:RateLimit:QueuedWrites", "2");
        builder.UseSetting("IssueTracker:RateLimit:WritesPerCaller", "1");
        builder.UseSetting("IssueTracker:Database:BusyTimeoutMs", "3000");
    }
}

[Trait("Provider", "sqlite")]
public sealed class FairShareApiTests(FairShareFactory app) : IClassFixture<FairShareFactory>
{
    [Fact]
    public async Task OneCaller_CannotFillTheWriteQueue_OthersStillGetTheirTurn()
    {
        // Arrange: the busy caller's first write holds the only turn (another process holds the database).
        var team = await app.TeamAsync();
        object Body(string title) => new { title, space_id = team.Space.Id };
        await team.Member.Client.GetAsync("/api/me");
        await team.Admin.Client.GetAsync("/api/me");
        var blocker = await WriteQueueProbe.HoldWriteLockAsync(app);
        var first = team.Member.Client.PostAsJsonAsync("/api/issues", Body("Busy caller's first"));
        await WriteQueueProbe.WaitForWritesAsync(app, inProgress: 1, queued: 0);

        // Act
        var secondOfTheSame = await team.Member.Client.PostAsJsonAsync("/api/issues", Body("Busy caller's second"));
        var another = team.Admin.Client.PostAsJsonAsync("/api/issues", Body("Another caller's"));
        await WriteQueueProbe.WaitForWritesAsync(app, inProgress: 1, queued: 1);
        await WriteQueueProbe.ReleaseAsync(blocker);

        // Assert
        await ApiAssert.ProblemAsync(secondOfTheSame, HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.Created, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await another).StatusCode);
    }
}

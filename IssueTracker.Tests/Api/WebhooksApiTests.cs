using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IssueTracker.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;

namespace IssueTracker.Tests.Api;

/// <summary>The app with webhooks allowed to reach loopback (where the test receiver listens) and retries in fractions of a second.</summary>
public sealed class WebhookAppFactory : IssueTrackerFactory
{
    public WebhookAppFactory() : base(null) { }

    private WebhookAppFactory(string folder, string? postgres) : base(folder, postgres) { }

    /// <summary>The app started again over the database <paramref name="first"/> left.</summary>
    public static WebhookAppFactory Restarted(WebhookAppFactory first) => new(first.Folder, first.Postgres);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("IssueTracker:Webhooks:AllowPrivateNetworks", "true");
        builder.UseSetting("IssueTracker:Webhooks:FirstRetryAfter", "00:00:00.300");
        builder.UseSetting("IssueTracker:Webhooks:PublicUrl", "https://tracker.example.com");
    }
}

public sealed class WebhooksApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static string Sign(string secret, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static async Task<(string Id, string Secret)> CreateHookAsync(ApiTeam team, string url, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["url"] = url };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        var created = await ApiAssert.JsonAsync(await team.Admin.Client.PostAsJsonAsync($"/api/spaces/{team.Space.Id}/webhooks", body), HttpStatusCode.Created);
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    private static async Task<JsonElement> CreateIssueAsync(ApiTeam team, string title = "Orders are late") =>
        await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/issues", new { title, space_id = team.Space.Id }), HttpStatusCode.Created);

    [Fact]
    public async Task Create_ShowsTheSecretOnce_AndAChangeIsDelivered_SignedWithIt()
    {
        // Arrange
        await using var receiver = await WebhookReceiver.StartAsync();
        var team = await app.TeamAsync();
        var response = await team.Admin.Client.PostAsJsonAsync($"/api/spaces/{team.Space.Id}/webhooks", new { url = receiver.Url });
        var created = await ApiAssert.JsonAsync(response, HttpStatusCode.Created);
        var secret = created.GetProperty("secret").GetString()!;
        var id = created.GetProperty("id").GetString();

        // Act: a member opens an issue.
        var issue = await CreateIssueAsync(team);

        // Assert: the webhook's shape, the secret only in the creation's answer.
        Assert.Equal(["id", "space_id", "url", "events", "format", "active", "disabled_reason", "created_by", "created_at", "updated_at", "secret"], ApiAssert.Names(created));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(team.Admin.User.Id.ToString(), created.GetProperty("created_by").GetProperty("id").GetString());
        Assert.Equal("json", created.GetProperty("format").GetString());
        Assert.StartsWith("whsec_", secret);
        var fetched = await ApiAssert.JsonAsync(await team.Admin.Client.GetAsync($"/api/webhooks/{id}"));
        Assert.False(fetched.TryGetProperty("secret", out _));

        // The delivery: headers, a signature over the raw body, and the event with the issue.
        var received = await receiver.NextAsync();
        Assert.Equal("issue.created", received.Event);
        Assert.Equal(Sign(secret, received.Body), received.Signature);
        Assert.StartsWith("application/json", received.ContentType);
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("issue.created", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(issue.GetProperty("id").GetString(), body.RootElement.GetProperty("issue_id").GetString());
        Assert.Equal("Jane Developer", body.RootElement.GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal("Orders are late", body.RootElement.GetProperty("issue").GetProperty("title").GetString());

        // The log says so.
        var log = await ApiAssert.JsonAsync(await team.Admin.Client.GetAsync($"/api/webhooks/{id}/deliveries"));
        var entry = log.GetProperty("items")[0];
        Assert.Equal(["id", "event_id", "type", "status", "attempts", "response_status", "duration_ms", "next_attempt_at", "created_at", "error"], ApiAssert.Names(entry));
        Assert.Equal(received.Delivery, entry.GetProperty("id").GetString());
        await WaitForAsync(async () => (await DeliveryAsync(team, id!, received.Delivery)).GetProperty("status").GetString() == "succeeded");
    }

    [Fact]
    public async Task Receiver_Answering500ThenOk_GetsItOnRetry_AndTheLogCountsTwoAttempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var team = await app.TeamAsync();
        var (id, secret) = await CreateHookAsync(team, receiver.Url);
        receiver.AnswerNext(500);

        await CreateIssueAsync(team);

        var first = await receiver.NextAsync();
        var second = await receiver.NextAsync();
        Assert.Equal(first.Delivery, second.Delivery);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(Sign(secret, second.Body), second.Signature);
        await WaitForAsync(async () => (await DeliveryAsync(team, id, first.Delivery)).GetProperty("status").GetString() == "succeeded");
        var entry = await DeliveryAsync(team, id, first.Delivery);
        Assert.Equal((2, 200), (entry.GetProperty("attempts").GetInt32(), entry.GetProperty("response_status").GetInt32()));
    }

    [Fact]
    public async Task Events_Filter_WhatIsSent_AndPingAndRedeliverSendAtOnce()
    {
        // Arrange: a webhook for comments only.
        await using var receiver = await WebhookReceiver.StartAsync();
        var team = await app.TeamAsync();
        var (id, secret) = await CreateHookAsync(team, receiver.Url, new { events = new[] { "comment.created" } });
        var issue = await CreateIssueAsync(team);

        // Act
        await team.Member.Client.PostAsJsonAsync($"/api/issues/{issue.GetProperty("id").GetString()}/comments", new { content = "Looking" });
        var comment = await receiver.NextAsync();
        var ping = await team.Admin.Client.PostAsync($"/api/webhooks/{id}/ping", null);
        var pinged = await receiver.NextAsync();
        var redeliver = await team.Admin.Client.PostAsync($"/api/webhooks/{id}/deliveries/{comment.Delivery}/redeliver", null);
        var again = await receiver.NextAsync();

        // Assert: no issue.created; the ping and the redelivery are 202 and arrive, the latter with the same body.
        Assert.Equal("comment.created", comment.Event);
        Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
        Assert.Equal("ping", pinged.Event);
        Assert.Equal(Sign(secret, pinged.Body), pinged.Signature);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        Assert.Equal((comment.Event, comment.Text), (again.Event, again.Text));
        Assert.NotEqual(comment.Delivery, again.Delivery);
    }

    [Fact]
    public async Task SlackFormat_ReadsWellInSlack_AndUserTextMakesNoMarkup()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var team = await app.TeamAsync();
        await CreateHookAsync(team, receiver.Url, new { format = "slack" });

        var issue = await CreateIssueAsync(team, "Nulls <!channel> & <https://evil.example|click>");

        using var body = JsonDocument.Parse((await receiver.NextAsync()).Body);
        var text = body.RootElement.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString()!;
        Assert.Contains($"<https://tracker.example.com/issues/{issue.GetProperty("id").GetString()}|{issue.GetProperty("key").GetString()} Nulls &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;>", text);
        Assert.StartsWith("Jane Developer opened", text);
        Assert.Contains("Status: *Open*", body.RootElement.GetProperty("blocks")[1].GetProperty("elements")[0].GetProperty("text").GetString());
        Assert.StartsWith("Jane Developer opened", body.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task PendingDeliveries_SurviveARestartOfTheApp()
    {
        // Arrange: an app whose webhook points where nothing listens, so its delivery stays pending.
        var first = new WebhookAppFactory();
        _ = first.Server;
        var folder = first.Folder;
        var team = await first.TeamAsync();
        var (id, secret) = await CreateHookAsync(team, "http://127.0.0.1:59999/nothing-listens-here");
        await CreateIssueAsync(team);
        // Until a failed attempt is recorded (stopped mid-send, a delivery keeps its claim for two minutes, as after kill -9).
        await WaitForAsync(async () => (await ApiAssert.JsonAsync(await team.Admin.Client.GetAsync($"/api/webhooks/{id}/deliveries"))).GetProperty("items")[0].GetProperty("error").ValueKind == JsonValueKind.String);
        await first.DisposeAsync();
        SqliteConnection.ClearAllPools();

        // Act: the app comes back on the same database; the webhook is pointed at a live receiver.
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var second = WebhookAppFactory.Restarted(first);
        // The space admin's token from before the restart still works: it is in the database.
        var admin = second.WithToken(team.Admin.Token);
        var patched = await admin.PatchAsJsonAsync($"/api/webhooks/{id}", new { url = receiver.Url });

        // Assert: the change made before the restart arrives, once, signed.
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        WebhookReceiver.Received received;
        try
        {
            received = await receiver.NextAsync(TimeSpan.FromSeconds(20));
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException("Not received; the log: " + await (await admin.GetAsync($"/api/webhooks/{id}/deliveries")).Content.ReadAsStringAsync());
        }
        Assert.Equal("issue.created", received.Event);
        Assert.Equal(Sign(secret, received.Body), received.Signature);
        Assert.Null(await receiver.NoneWithinAsync(TimeSpan.FromSeconds(1)));
        SqliteConnection.ClearAllPools();
        if (first.Postgres is { } database) await TestProvider.DropPostgresDatabaseAsync(database);
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task BadInput_IsAProblem_AndOnlySpaceAdminsManageWebhooks()
    {
        var team = await app.TeamAsync();

        await ApiAssert.ValidationAsync(await team.Admin.Client.PostAsJsonAsync($"/api/spaces/{team.Space.Id}/webhooks", new { url = "ftp://example.com/x" }), "url");
        await ApiAssert.ValidationAsync(await team.Admin.Client.PostAsJsonAsync($"/api/spaces/{team.Space.Id}/webhooks", new { url = "https://example.com/x", events = new[] { "issue.exploded" } }), "events");
        await ApiAssert.ValidationAsync(await team.Admin.Client.PostAsJsonAsync($"/api/spaces/{team.Space.Id}/webhooks", new { url = "https://example.com/x", secret = "short" }), "secret");
        await ApiAssert.ProblemAsync(await team.Member.Client.PostAsJsonAsync($"/api/spaces/{team.Space.Id}/webhooks", new { url = "https://example.com/x" }), HttpStatusCode.Forbidden);
        Assert.Equal(0, (await ApiAssert.JsonAsync(await team.Admin.Client.GetAsync($"/api/spaces/{team.Space.Id}/webhooks"))).GetProperty("total").GetInt32());
    }

    public enum Loss { Demoted, Removed, Deactivated }

    [Theory]
    [InlineData(Loss.Demoted)]
    [InlineData(Loss.Removed)]
    [InlineData(Loss.Deactivated)]
    public async Task AWebhook_StopsWhenItsAdminIsNoLongerOne_AndSendsNothing_UntilACurrentAdminTurnsItOn(Loss loss)
    {
        // Arrange: two admins; the first sets up a webhook.
        await using var receiver = await WebhookReceiver.StartAsync();
        var team = await app.TeamAsync();
        var second = team.Member;
        await team.Admin.Client.PutAsJsonAsync($"/api/spaces/{team.Space.Id}/members/{second.User.Id}", new { role = "admin" });
        var (id, _) = await CreateHookAsync(team, receiver.Url);

        // Act: the first admin loses the role.
        var lost = loss switch
        {
            Loss.Demoted => await second.Client.PutAsJsonAsync($"/api/spaces/{team.Space.Id}/members/{team.Admin.User.Id}", new { role = "member" }),
            Loss.Removed => await second.Client.DeleteAsync($"/api/spaces/{team.Space.Id}/members/{team.Admin.User.Id}"),
            _ => await app.Admin().PostAsync($"/api/users/{team.Admin.User.Id}/deactivate", null),
        };
        var afterwards = await ApiAssert.JsonAsync(await second.Client.GetAsync($"/api/webhooks/{id}"));
        await second.Client.PostAsJsonAsync("/api/issues", new { title = "Told to nobody", space_id = team.Space.Id });
        var sent = await receiver.NoneWithinAsync(TimeSpan.FromSeconds(1.5));
        var ping = await second.Client.PostAsync($"/api/webhooks/{id}/ping", null);
        var turnedOn = await ApiAssert.JsonAsync(await second.Client.PatchAsJsonAsync($"/api/webhooks/{id}", new { active = true }));
        await second.Client.PostAsJsonAsync("/api/issues", new { title = "Told again", space_id = team.Space.Id });
        var resumed = await receiver.NextAsync();

        // Assert
        Assert.True(lost.IsSuccessStatusCode);
        Assert.False(afterwards.GetProperty("active").GetBoolean());
        Assert.Contains("no longer an admin", afterwards.GetProperty("disabled_reason").GetString());
        Assert.Null(sent);
        await ApiAssert.ProblemAsync(ping, HttpStatusCode.Conflict);
        Assert.True(turnedOn.GetProperty("active").GetBoolean());
        Assert.Equal(JsonValueKind.Null, turnedOn.GetProperty("disabled_reason").ValueKind);
        Assert.Equal(second.User.Id.ToString(), turnedOn.GetProperty("created_by").GetProperty("id").GetString());
        Assert.Equal("issue.created", resumed.Event);
        Assert.Contains("Told again", resumed.Text);
    }

    [Fact]
    public async Task ASpace_HasAtMostTwentyWebhooks()
    {
        var team = await app.TeamAsync();
        for (var i = 0; i < 20; i++)
            Assert.Equal(HttpStatusCode.Created, (await team.Admin.Client.PostAsJsonAsync($"/api/spaces/{team.Space.Id}/webhooks", new { url = $"http://127.0.0.1:59999/{i}", active = false })).StatusCode);

        var twentyFirst = await team.Admin.Client.PostAsJsonAsync($"/api/spaces/{team.Space.Id}/webhooks", new { url = "http://127.0.0.1:59999/21", active = false });

        Assert.Contains("at most 20 webhooks", (await ApiAssert.ProblemAsync(twentyFirst, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Pings_AreLimitedPerWebhook_AndAPausedOneIsNotPinged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var team = await app.TeamAsync();
        var (id, _) = await CreateHookAsync(team, receiver.Url);
        var (paused, _) = await CreateHookAsync(team, receiver.Url, new { active = false });

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++) answers.Add((await team.Admin.Client.PostAsync($"/api/webhooks/{id}/ping", null)).StatusCode);
        var limited = await team.Admin.Client.PostAsync($"/api/webhooks/{id}/ping", null);
        var pausedPing = await team.Admin.Client.PostAsync($"/api/webhooks/{paused}/ping", null);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Accepted, 10), answers.Take(10));
        await ApiAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await ApiAssert.ProblemAsync(pausedPing, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task RotateSecret_ShowsTheNewOnceUncached_AndTheOldSignsInASecondHeader()
    {
        // Arrange
        await using var receiver = await WebhookReceiver.StartAsync();
        var team = await app.TeamAsync();
        var (id, old) = await CreateHookAsync(team, receiver.Url);

        // Act
        var response = await team.Admin.Client.PostAsync($"/api/webhooks/{id}/rotate-secret", null);
        var rotated = await ApiAssert.JsonAsync(response);
        await CreateIssueAsync(team);
        var delivered = await receiver.NextAsync();

        // Assert
        var secret = rotated.GetProperty("secret").GetString()!;
        Assert.Equal(["secret"], ApiAssert.Names(rotated));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.NotEqual(old, secret);
        Assert.Equal(Sign(secret, delivered.Body), delivered.Signature);
        Assert.Equal(Sign(old, delivered.Body), delivered.PreviousSignature);
    }

    [Fact]
    public async Task ADeletedComment_LeavesNoWords_InWhatARedeliverySends()
    {
        // Arrange: a Slack webhook quotes comments.
        await using var receiver = await WebhookReceiver.StartAsync();
        var team = await app.TeamAsync();
        var (id, _) = await CreateHookAsync(team, receiver.Url, new { format = "slack", events = new[] { "comment.created" } });
        var issue = (await CreateIssueAsync(team)).GetProperty("id").GetString();
        var comment = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync($"/api/issues/{issue}/comments", new { content = "The vendor password is hunter2" }), HttpStatusCode.Created);
        var quoted = await receiver.NextAsync();

        // Act
        await team.Member.Client.DeleteAsync($"/api/issues/{issue}/comments/{comment.GetProperty("id").GetString()}");
        await team.Admin.Client.PostAsync($"/api/webhooks/{id}/deliveries/{quoted.Delivery}/redeliver", null);
        var again = await receiver.NextAsync();

        // Assert
        Assert.Contains("hunter2", quoted.Text);
        Assert.DoesNotContain("hunter2", again.Text);
    }

    [Fact]
    public async Task ADeletedIssue_LeavesNoWords_InTheFeedOrInWhatARedeliverySends()
    {
        // Arrange
        await using var receiver = await WebhookReceiver.StartAsync();
        var team = await app.TeamAsync();
        var (id, _) = await CreateHookAsync(team, receiver.Url, new { events = new[] { "issue.updated" } });
        var issue = (await CreateIssueAsync(team)).GetProperty("id").GetString();
        await team.Member.Client.PatchAsJsonAsync($"/api/issues/{issue}", new { description = "Payroll export for Ms Jones is wrong", title = "Payroll of Ms Jones" });
        var told = await receiver.NextAsync();

        // Act
        Assert.Equal(HttpStatusCode.NoContent, (await team.Admin.Client.DeleteAsync($"/api/issues/{issue}")).StatusCode);
        await team.Admin.Client.PostAsync($"/api/webhooks/{id}/deliveries/{told.Delivery}/redeliver", null);
        var again = await receiver.NextAsync();
        await using var replay = await EventStream.OpenAsync(team.Admin.Client, $"/api/events?issue_id={issue}", lastEventId: "0");
        var feed = await replay.EventsWithinAsync(TimeSpan.FromSeconds(1));

        // Assert
        Assert.Contains("Ms Jones", told.Text);
        Assert.DoesNotContain("Ms Jones", again.Text);
        Assert.Contains(feed, e => e.Type == "issue.deleted");
        Assert.All(feed, e => Assert.DoesNotContain("Ms Jones", e.Data.GetRawText()));
    }

    [Fact]
    public async Task OneSpacesSlowWebhooks_LeaveRoomForAnotherSpacesDeliveries()
    {
        // Arrange: one space with ten webhooks to a receiver that takes 8 s to answer, with twenty deliveries due.
        await using var slow = await WebhookReceiver.StartAsync();
        slow.Delay = TimeSpan.FromSeconds(8);
        await using var fast = await WebhookReceiver.StartAsync();
        var busy = await app.TeamAsync();
        for (var i = 0; i < 10; i++) await CreateHookAsync(busy, slow.Url, new { events = new[] { "issue.created" } });
        await CreateIssueAsync(busy, "One");
        await CreateIssueAsync(busy, "Two");
        // Being answered slowly now: as many as the sender lets out at once (give it a moment to let out more, if it would).
        await WaitForAsync(() => Task.FromResult(slow.Arrivals >= 4));
        await Task.Delay(500);
        var other = await app.TeamAsync();
        await CreateHookAsync(other, fast.Url);

        // Act
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await CreateIssueAsync(other, "Elsewhere");
        var delivered = await fast.NextAsync(TimeSpan.FromSeconds(15));

        // Assert: without a share per space, the busy space held every slot until its receiver answered.
        Assert.Equal("issue.created", delivered.Event);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"The other space's delivery took {clock.Elapsed.TotalSeconds:F1} s.");
    }

    private static async Task<JsonElement> DeliveryAsync(ApiTeam team, string hookId, string deliveryId)
    {
        var log = await ApiAssert.JsonAsync(await team.Admin.Client.GetAsync($"/api/webhooks/{hookId}/deliveries"));
        return log.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("id").GetString() == deliveryId);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold within 15 s.");
            await Task.Delay(50);
        }
    }
}

/// <summary>Deliveries retried quickly, and a webhook turned off after a second of failing.</summary>
public sealed class QuickToGiveUpFactory : IssueTrackerFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("IssueTracker:Webhooks:AllowPrivateNetworks", "true");
        builder.UseSetting("IssueTracker:Webhooks:FirstRetryAfter", "00:00:00.200");
        builder.UseSetting("IssueTracker:Webhooks:DisableAfterFailingFor", "00:00:01");
    }
}

public sealed class FailingWebhookTests(QuickToGiveUpFactory app) : IClassFixture<QuickToGiveUpFactory>
{
    [Fact]
    public async Task AWebhookThatKeepsFailing_IsTurnedOff_WithWhy()
    {
        // Arrange: a receiver that fails everything.
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext([.. Enumerable.Repeat(500, 1000)]);
        var team = await app.TeamAsync();
        var created = await ApiAssert.JsonAsync(await team.Admin.Client.PostAsJsonAsync($"/api/spaces/{team.Space.Id}/webhooks", new { url = receiver.Url }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();

        // Act
        await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Nobody hears this", space_id = team.Space.Id });
        JsonElement hook = default;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            hook = await ApiAssert.JsonAsync(await team.Admin.Client.GetAsync($"/api/webhooks/{id}"));
            if (!hook.GetProperty("active").GetBoolean()) break;
            await Task.Delay(100);
        }

        // Assert
        Assert.False(hook.GetProperty("active").GetBoolean());
        Assert.Contains("every delivery failed", hook.GetProperty("disabled_reason").GetString());
        Assert.Contains("500", hook.GetProperty("disabled_reason").GetString());
    }
}

/// <summary>The SSRF guard, with private networks not allowed (the default).</summary>
public sealed class WebhookAddressTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://10.0.0.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("http://192.168.1.20/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://[::7f00:1]/hook")]                // IPv4-compatible ::/96
    [InlineData("http://[64:ff9b:1::a00:1]/hook")]        // local NAT64
    [InlineData("http://[2002:a00:1::1]/hook")]           // 6to4 around 10.0.0.1
    [InlineData("http://[2001:0:4136:e378::1]/hook")]     // Teredo
    [InlineData("http://203.0.113.10/hook")]              // documentation
    [InlineData("http://no-such-host.invalid/hook")]      // does not resolve: the same answer, so names are not probed
    public async Task Create_ToAnInternalAddress_IsRefused_WithOneAnswerForEveryReason(string url)
    {
        var team = await app.TeamAsync();

        var problem = await ApiAssert.ValidationAsync(await team.Admin.Client.PostAsJsonAsync($"/api/spaces/{team.Space.Id}/webhooks", new { url }), "url");

        Assert.Equal(IssueTracker.Web.Webhooks.WebhookAddresses.Unreachable, problem.GetProperty("errors").GetProperty("url")[0].GetString());
    }

    [Theory]
    [InlineData("http://93.184.215.14:22/hook")]
    [InlineData("http://93.184.215.14:1023/hook")]
    [InlineData("https://93.184.215.14:0/hook")]
    public async Task Create_OnAPortOutsideTheWebsAndTheUnprivileged_IsRefused(string url)
    {
        var team = await app.TeamAsync();

        var problem = await ApiAssert.ValidationAsync(await team.Admin.Client.PostAsJsonAsync($"/api/spaces/{team.Space.Id}/webhooks", new { url, active = false }), "url");

        Assert.Contains("port 80, 443 or 1024 to 65535", problem.GetProperty("errors").GetProperty("url")[0].GetString());
    }

    [Fact]
    public async Task Send_ResolvesAgain_AndRefusesAnInternalAddress()
    {
        // A name that resolved elsewhere when it was saved, and to loopback now (DNS rebinding): the connection is refused.
        var context = new SocketsHttpConnectionContextProbe("localhost", 80);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => IssueTracker.Web.Webhooks.WebhookAddresses.ConnectAsync(context.Value, CancellationToken.None).AsTask());

        Assert.Equal(IssueTracker.Web.Webhooks.WebhookAddresses.Unreachable, error.Message);
    }

    [Theory]
    [InlineData("8.8.8.8", false)]
    [InlineData("2001:4860:4860::8888", false)]
    [InlineData("100.64.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("fd00:ec2::254", true)]
    [InlineData("fe80::1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::7f00:1", true)]
    [InlineData("64:ff9b::a00:1", true)]
    [InlineData("64:ff9b:1::1", true)]
    [InlineData("2002:a00:1::1", true)]
    [InlineData("2001::1", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("192.0.2.1", true)]
    [InlineData("2606:4700:4700::1111", false)]
    public void IsForbidden_KnowsTheInternalRanges(string address, bool forbidden) =>
        Assert.Equal(forbidden, IssueTracker.Web.Webhooks.WebhookAddresses.IsForbidden(IPAddress.Parse(address)));

    /// <summary>SocketsHttpConnectionContext has no public constructor: made the way the handler makes it.</summary>
    private sealed class SocketsHttpConnectionContextProbe(string host, int port)
    {
        public SocketsHttpConnectionContext Value { get; } = (SocketsHttpConnectionContext)Activator.CreateInstance(
            typeof(SocketsHttpConnectionContext), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null,
            [new DnsEndPoint(host, port), new HttpRequestMessage(HttpMethod.Post, $"http://{host}:{port}/")], null)!;
    }
}

using System.Net;
using IssueTracker.Tests.Infrastructure;

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

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync("/api/me")).StatusCode);
        var limited = await first.Client.GetAsync("/api/me");

        await ApiAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync("/api/me")).StatusCode);
        Assert.Equal("Healthy", await app.Anonymous().GetStringAsync("/healthz"));
    }
}

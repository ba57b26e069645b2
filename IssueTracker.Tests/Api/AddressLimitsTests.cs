using System.Net;
using IssueTracker.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace IssueTracker.Tests.Api;

/// <summary>Small limits before sign-in, so they can be reached in a test.</summary>
public sealed class AddressLimitedFactory : IssueTrackerFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("IssueTracker:RateLimit:PermitsPerMinutePerAddress", "5");
        builder.UseSetting("IssueTracker:RateLimit:SignInAttemptsPerAddress", "6");
        builder.UseSetting("IssueTracker:RateLimit:SignInAttemptsPerAccountAndAddress", "3");
        builder.UseSetting("IssueTracker:RateLimit:SignInAttemptsPerAccount", "100");
    }
}

/// <summary>Limits that apply before anyone is signed in: bad tokens and the sign-in form, per address and account.</summary>
public sealed class AddressLimitsTests(AddressLimitedFactory app) : IClassFixture<AddressLimitedFactory>
{
    private HttpClient From(string address, string? token = null)
    {
        var client = token is null ? app.Anonymous() : app.WithToken(token);
        client.DefaultRequestHeaders.Add(IssueTrackerFactory.ClientAddressHeader, address);
        return client;
    }

    [Fact]
    public async Task BadTokens_AreLimitedPerAddress_BeforeAnyLookup()
    {
        // Arrange
        var attacker = From("203.0.113.7", "itk_guess");

        // Act
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) answers.Add((await attacker.GetAsync("/api/me")).StatusCode);
        var limited = await attacker.GetAsync("/api/me");
        var elsewhere = await From("198.51.100.8", "itk_guess").GetAsync("/api/me");

        // Assert
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), answers.Take(5));
        await ApiAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
    }

    [Fact]
    public async Task SignIn_AStrangersGuesses_ThrottleOnlyTheStranger_TheOwnerSignsInFromTheirAddress()
    {
        // Arrange
        var owner = await app.Data.UserAsync("Targeted Admin");
        var stranger = From("203.0.113.9");

        // Act
        for (var i = 0; i < 3; i++) await IssueTrackerFactory.SubmitSignInAsync(stranger, owner.Email, "guess-" + i);
        var throttled = await IssueTrackerFactory.SubmitSignInAsync(stranger, owner.Email, TestData.Password);
        var ownerSignIn = await IssueTrackerFactory.SubmitSignInAsync(From("198.51.100.20"), owner.Email, TestData.Password);

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many sign-in attempts", await throttled.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, ownerSignIn.StatusCode);
        Assert.DoesNotContain("Lockout", ownerSignIn.Headers.Location?.ToString());
    }

    [Fact]
    public async Task SignIn_OneAddressTryingManyAccounts_IsThrottled()
    {
        // Arrange
        var sprayer = From("203.0.113.44");

        // Act
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++) answers.Add((await IssueTrackerFactory.SubmitSignInAsync(sprayer, $"someone{i}@example.com", "Password1234!")).StatusCode);

        // Assert
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 6), answers.Take(6));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[6]);
    }
}

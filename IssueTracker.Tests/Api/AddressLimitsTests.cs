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

    [Fact]
    public async Task SignIn_EverySpellingOfTheFormsPath_CountsAgainstTheSameAllowance()
    {
        // Arrange: routing sends all of these to the sign-in page; the limit once knew only the first.
        var owner = await app.Data.UserAsync("Spelled Out");
        var guesser = From("203.0.113.61");
        string[] spellings = ["/Account/Login", "/account/login/", "/ACCOUNT/LOGIN"];

        // Act
        var answers = new List<HttpStatusCode>();
        foreach (var path in spellings)
            answers.Add((await IssueTrackerFactory.SubmitFormAsync(guesser, path, "login", new() { ["Input.Email"] = owner.Email, ["Input.Password"] = "guess" })).StatusCode);
        var fourth = await IssueTrackerFactory.SubmitFormAsync(guesser, "/Account/Login/", "login", new() { ["Input.Email"] = owner.Email, ["Input.Password"] = TestData.Password });

        // Assert
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 3), answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
    }

    [Fact]
    public async Task SignIn_TheSameAccountSpelledOtherwise_IsTheSameAccount()
    {
        // Arrange: upper case, spaces and a Kelvin sign (U+212A) for the K: Identity finds the same account for each.
        var owner = await app.Data.UserAsync("Kim Kowalski");
        var guesser = From("203.0.113.62");
        var kelvin = owner.Email.Replace('k', '\u212A');
        string[] spellings = [owner.Email.ToUpperInvariant(), " " + owner.Email + " ", kelvin];

        // Act
        var answers = new List<HttpStatusCode>();
        foreach (var email in spellings) answers.Add((await IssueTrackerFactory.SubmitSignInAsync(guesser, email, "guess")).StatusCode);
        var fourth = await IssueTrackerFactory.SubmitSignInAsync(guesser, owner.Email, "guess");

        // Assert
        Assert.NotEqual(owner.Email, kelvin);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 3), answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
    }

    [Fact]
    public async Task SignIn_AddressesOfOneIPv6Network_ShareOneAllowance()
    {
        // Arrange: a /64 is one subscriber's; stepping through its addresses must not buy new guesses.
        var answers = new List<HttpStatusCode>();

        // Act
        for (var i = 1; i <= 7; i++)
            answers.Add((await IssueTrackerFactory.SubmitSignInAsync(From($"2001:db8:5:6::{i:x}"), $"someone{i}@example.com", "Password1234!")).StatusCode);
        var nextNetwork = await IssueTrackerFactory.SubmitSignInAsync(From("2001:db8:5:7::1"), "someone@example.com", "Password1234!");

        // Assert
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 6), answers.Take(6));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[6]);
        Assert.Equal(HttpStatusCode.OK, nextNetwork.StatusCode);
    }
}

/// <summary>A small ceiling per account, so guesses from many addresses reach it in a test.</summary>
public sealed class AccountLimitedFactory : IssueTrackerFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("IssueTracker:RateLimit:SignInAttemptsPerAccount", "4");
    }
}

public sealed class AccountLimitTests(AccountLimitedFactory app) : IClassFixture<AccountLimitedFactory>
{
    private HttpClient From(string address, bool cookies = false)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = cookies });
        client.DefaultRequestHeaders.Add(IssueTrackerFactory.ClientAddressHeader, address);
        return client;
    }

    [Fact]
    public async Task GuessesFromManyAddresses_DoNotLockOutABrowserThatSignedInBefore()
    {
        // Arrange: the owner's browser signed in once (it keeps a device cookie); strangers then use up the account's ceiling.
        var owner = await app.Data.UserAsync("Much Targeted");
        var ownersBrowser = From("198.51.100.70", cookies: true);
        Assert.Equal(HttpStatusCode.Redirect, (await IssueTrackerFactory.SubmitSignInAsync(ownersBrowser, owner.Email, TestData.Password)).StatusCode);
        for (var i = 0; i < 3; i++) await IssueTrackerFactory.SubmitSignInAsync(From($"203.0.113.{80 + i}"), owner.Email, "guess-" + i);

        // Act: the ceiling is reached; a new browser is refused, the owner's known one is let through (from a new address too).
        var stranger = await IssueTrackerFactory.SubmitSignInAsync(From("203.0.113.90"), owner.Email, TestData.Password);
        ownersBrowser.DefaultRequestHeaders.Remove(IssueTrackerFactory.ClientAddressHeader);
        ownersBrowser.DefaultRequestHeaders.Add(IssueTrackerFactory.ClientAddressHeader, "198.51.100.71");
        var owners = await IssueTrackerFactory.SubmitSignInAsync(ownersBrowser, owner.Email, TestData.Password);

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, owners.StatusCode);
        Assert.DoesNotContain("Lockout", owners.Headers.Location?.ToString());
    }

    [Fact]
    public async Task ADeviceCookie_NamesOneAccount_AndIsNotMadeByAFailedSignIn()
    {
        // Arrange
        var mine = await app.Data.UserAsync("Cookie Owner");
        var target = await app.Data.UserAsync("Cookie Target");
        var browser = From("198.51.100.72", cookies: true);
        var failed = await IssueTrackerFactory.SubmitSignInAsync(browser, mine.Email, "wrong");
        Assert.Equal(HttpStatusCode.Redirect, (await IssueTrackerFactory.SubmitSignInAsync(browser, mine.Email, TestData.Password)).StatusCode);

        // Act: the target's ceiling used up from elsewhere; the browser that knows another account is not let through.
        for (var i = 0; i < 4; i++) await IssueTrackerFactory.SubmitSignInAsync(From($"203.0.113.{100 + i}"), target.Email, "guess-" + i);
        var other = await IssueTrackerFactory.SubmitSignInAsync(browser, target.Email, TestData.Password);

        // Assert
        Assert.DoesNotContain(failed.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith(AddressRateLimits.DeviceCookie + "=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.TooManyRequests, other.StatusCode);
    }
}

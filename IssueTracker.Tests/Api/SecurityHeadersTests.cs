using System.Net;
using IssueTracker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Api;

/// <summary>README, "Security": every response, pages and API, errors included.</summary>
public sealed class SecurityHeadersTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    [Theory]
    [InlineData("/Account/Login", HttpStatusCode.OK)]
    [InlineData("/api/issues", HttpStatusCode.OK)]
    [InlineData("/api/issues/not-a-route/at-all", HttpStatusCode.NotFound)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("/healthz", HttpStatusCode.OK)]
    [InlineData("/api/docs/", HttpStatusCode.OK)]
    public async Task EveryResponse_SaysNoSniff_AndKeepsReferrersOnThisSite(string path, HttpStatusCode status)
    {
        // Act
        var response = await app.Admin().GetAsync(path);

        // Assert
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task PageViews_LeaveNoListenerBehind()
    {
        // Arrange: a signed-in browser without a circuit, so only the prerender runs (as for every first page view).
        var team = await app.TeamAsync();
        var browser = await app.SignedInAsync(team.Member.User.Email, TestData.Password);
        var feed = app.Services.GetRequiredService<IssueTracker.Web.Live.ChangeFeed>();
        await browser.GetStringAsync("/inbox");
        var before = feed.SubscriberCount;

        // Act: the live pages, each viewed twice.
        foreach (var path in new[] { "/", "/issues", "/alerts", "/inbox", $"/issues/{(await app.Data.IssueAsync(team.Space.Id, team.Member.User.Id)).Id}" })
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(path)).StatusCode);
        }

        // Assert: a prerender's components are not disposed with the request: any listener they start stays for good
        // (each view used to leave a board and a bell listening to every change).
        Assert.Equal(before, feed.SubscriberCount);
    }

    [Fact]
    public async Task UnknownPage_ForSomeoneNotSignedIn_IsTheNotFoundPage_WithoutTheSignedInShell()
    {
        var response = await app.Anonymous().GetAsync("/no-such-page");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Sorry, the content you are looking for does not exist.", html);
        Assert.DoesNotContain("data-testid=\"bell\"", html);
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/no-such-page")]
    public async Task Pages_HaveOneContentSecurityPolicy_WithoutFramingPluginsForeignBaseOrEval(string path)
    {
        // Act
        var response = await app.Anonymous().GetAsync(path);

        // Assert
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = policy.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Equal("base-uri 'self'", directives["base-uri"]);
        Assert.DoesNotContain("unsafe-eval", directives["script-src"]);
        Assert.DoesNotContain("unsafe-inline", directives["script-src"]);
    }

    [Fact]
    public async Task Page_ImportMapCarriesTheNonceOfItsPolicy()
    {
        // Act
        var response = await app.Anonymous().GetAsync("/Account/Login");
        var html = await response.Content.ReadAsStringAsync();

        // Assert
        var nonce = System.Text.RegularExpressions.Regex.Match(response.Headers.GetValues("Content-Security-Policy").Single(), "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"nonce=\"{nonce}\"", html);
        Assert.NotEqual(nonce, System.Text.RegularExpressions.Regex.Match(
            (await app.Anonymous().GetAsync("/Account/Login")).Headers.GetValues("Content-Security-Policy").Single(), "'nonce-([^']+)'").Groups[1].Value);
    }

    [Fact]
    public async Task ApiResponses_MayLoadNothing()
    {
        // Act
        var response = await app.Admin().GetAsync("/api/me");

        // Assert
        Assert.StartsWith("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}

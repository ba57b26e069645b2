using IssueTracker.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace IssueTracker.Tests.Api;

public sealed class BehindProxyFactory : IssueTrackerFactory
{
    public const string Proxy = "10.1.1.1";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("IssueTracker:Proxy:KnownProxies:0", Proxy);
    }
}

/// <summary>Behind a configured reverse proxy the browser's HTTPS counts (Secure cookies); from anyone else the header is ignored.</summary>
public sealed class ReverseProxyTests(BehindProxyFactory app) : IClassFixture<BehindProxyFactory>
{
    private async Task<string> CookiesAsync(string from)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add(IssueTrackerFactory.ClientAddressHeader, from);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.50");
        var response = await client.GetAsync("/Account/Login");
        return string.Join("\n", response.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task ForwardedHttps_FromTheKnownProxy_MakesCookiesSecure()
    {
        // Act
        var cookies = await CookiesAsync(BehindProxyFactory.Proxy);

        // Assert
        Assert.Contains("secure", cookies, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ForwardedHttps_FromAnyoneElse_IsIgnored()
    {
        // Act
        var cookies = await CookiesAsync("10.9.9.9");

        // Assert
        Assert.DoesNotContain("secure", cookies, StringComparison.OrdinalIgnoreCase);
    }
}

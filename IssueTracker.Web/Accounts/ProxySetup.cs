using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Accounts;

/// <summary>
/// Running behind a reverse proxy (nginx, a load balancer): with <c>IssueTracker:Proxy:KnownProxies</c> or
/// <c>KnownNetworks</c> set, <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> from those addresses are believed, so
/// the client's address (rate limits per address) and scheme (cookies marked Secure when the browser used HTTPS) are
/// the real ones. From any other address the headers are ignored: anyone could send them. Nothing is believed when
/// neither is set.
/// </summary>
public static class ProxySetup
{
    public static IApplicationBuilder UseIssueTrackerForwardedHeaders(this IApplicationBuilder app)
    {
        var proxy = app.ApplicationServices.GetRequiredService<IOptions<IssueTrackerOptions>>().Value.Proxy;
        if (proxy.KnownProxies.Count == 0 && proxy.KnownNetworks.Count == 0) return app;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        // The defaults trust loopback; only what is configured is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var address in proxy.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(address));
        foreach (var network in proxy.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        return app.UseForwardedHeaders(options);
    }
}

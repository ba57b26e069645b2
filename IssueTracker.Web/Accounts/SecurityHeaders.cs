using System.Security.Cryptography;

namespace IssueTracker.Web.Accounts;

/// <summary>
/// The headers every response carries (README, "Security"): no MIME sniffing, no full referrers to other
/// sites, and a Content-Security-Policy. Pages may load scripts only from this site (plus the import map, by nonce),
/// are never framed, and get no plugins or foreign base URL; API responses (JSON, SVG avatars) may load nothing at
/// all. The API reference page (<c>/api/docs</c>) is Scalar's own page with its inline start-up script, so it gets
/// the two plain headers only.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "IssueTracker.CspNonce";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        // Markdown shows images from this app and the configured hosts only (the renderer makes the rest links); the
        // policy says the same, so a renderer bug cannot load one either.
        var imageSources = string.Concat(app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<IssueTrackerOptions>>()
            .Value.Markdown.ImageHosts.Where(host => System.Text.RegularExpressions.Regex.IsMatch(host, @"^(\*\.)?[A-Za-z0-9.-]+$")).Select(host => " https://" + host));
        return app.Use((context, next) =>
        {
            // Set as the response starts, so headers cleared by the exception handler or a re-executed status page come back.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                var path = context.Request.Path;
                if (path.StartsWithSegments("/api/docs")) return Task.CompletedTask;
                headers.ContentSecurityPolicy = path.StartsWithSegments("/api")
                    ? "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
                    : PagePolicy(NonceOf(context), imageSources);
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    /// <summary>The nonce of this response's CSP, for the one inline script a page has (Blazor's import map).</summary>
    public static string NonceOf(HttpContext context)
    {
        if (context.Items[NonceKey] is string nonce) return nonce;
        // Hex, so the attribute reads the same however the page encodes it.
        nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    // MudBlazor sets inline styles (and its theme is a <style> element), so styles may be inline; scripts may not.
    private static string PagePolicy(string nonce, string imageSources) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:{imageSources}; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
}

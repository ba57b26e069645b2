using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Api;

/// <summary>
/// An API write made with the sign-in cookie must come from this app's own pages: its <c>Origin</c> header (which every
/// browser sends with a cross-site or non-GET request, and a page cannot forge) names this app, or the request is 403.
/// SameSite=Lax keeps the cookie off cross-site POSTs in today's browsers; this holds where it does not (a sibling
/// subdomain is "same site", older browsers, a body-less POST). Token calls are not affected: a token is never sent by
/// a browser on its own. README, "Security".
/// </summary>
public sealed class CookieOriginFilter(IOptions<IssueTrackerOptions> options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (IsRead(http.Request.Method) || http.User.Identity?.AuthenticationType != IdentityConstants.ApplicationScheme) return next(context);
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && AllowedOrigins(http.Request).Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase)) return next(context);
        return ValueTask.FromResult<object?>(TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            type: ProblemDetailsFilter.Types[StatusCodes.Status403Forbidden],
            detail: origin.Length == 0
                ? "A change made with the sign-in cookie must carry an Origin header naming this app; scripts use a personal access token."
                : "A change made with the sign-in cookie must come from this app's own pages, not from " + origin + "."));
    }

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private IEnumerable<string> AllowedOrigins(HttpRequest request)
    {
        yield return $"{request.Scheme}://{request.Host}";
        if (options.Value.PublicRoot is { } root && Uri.TryCreate(root, UriKind.Absolute, out var uri)) yield return uri.GetLeftPart(UriPartial.Authority);
    }
}

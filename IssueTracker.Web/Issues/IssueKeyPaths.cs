using System.Text.RegularExpressions;

namespace IssueTracker.Web.Issues;

/// <summary>
/// <c>/api/issues/CUST-42/…</c> is <c>/api/issues/{id}/…</c>: an issue's key is accepted wherever its id is in a path
/// (README, "API quick start"). The key is looked up before routing and the path rewritten to the id, so every issue
/// route takes both and each keeps its own access check (an issue the caller cannot see is 404 either way).
/// </summary>
public static partial class IssueKeyPaths
{
    [GeneratedRegex("^/api/issues/([A-Za-z][A-Za-z0-9]{1,9}-[0-9]{1,9})(/.*)?$")]
    private static partial Regex KeyPath();

    public static IApplicationBuilder UseIssueKeyPaths(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.Value is { } path && KeyPath().Match(path) is { Success: true } match && IssueKey.TryParse(match.Groups[1].Value, out var key)
            && await context.RequestServices.GetRequiredService<IssueService>().IdOfKeyAsync(key, context.RequestAborted) is { } id)
            context.Request.Path = $"/api/issues/{id}{match.Groups[2].Value}";
        await next(context);
    });
}

using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IssueTracker.Web.Api;

/// <summary>
/// Documents the headers every API answer carries about the caller's rate limit (<c>Setup/ApiEndpoints</c>,
/// <c>UseApiCallerLimits</c>), and the <c>Retry-After</c> of a 429, so a generated client can read them.
/// </summary>
internal sealed class OpenApiRateLimitHeaders : IOpenApiOperationTransformer
{
    private static readonly (string Name, string Description)[] Window =
    [
        ("RateLimit-Limit", "Requests this caller may make in one window (a minute)."),
        ("RateLimit-Remaining", "Requests left in the current window."),
        ("RateLimit-Reset", "Seconds until the current window ends and the full limit is available again."),
    ];

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (operation.Responses is null) return Task.CompletedTask;
        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete) continue;
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            foreach (var (name, description) in Window) concrete.Headers[name] = Integer(description);
            if (status is "429" or "409" or "503")
                concrete.Headers["Retry-After"] = Integer("Seconds to wait before this request will be accepted.");
        }
        return Task.CompletedTask;
    }

    private static OpenApiHeader Integer(string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" } };
}

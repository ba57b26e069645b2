using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IssueTracker.Web.Api;

/// <summary>
/// Documents the headers every API answer carries about the caller's rate limit (<c>Setup/ApiEndpoints</c>,
/// <c>UseApiCallerLimits</c>), and the <c>Retry-After</c> of a 429, 409 or 503, so a generated client can read them.
/// Each is declared once under <c>components/headers</c> and referenced from every response.
/// </summary>
internal sealed class OpenApiRateLimitHeaders : IOpenApiOperationTransformer
{
    private const string RetryAfter = "Retry-After";

    private static readonly (string Name, string Description)[] Headers =
    [
        ("RateLimit-Limit", "Requests this caller may make in one window (a minute)."),
        ("RateLimit-Remaining", "Requests left in the current window."),
        ("RateLimit-Reset", "Seconds until the current window ends and the full limit is available again."),
        (RetryAfter, "Seconds to wait before this request will be accepted."),
    ];

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (operation.Responses is null) return Task.CompletedTask;
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        foreach (var (name, description) in Headers)
        {
            document.Components.Headers[name] = new OpenApiHeader
            {
                Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
            };
        }
        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete) continue;
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            foreach (var (name, _) in Headers)
            {
                if (name == RetryAfter && status is not ("429" or "409" or "503")) continue;
                concrete.Headers[name] = new OpenApiHeaderReference(name, document);
            }
        }
        return Task.CompletedTask;
    }
}

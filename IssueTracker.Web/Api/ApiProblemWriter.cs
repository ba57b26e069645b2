using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Api;

/// <summary>
/// Writes every problem under <c>/api</c> as <c>application/problem+json</c> whatever the request's <c>Accept</c> says
/// (an SSE client's <c>text/event-stream</c>, a browser's <c>text/html</c>): the framework's writer declines those, and
/// the answer fell back to a bare text line or a problem without its <c>trace_id</c>. Registered before the framework's
/// writer, so it is the one the problem details service, the status-code pages and the rate limiter reach for an API path.
/// </summary>
public sealed class ApiProblemWriter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments("/api");

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status ?? http.Response.StatusCode;
        problem.Status = status;
        problem.Type ??= ProblemDetailsFilter.Types.GetValueOrDefault(status);
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        // Framework-made problems (401, 404 for unknown routes, 405) say what to do, as ours do.
        problem.Detail ??= status switch
        {
            401 => "Sign in, or send a personal access token as 'Authorization: Bearer <token>'.",
            403 => "You may not do this.",
            404 => "Nothing exists at this address.",
            405 => "This address does not accept that method.",
            _ => problem.Title,
        };
        // The id a support request quotes to find this request in the logs; snake_case like every member of the API.
        problem.Extensions.Remove("traceId");
        problem.Extensions["trace_id"] = Activity.Current?.Id ?? http.TraceIdentifier;
        http.Response.StatusCode = status;
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json", http.RequestAborted));
    }
}

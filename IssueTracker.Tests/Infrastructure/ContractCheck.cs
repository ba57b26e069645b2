using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IssueTracker.Tests.Infrastructure;

/// <summary>
/// Holds every API answer of every test to the OpenAPI document the app serves (<see cref="OpenApiContract"/>): the
/// server side finds the operation the answer came from (its route pattern, so every spelling routing accepts counts)
/// and names what the document does not describe in a header; the client side (<see cref="Handler"/>) fails the
/// calling test with it. Server-sent event streams are not buffered and not checked here.
/// </summary>
public sealed class ContractCheck(Func<Task<OpenApiContract>> contract) : IStartupFilter
{
    public const string ViolationHeader = "X-Test-Contract-Violation";

    /// <summary>Set on every answer that was checked, so a test can tell the check is on.</summary>
    public const string CheckedHeader = "X-Test-Contract-Checked";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/api") || path.StartsWithSegments("/api/docs") || path.StartsWithSegments("/api/events"))
            {
                await nextMiddleware(context);
                return;
            }
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                context.Response.Body = original;
            }
            if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } raw } && raw.StartsWith("/api", StringComparison.Ordinal) && !context.Response.HasStarted)
            {
                var problems = (await contract()).Check(context.Request.Method, Template(raw), context.Response.StatusCode, context.Response.ContentType, buffer.ToArray());
                context.Response.Headers[CheckedHeader] = "1";
                if (problems.Count > 0) context.Response.Headers[ViolationHeader] = string.Join(" | ", problems).ReplaceLineEndings(" ");
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(original);
        });
        next(app);
    };

    /// <summary>A route pattern as the document writes its path: no constraints, no trailing slash.</summary>
    public static string Template(string routePattern)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(routePattern, @"\{([^}:]+):[^}]+\}", "{$1}").TrimEnd('/');
        return path.Length == 0 ? "/" : path;
    }

    /// <summary>Fails the call whose answer the document does not describe.</summary>
    public sealed class Handler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues(ViolationHeader, out var violations))
                throw new ContractViolationException($"The answer to {request.Method} {request.RequestUri?.PathAndQuery} is not what the OpenAPI document says: {string.Join(" ", violations)}");
            return response;
        }
    }
}

public sealed class ContractViolationException(string message) : Exception(message);

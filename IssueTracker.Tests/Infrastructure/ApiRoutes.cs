using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Infrastructure;

/// <summary>Every API route the app maps (those behind the API policy), read from its own endpoint data source.</summary>
public static class ApiRoutes
{
    /// <summary>Each route once per method: <c>("GET", "/api/issues/{id:guid}")</c>.</summary>
    public static IReadOnlyList<(string Method, string Pattern)> Of(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Web.Accounts.AuthSetup.ApiPolicy))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, e.RoutePattern.RawText!)))
            .Distinct()];
}

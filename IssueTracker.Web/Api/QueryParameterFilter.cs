using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace IssueTracker.Web.Api;

/// <summary>
/// An unknown query parameter is a 400 naming it, on every API address, as an unknown body field is: a misspelt
/// filter (<c>statuses=resolved</c>) must not quietly answer everything. What an endpoint takes is what the OpenAPI
/// document says it takes (the API explorer, from its bound parameters), or what it declares with
/// <see cref="QueryNames"/> when it reads the query itself.
/// </summary>
public sealed class QueryParameterFilter(IApiDescriptionGroupCollectionProvider explorer) : IEndpointFilter
{
    private readonly ConcurrentDictionary<MethodInfo, IReadOnlyList<string>> _known = new();

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.Query.Count > 0 && http.GetEndpoint() is { } endpoint)
        {
            var known = endpoint.Metadata.GetMetadata<QueryNames>()?.Names
                ?? (endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler ? _known.GetOrAdd(handler, Explore) : null);
            if (known is not null)
            {
                var errors = new ValidationErrors();
                // Query names bind whatever their case, so they are checked the same way.
                foreach (var name in http.Request.Query.Keys.Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)))
                {
                    errors.Add(name, known.Count == 0
                        ? "Unknown query parameter; this address takes none."
                        : $"Unknown query parameter; this address takes {string.Join(", ", known)}.");
                }
                errors.ThrowIfAny();
            }
        }
        return next(context);
    }

    private IReadOnlyList<string> Explore(MethodInfo handler) =>
    [
        .. explorer.ApiDescriptionGroups.Items.SelectMany(g => g.Items)
            .Where(d => d.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().Contains(handler))
            .SelectMany(d => d.ParameterDescriptions)
            .Where(p => p.Source == BindingSource.Query)
            .Select(p => p.Name)
            .Distinct(StringComparer.OrdinalIgnoreCase),
    ];
}

/// <summary>The query parameters of an endpoint that reads its query itself (the API explorer cannot see those).</summary>
public sealed record QueryNames(IReadOnlyList<string> Names);

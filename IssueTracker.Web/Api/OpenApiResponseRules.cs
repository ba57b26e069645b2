using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IssueTracker.Web.Api;

/// <summary>
/// Documents the problem answers that follow from what an operation is, not from its handler: a JSON body can be too
/// large (413) or of the wrong type (415) (<see cref="ApiJson.ReadBodyAsync{T}"/>); a write can find the database busy
/// (503, <see cref="ProblemDetailsFilter"/>). The answers every operation can give (400, 401, 403, 404, 429) are
/// declared on the <c>/api</c> group (<c>Setup/ApiEndpoints</c>).
/// </summary>
internal sealed class OpenApiResponseRules : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var method = context.Description.HttpMethod ?? "GET";
        operation.Responses ??= [];
        if (operation.RequestBody is not null)
        {
            Add(operation, context.Document!, StatusCodes.Status413PayloadTooLarge, "The body is larger than the endpoint accepts; nothing was changed.");
            Add(operation, context.Document!, StatusCodes.Status415UnsupportedMediaType, "The body is not in a media type the endpoint reads; nothing was changed.");
        }
        if (!HttpMethods.IsGet(method))
            Add(operation, context.Document!, StatusCodes.Status503ServiceUnavailable, "The database stayed busy with other writes; nothing was changed. Retry after Retry-After.");
        return Task.CompletedTask;
    }

    /// <summary>Adds a problem+json answer for <paramref name="status"/> unless the operation declares one.</summary>
    internal static void Add(OpenApiOperation operation, OpenApiDocument document, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        operation.Responses ??= [];
        if (operation.Responses.ContainsKey(key)) return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
            },
        };
    }
}

using Microsoft.OpenApi;

namespace IssueTracker.Web.Api;

/// <summary>
/// Declares in the OpenAPI document an issue's version as the <c>ETag</c> of its answers, and the conditional request
/// headers its endpoints honour (<see cref="ApiHttp.IfMatchVersions"/>, <see cref="ApiHttp.IfNoneMatchVersions"/>), so a
/// generated client can send them.
/// </summary>
internal static class OpenApiConditionalRequests
{
    /// <summary>A read whose answer carries an ETag and that answers 304 when <c>If-None-Match</c> names it.</summary>
    public static RouteHandlerBuilder WithETagAndIfNoneMatch(this RouteHandlerBuilder builder) =>
        builder.Produces(StatusCodes.Status304NotModified).AddOpenApiOperationTransformer((operation, context, _) =>
        {
            Header(operation, "If-None-Match", "ETags (or *) the client holds; 304 with no body when the issue is still at one of them.");
            ETag(operation, context.Document!);
            if (operation.Responses?.GetValueOrDefault("304") is OpenApiResponse notModified)
                notModified.Description = "The issue is still at the version If-None-Match named.";
            return Task.CompletedTask;
        });

    /// <summary>A write that honours <c>If-Match</c> (412 when the issue has moved on) and, on success, sends the new ETag.</summary>
    public static RouteHandlerBuilder WithIfMatch(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status412PreconditionFailed).AddOpenApiOperationTransformer((operation, context, _) =>
        {
            Header(operation, "If-Match", "The ETag (issue version) the change was made against; 412 with the current ETag when the issue has changed since.");
            ETag(operation, context.Document!);
            return Task.CompletedTask;
        });

    private static void Header(OpenApiOperation operation, string name, string description)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }

    private static void ETag(OpenApiOperation operation, OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        document.Components.Headers["ETag"] = new OpenApiHeader
        {
            Description = "The issue's version, quoted (\"7\"): send it as If-Match to change the issue only if no one else has.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status is not ("200" or "201" or "304" or "412") || response is not OpenApiResponse concrete) continue;
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers["ETag"] = new OpenApiHeaderReference("ETag", document);
        }
    }
}

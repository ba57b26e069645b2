using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IssueTracker.Web.Api;

/// <summary>A request body an endpoint's documentation shows, written as the request type itself so it cannot drift from it.</summary>
public sealed record RequestExample(object Value);

/// <summary>Puts an endpoint's <see cref="RequestExample"/> into its OpenAPI request body, serialized as the API reads it.</summary>
internal sealed class OpenApiRequestExamples : IOpenApiOperationTransformer
{
    // What a client would send: only the fields the example sets.
    private static readonly JsonSerializerOptions Options = new(ApiJson.Options) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (operation.RequestBody?.Content is not { } content) return Task.CompletedTask;
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestExample>().LastOrDefault() is not { } example) return Task.CompletedTask;
        foreach (var (mediaType, body) in content)
        {
            if (mediaType.Contains("json", StringComparison.Ordinal) && body is OpenApiMediaType concrete)
                concrete.Example = JsonSerializer.SerializeToNode(example.Value, example.Value.GetType(), Options);
        }
        return Task.CompletedTask;
    }
}

public static class RequestExampleExtensions
{
    /// <summary>Shows <paramref name="example"/> as this endpoint's request body in the OpenAPI document.</summary>
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, object example) =>
        builder.WithMetadata(new RequestExample(example));
}

/// <summary>The ids the request examples share: one space, its product and a member.</summary>
internal static class ExampleIds
{
    public static readonly Guid Space = Guid.Parse("0193a3c2-5e7d-7b1a-9c4e-2f6b8d0a1c11");
    public static readonly Guid Product = Guid.Parse("0193a3c2-5e7d-7b1a-9c4e-2f6b8d0a1c22");
    public static readonly Guid Assignee = Guid.Parse("0193a3c2-5e7d-7b1a-9c4e-2f6b8d0a1c33");
}

using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IssueTracker.Web.Api;

/// <summary>
/// Leaves out of a schema the properties the JSON body never carries (<see cref="ApiJson.IsHidden"/>): the schema
/// exporter reads the C# type, not the serializer's per-property rules, and listed an issue's version as required.
/// </summary>
internal sealed class OpenApiHiddenProperties : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (schema.Properties is null) return Task.CompletedTask;
        foreach (var name in schema.Properties.Keys.Where(n => ApiJson.IsHidden(context.JsonTypeInfo.Type, n)).ToList())
        {
            schema.Properties.Remove(name);
            schema.Required?.Remove(name);
        }
        return Task.CompletedTask;
    }
}

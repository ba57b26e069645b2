using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IssueTracker.Web.Api;

/// <summary>Documents a merge-patch field <see cref="Optional{T}"/> as the nullable value it carries on the wire.</summary>
internal sealed class OpenApiOptionalSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(Optional<>)) return Task.CompletedTask;
        var inner = type.GetGenericArguments()[0];
        inner = Nullable.GetUnderlyingType(inner) ?? inner;

        schema.Description = "Absent: unchanged. null: cleared (where allowed).";
        schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
        if (inner == typeof(Guid)) schema.Format = "uuid";
        else if (inner.IsEnum)
            schema.Enum = [.. WireNames.All(inner).Select(n => (JsonNode)JsonValue.Create(n)!)];
        return Task.CompletedTask;
    }
}

using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IssueTracker.Web.Api;

/// <summary>
/// Documents a merge-patch field <see cref="Optional{T}"/> as the nullable value it carries on the wire, with its
/// <c>maxLength</c> when it is text.
/// </summary>
internal sealed class OpenApiOptionalSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        LimitOptionalText(schema, context);
        var type = context.JsonTypeInfo.Type;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(Optional<>)) return Task.CompletedTask;
        var inner = type.GetGenericArguments()[0];
        var nullable = Nullable.GetUnderlyingType(inner) is not null;
        inner = Nullable.GetUnderlyingType(inner) ?? inner;

        schema.Description = "Absent: unchanged. null: cleared (where allowed).";
        schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
        if (inner == typeof(Guid)) schema.Format = "uuid";
        else if (inner.IsEnum)
            // An enum's list names null too, or a schema validator refuses the null the type allows.
            schema.Enum = [.. WireNames.All(inner).Select(n => (JsonNode)JsonValue.Create(n)!), .. nullable ? [JsonValue.Create((string?)null)!] : Array.Empty<JsonNode>()];
        return Task.CompletedTask;
    }

    // A merge patch's text field is a reference to the one shared Optional<string> schema, which cannot say how long
    // this field may be: such a field is written out in place with its [MaxLength].
    private static void LimitOptionalText(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        if (schema.Properties is null) return;
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (property.PropertyType != typeof(Optional<string?>) || !schema.Properties.ContainsKey(property.Name)) continue;
            if (property.AttributeProvider?.GetCustomAttributes(typeof(MaxLengthAttribute), true).FirstOrDefault() is not MaxLengthAttribute max) continue;
            schema.Properties[property.Name] = new OpenApiSchema
            {
                Type = JsonSchemaType.String | JsonSchemaType.Null,
                MaxLength = max.Length,
                Description = "Absent: unchanged.",
            };
        }
    }
}

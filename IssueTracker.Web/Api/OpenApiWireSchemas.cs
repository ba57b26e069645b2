using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IssueTracker.Web.Api;

/// <summary>
/// Corrects the schemas the exporter derives from C# types where the API's JSON (<see cref="ApiJson"/>) writes
/// something else, so a validator or a generated client reading the document accepts every real answer:
/// <list type="bullet">
/// <item>a timestamp is a string (its converter hides the type from the exporter), nullable where the type is;</item>
/// <item>an enum's shared schema lists no null: a nullable use of it says null itself (the exporter put null into the
/// shared list, so a property's "null, or one of these" matched null twice and refused it);</item>
/// <item>a property left out when null is not required;</item>
/// <item>problem details carry <c>trace_id</c> and, as RFC 9457 allows, extension members (<c>required_scope</c>).</item>
/// </list>
/// </summary>
internal sealed class OpenApiWireSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type);
        if ((underlying ?? type) == typeof(DateTime))
        {
            schema.Type = underlying is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
        }
        if (underlying is { IsEnum: true } && schema.Enum is { } values)
        {
            foreach (var none in values.Where(v => v is null || v.GetValueKind() == System.Text.Json.JsonValueKind.Null).ToList()) values.Remove(none);
            schema.Type = JsonSchemaType.String;
        }
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            // A property left out when null is not always there.
            if (property.AttributeProvider?.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true)
                .OfType<System.Text.Json.Serialization.JsonIgnoreAttribute>().Any(a => a.Condition == System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull) == true)
                schema.Required?.Remove(property.Name);
        }
        if (typeof(ProblemDetails).IsAssignableFrom(type) && schema.Properties is not null)
        {
            schema.Properties["trace_id"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "Names this request in the server's logs; quote it when reporting a problem.",
            };
            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = null;
        }
        return Task.CompletedTask;
    }
}

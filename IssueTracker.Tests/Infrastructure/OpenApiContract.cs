using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace IssueTracker.Tests.Infrastructure;

/// <summary>
/// The app's own OpenAPI document as a judge of its answers: an operation's answer must have a status the document
/// lists for it, a media type it lists for that status, and a body its schema accepts (JSON Schema 2020-12, formats
/// checked). Used by <see cref="ContractCheck"/> on every API answer a test sees.
/// </summary>
public sealed partial class OpenApiContract
{
    private readonly JsonObject _document;
    private readonly JsonObject _schemas;
    private readonly ConcurrentDictionary<string, JsonSchema> _built = new();
    private static int _registrations;

    private static readonly ConcurrentDictionary<string, OpenApiContract> Known = new();

    /// <summary>The contract of a document, shared by every app serving that same document (its schemas are built once).</summary>
    public static OpenApiContract For(string documentJson) => Known.GetOrAdd(documentJson, json => new OpenApiContract(json));

    public OpenApiContract(string documentJson)
    {
        _document = JsonNode.Parse(documentJson)!.AsObject();
        _schemas = (JsonObject)Rewrite(_document["components"]?["schemas"] ?? new JsonObject());
        Operations = [.. _document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(method => method.Key is "get" or "post" or "put" or "patch" or "delete")
                .Select(method => new Operation(method.Key.ToUpperInvariant(), path.Key)))];
    }

    /// <summary>Every operation the document declares.</summary>
    public IReadOnlyList<Operation> Operations { get; }

    public bool Declares(string method, string path) => Find(method, path) is not null;

    /// <summary>The statuses the document lists for an operation, or null when it declares no such operation.</summary>
    public IReadOnlyCollection<string>? Statuses(string method, string path) =>
        Find(method, path)?["responses"]?.AsObject().Select(r => r.Key).ToList();

    /// <summary>What is wrong with one answer of a documented operation; empty when the document describes it exactly.</summary>
    public IReadOnlyList<string> Check(string method, string path, int status, string? contentType, ReadOnlySpan<byte> body)
    {
        var operation = Find(method, path);
        var at = $"{method} {path} answered {status}";
        if (operation is null) return [$"{method} {path} is not in the OpenAPI document."];
        var response = operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? operation["responses"]?["default"];
        if (response is null)
            return [$"{at}, which the document does not list (it lists {string.Join(", ", Statuses(method, path)!)})."];
        var content = response["content"]?.AsObject();
        if (body.IsEmpty) return [];
        if (content is null || content.Count == 0) return [$"{at} with a body ({contentType}), which the document says has none."];

        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        var documented = content.FirstOrDefault(c => string.Equals(c.Key, mediaType, StringComparison.OrdinalIgnoreCase));
        if (documented.Value is null)
            return [$"{at} as {mediaType}, which the document does not list (it lists {string.Join(", ", content.Select(c => c.Key))})."];
        if (documented.Value["schema"] is not { } schemaNode || !(mediaType.EndsWith("json", StringComparison.Ordinal))) return [];

        var key = $"{method} {path} {status} {mediaType}";
        var schema = _built.GetOrAdd(key, _ => Build(schemaNode));
        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body.ToArray()).RootElement;
        }
        catch (JsonException e)
        {
            return [$"{at} with a body that is not JSON: {e.Message}"];
        }
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid) return [];
        return [.. (result.Details ?? [result])
            .Where(d => d.Errors is { Count: > 0 } && !InsideAlternative().IsMatch(d.EvaluationPath.ToString()))
            .SelectMany(d => d.Errors!.Select(e => $"{at}: at '{d.InstanceLocation}' ({d.EvaluationPath}) {e.Key}: {e.Value}"))
            .DefaultIfEmpty($"{at}: the body does not match the documented schema.")
            .Take(10)];
    }

    private JsonObject? Find(string method, string path)
    {
        var paths = _document["paths"]!.AsObject();
        var normalized = path.TrimEnd('/');
        if (normalized.Length == 0) normalized = "/";
        return paths.TryGetPropertyValue(normalized, out var item) ? item?[method.ToLowerInvariant()] as JsonObject : null;
    }

    // One self-contained schema per answer: the answer's schema with every component under $defs.
    private JsonSchema Build(JsonNode responseSchema)
    {
        var root = Rewrite(responseSchema) is JsonObject o ? o : new JsonObject { ["allOf"] = new JsonArray(Rewrite(responseSchema)) };
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = _schemas.DeepClone();
        var id = new Uri($"https://contract.test/schema/{Interlocked.Increment(ref _registrations)}");
        return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, id);
    }

    private static JsonNode Rewrite(JsonNode node)
    {
        var text = node.ToJsonString();
        return JsonNode.Parse(ComponentRef().Replace(text, "\"$ref\":\"#/$defs/"))!;
    }

    // An alternative that did not match is no error when another one did; what made the whole fail is reported.
    [GeneratedRegex("/(oneOf|anyOf)/[0-9]+")]
    private static partial Regex InsideAlternative();

    [GeneratedRegex("\"\\$ref\":\"#/components/schemas/")]
    private static partial Regex ComponentRef();

    public sealed record Operation(string Method, string Path)
    {
        public override string ToString() => $"{Method} {Path}";
    }
}

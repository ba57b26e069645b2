using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace IssueTracker.Web.Api;

/// <summary>The API's JSON: snake_case names and enum values, whole-second UTC timestamps, unknown fields refused.</summary>
public static partial class ApiJson
{
    /// <summary>Request bodies larger than this are refused with 413.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static readonly JsonSerializerOptions Options = Create();

    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = WireNames.Policy;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.Converters.Add(new JsonStringEnumConverter(WireNames.Policy, allowIntegerValues: false));
        o.Converters.Add(new UtcDateTimeConverter());
        o.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { HideVersion, LeaveOutUnsetFields } };
    }

    // A merge patch written out (an example, a client's request) carries only the fields it sets: null would clear.
    private static void LeaveOutUnsetFields(JsonTypeInfo type)
    {
        foreach (var property in type.Properties.Where(p => p.PropertyType.IsAssignableTo(typeof(IOptional))))
            property.ShouldSerialize = static (_, value) => value is IOptional { IsSet: true };
    }

    // An issue's version is its ETag header; the body stays exactly the contract's issue object.
    private static void HideVersion(JsonTypeInfo type)
    {
        foreach (var property in type.Properties.Where(p => IsHidden(type.Type, p.Name)))
            property.ShouldSerialize = static (_, _) => false;
    }

    /// <summary>
    /// A property the type has in C# that its JSON never carries: the body leaves it out, and so does the OpenAPI
    /// document (<see cref="OpenApiHiddenProperties"/>), so a generated client never expects it.
    /// </summary>
    internal static bool IsHidden(Type type, string wireName) => type == typeof(IssueDto) && wireName == "version";

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(o);
        return o;
    }

    /// <summary>
    /// Reads a JSON request body, turning every way it can be wrong into a clear 400/413/415 naming the field.
    /// Requiring a JSON content type also keeps cookie-authenticated calls safe from cross-site form posts.
    /// </summary>
    public static async Task<T> ReadBodyAsync<T>(HttpRequest request, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is null || !(mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as JSON with Content-Type: application/json.");
        if (request.ContentLength > MaxBodyBytes) throw TooLarge();

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new ValidationException("body", "A JSON body is required.");

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.ToArray(), Options)
                ?? throw new ValidationException("body", "The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ValidationException(Describe<T>(e));
        }
    }

    private static ApiProblemException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The request body must be at most {MaxBodyBytes:N0} bytes.");

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownProperty();

    private static Dictionary<string, string[]> Describe<T>(JsonException e)
    {
        var unknown = UnknownProperty().Match(e.Message);
        if (unknown.Success) return new() { [unknown.Groups[1].Value] = ["Unknown field."] };

        var field = e.Path is null or "$" ? null : e.Path.TrimStart('$', '.');
        if (string.IsNullOrEmpty(field)) return new() { ["body"] = ["The body is not a valid JSON object."] };
        var property = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => WireNames.Policy.ConvertName(p.Name) == field);
        return new() { [field] = [property is null ? "Invalid value." : $"Invalid value; expected {Expected(property.PropertyType)}."] };
    }

    private static string Expected(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>)) type = type.GetGenericArguments()[0];
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
            return "one of " + string.Join(", ", WireNames.All(type));
        if (type == typeof(Guid)) return "a UUID";
        if (type == typeof(DateTime)) return "an ISO-8601 timestamp";
        if (type == typeof(int)) return "an integer";
        if (type == typeof(bool)) return "true or false";
        return "a string";
    }

    /// <summary>Writes <c>2026-01-15T10:30:00Z</c> as the contract shows; reads any ISO-8601 time and converts it to UTC.</summary>
    private sealed class UtcDateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String
                && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
                return value.UtcDateTime;
            throw new JsonException("Expected an ISO-8601 timestamp.");
        }

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// A JSON request body, bound by the framework through <see cref="BindAsync"/> and read by
/// <see cref="ApiJson.ReadBodyAsync{T}"/>. Why not <c>[FromBody]</c>: the framework's binder answers a wrong content
/// type, an oversized body, an unknown field or a bad value with a bare 400 or 415 that names no field, and it never
/// reaches the endpoint filter. Here every such refusal is kept in <see cref="Error"/> and the
/// <see cref="ProblemDetailsFilter"/> answers it as problem details naming the field, before the handler runs.
/// </summary>
public sealed class JsonBody<T> : IBoundBody where T : class
{
    private readonly T? _value;

    private JsonBody(T? value, Exception? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The body; the filter has answered the request before a handler could see a body that failed.</summary>
    public T Value => _value ?? throw new InvalidOperationException("The body failed to bind: " + Error?.Message);

    object? IBoundBody.Bound => _value;

    public Exception? Error { get; }

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context)
    {
        try
        {
            return new JsonBody<T>(await ApiJson.ReadBodyAsync<T>(context.Request, context.RequestAborted), null);
        }
        catch (Exception e) when (e is ServiceException or ApiProblemException)
        {
            return new JsonBody<T>(null, e);
        }
    }
}

/// <summary>A bound request body that may carry the refusal of reading it.</summary>
public interface IBoundBody
{
    Exception? Error { get; }

    /// <summary>The body as read (null when it failed): what makes two requests with one idempotency key the same.</summary>
    object? Bound { get; }
}

/// <summary>An HTTP-level refusal (413, 415) raised while translating a request, before any service is called.</summary>
public sealed class ApiProblemException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
}

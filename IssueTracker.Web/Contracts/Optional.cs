using System.Text.Json;
using System.Text.Json.Serialization;

namespace IssueTracker.Web.Contracts;

/// <summary>
/// A field of a JSON merge patch: absent (<see cref="IsSet"/> false) leaves the value alone, present sets it,
/// including to <c>null</c>.
/// </summary>
[JsonConverter(typeof(OptionalJsonConverterFactory))]
public readonly struct Optional<T>(T value) : IOptional
{
    public bool IsSet { get; } = true;
    public T Value { get; } = value;

    public static implicit operator Optional<T>(T value) => new(value);

    public override string ToString() => IsSet ? $"{Value}" : "(unset)";
}

/// <summary>Whether a merge-patch field was given, whatever its type: an unset one is left out when written.</summary>
public interface IOptional
{
    bool IsSet { get; }
}

public sealed class OptionalJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class OptionalJsonConverter<T> : JsonConverter<Optional<T>>
    {
        // Called for an explicit null too, so "null clears" can be told apart from "absent".
        public override bool HandleNull => true;

        // Reads with T's own converter (not a nested Deserialize), so an error keeps the field's path ($.status).
        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(((JsonConverter<T>)options.GetConverter(typeof(T))).Read(ref reader, typeof(T), options)!);

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options)
        {
            if (value.IsSet) JsonSerializer.Serialize(writer, value.Value, options);
            else writer.WriteNullValue();
        }
    }
}

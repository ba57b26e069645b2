using System.Globalization;

namespace IssueTracker.Web.Services;

/// <summary>
/// Reads query-string values (text as typed) into typed filters, the same way for the API and for the UI's addresses.
/// A bad value adds an error under the API's parameter name and is left out: the API then refuses the request (400),
/// while a page ignores what it cannot read, so an old bookmark still opens.
/// </summary>
public static class QueryText
{
    public static (int Page, int Size) Page(string? page, string? size, ValidationErrors errors) =>
        (Int(page, "page", 1, errors), Int(size, "size", 20, errors));

    public static int Int(string? raw, string name, int fallback, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(raw)) return fallback;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add(name, $"'{raw}' is not a whole number.");
        return fallback;
    }

    /// <summary><c>true</c> or <c>false</c> (any case); null when absent.</summary>
    public static bool? Bool(string? raw, string name, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (bool.TryParse(raw.Trim(), out var value)) return value;
        errors.Add(name, $"'{raw}' is not true or false.");
        return null;
    }

    public static Guid? Guid(string? raw, string name, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (System.Guid.TryParse(raw, out var value)) return value;
        errors.Add(name, $"'{raw}' is not a UUID.");
        return null;
    }

    /// <summary>An ISO 8601 date (<c>2026-09-01</c>, midnight UTC) or time, as UTC.</summary>
    public static DateTime? Time(string? raw, string name, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)) return value.UtcDateTime;
        errors.Add(name, $"'{raw}' is not an ISO 8601 date or time.");
        return null;
    }

    public static T? Enum<T>(string? raw, string name, ValidationErrors errors) where T : struct, System.Enum
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (WireNames.TryParse<T>(raw, out var value)) return value;
        errors.Add(name, $"'{raw}' is not one of {string.Join(", ", WireNames.All<T>())}.");
        return null;
    }

    /// <summary>A comma list of enum values (<c>open,in_progress</c>), each once, in the order given.</summary>
    public static IReadOnlyList<T> EnumList<T>(string? raw, string name, ValidationErrors errors) where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(raw)) return [];
        var values = new List<T>();
        foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (Enum<T>(part, name, errors) is { } value && !values.Contains(value)) values.Add(value);
        }
        return values;
    }
}

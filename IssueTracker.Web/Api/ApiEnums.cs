using System.Text.Json;

namespace IssueTracker.Web.Api;

/// <summary>Enum values as the API spells them (<c>in_progress</c>), for query strings; bodies use the JSON converter.</summary>
internal static class ApiEnums
{
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static IEnumerable<string> Names<T>() where T : struct, Enum => Enum.GetValues<T>().Select(Name);

    public static bool TryParse<T>(string raw, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (Name(candidate) == raw) { value = candidate; return true; }
        }
        value = default;
        return false;
    }

    public static T? ParseOptional<T>(string? raw, string name, Services.ValidationErrors errors) where T : struct, Enum
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (TryParse<T>(raw, out var value)) return value;
        errors.Add(name, $"'{raw}' is not one of {string.Join(", ", Names<T>())}.");
        return null;
    }
}

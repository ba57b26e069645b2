using System.Collections.Frozen;
using System.Text.Json;

namespace IssueTracker.Web.Contracts;

/// <summary>
/// How the API spells names: snake_case (<c>in_progress</c>, <c>space_id</c>). The JSON options, query strings, the
/// UI's addresses and history values all use this one converter, so an enum value has one spelling everywhere.
/// </summary>
public static class WireNames
{
    public static readonly JsonNamingPolicy Policy = JsonNamingPolicy.SnakeCaseLower;

    public static string Of<T>(T value) where T : struct, Enum => Names<T>.ByValue[value];

    /// <summary>Every value's wire name, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Names<T>.InOrder;

    /// <summary>All wire names of the enum <paramref name="type"/>, for messages and schemas that are not generic.</summary>
    public static IEnumerable<string> All(Type type) => Enum.GetNames(type).Select(Policy.ConvertName);

    /// <summary>Any value of an enum as words, from the name the API gives it: <c>needs_review</c> → "Needs review".</summary>
    public static string Words(Enum value) => Words(Policy.ConvertName(value.ToString()));

    /// <summary>A name as the API spells it (<c>in_progress</c>), in words ("In progress").</summary>
    public static string Words(string wireName)
    {
        var words = wireName.Replace('_', ' ');
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>Reads a wire name as the API accepts it everywhere, query and body alike: any case, spaces around ignored.</summary>
    public static bool TryParse<T>(string? raw, out T value) where T : struct, Enum => Names<T>.ByName.TryGetValue(raw?.Trim() ?? "", out value);

    private static class Names<T> where T : struct, Enum
    {
        public static readonly IReadOnlyList<string> InOrder = Enum.GetValues<T>().Select(v => Policy.ConvertName(v.ToString())).ToArray();
        public static readonly FrozenDictionary<T, string> ByValue = Enum.GetValues<T>().ToFrozenDictionary(v => v, v => Policy.ConvertName(v.ToString()));
        public static readonly FrozenDictionary<string, T> ByName = Enum.GetValues<T>().ToFrozenDictionary(v => Policy.ConvertName(v.ToString()), v => v, StringComparer.OrdinalIgnoreCase);
    }
}

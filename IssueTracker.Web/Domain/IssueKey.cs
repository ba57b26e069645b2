using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace IssueTracker.Web.Domain;

/// <summary>
/// An issue's human key, <c>CUST-42</c>: its space's key and its number in that space. The one place that says how a
/// key is written and read.
/// </summary>
public readonly partial record struct IssueKey(string SpaceKey, int Number)
{
    /// <summary>A space key: 2 to 10 upper-case letters or digits, starting with a letter.</summary>
    [GeneratedRegex("^[A-Z][A-Z0-9]{1,9}$")]
    public static partial Regex SpaceKeyPattern();

    // Lower case is accepted when reading (people type "cust-42"); the number has at most 9 digits so it fits an int.
    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9]{1,9})-([0-9]{1,9})$")]
    private static partial Regex KeyPattern();

    public override string ToString() => SpaceKey + "-" + Number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads <c>CUST-42</c> (any case, surrounding spaces ignored); false for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out IssueKey key)
    {
        var match = KeyPattern().Match(text?.Trim() ?? "");
        key = match.Success
            ? new IssueKey(match.Groups[1].Value.ToUpperInvariant(), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : default;
        return match.Success;
    }

    public static IssueKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new FormatException($"'{text}' is not an issue key such as CUST-42.");
}

using System.Globalization;

namespace IssueTracker.Web.Services;

/// <summary>
/// What user text may hold, for every field the API and the pages take. Lengths count Unicode characters (code
/// points), as a person does and as PostgreSQL's <c>varchar(n)</c> does: an emoji is one, not two UTF-16 units.
/// A one-line field (a title, a name) refuses control characters and the bidirectional overrides that make
/// <c>"\u202etxt.exe"</c> read as <c>exe.txt</c> in a CSV, a Slack message or a log; a text (a description, a comment)
/// allows tab and newline among the control characters, with Windows and old Mac line ends read as newlines.
/// </summary>
public static class TextRules
{
    /// <summary>How many Unicode characters <paramref name="text"/> holds.</summary>
    public static int Length(string? text)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }

    /// <summary>
    /// A one-line field, trimmed; null (with an error when <paramref name="required"/>) when empty, or when it is too
    /// long or holds a control character.
    /// </summary>
    public static string? Line(string? raw, string field, string label, int max, ValidationErrors errors, bool required = true)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required) errors.Add(field, $"{label} is required.");
            return null;
        }
        if (Length(text) > max) { errors.Add(field, TooLong(label, max)); return null; }
        if (text.Any(c => char.IsControl(c) || IsDirectionOverride(c)))
        {
            errors.Add(field, $"{label} must be one line of text, without control characters (such as line breaks or direction overrides).");
            return null;
        }
        return text;
    }

    /// <summary>
    /// A multi-line text as written (not trimmed: Markdown may start with indentation), line ends made <c>\n</c>;
    /// null when empty, too long or holding a control character other than tab and newline.
    /// </summary>
    public static string? Text(string? raw, string field, string label, int max, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        var text = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (Length(text) > max) { errors.Add(field, TooLong(label, max)); return null; }
        if (text.Any(c => char.IsControl(c) && c is not ('\t' or '\n')))
        {
            errors.Add(field, $"{label} may not hold control characters other than tab and newline.");
            return null;
        }
        return text;
    }

    private static string TooLong(string label, int max) =>
        $"{label} must be at most {max.ToString("N0", CultureInfo.InvariantCulture)} characters.";

    // Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what follows them.
    private static bool IsDirectionOverride(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}

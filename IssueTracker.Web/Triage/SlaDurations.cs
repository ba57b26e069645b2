using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace IssueTracker.Web.Triage;

/// <summary>
/// An SLA's durations as people write them: <c>30m</c>, <c>4h</c>, <c>2d</c>, <c>1d 4h</c>, <c>1w</c>, or ISO 8601
/// (<c>PT30M</c>, what the API sends). Shown the short way in the UI.
/// </summary>
public static partial class SlaDurations
{
    [GeneratedRegex(@"^\s*(?:(\d+)\s*(w|wk|weeks?|d|days?|h|hrs?|hours?|m|mins?|minutes?)\s*)+$", RegexOptions.IgnoreCase)]
    private static partial Regex Short();

    [GeneratedRegex(@"(\d+)\s*([a-z]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Part();

    /// <summary>The duration written in <paramref name="text"/>, or null when it is neither form.</summary>
    public static TimeSpan? Parse(string text)
    {
        text = text.Trim();
        if (Short().IsMatch(text))
        {
            var total = TimeSpan.Zero;
            foreach (Match part in Part().Matches(text))
            {
                var n = long.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
                if (n > 100_000) return null;
                total += char.ToLowerInvariant(part.Groups[2].Value[0]) switch
                {
                    'w' => TimeSpan.FromDays(7 * n),
                    'd' => TimeSpan.FromDays(n),
                    'h' => TimeSpan.FromHours(n),
                    _ => TimeSpan.FromMinutes(n),
                };
            }
            return total;
        }
        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>"30m", "4h", "2d", "1d 4h", "1w": the largest whole units, as few as say it exactly.</summary>
    public static string Format(TimeSpan value)
    {
        var parts = new List<string>();
        var left = value;
        if (left.TotalDays >= 7 && left.Days % 7 == 0 && left - TimeSpan.FromDays(left.Days) == TimeSpan.Zero) return $"{left.Days / 7}w";
        if (left.Days > 0) { parts.Add($"{left.Days}d"); left -= TimeSpan.FromDays(left.Days); }
        if (left.Hours > 0) parts.Add($"{left.Hours}h");
        if (left.Minutes > 0) parts.Add($"{left.Minutes}m");
        return parts.Count == 0 ? "0m" : string.Join(' ', parts);
    }

    /// <summary>The short form of an ISO 8601 duration the API gives; the text itself when it is not one.</summary>
    public static string? Shorten(string? iso) => iso is null ? null : Parse(iso) is { } value ? Format(value) : iso;
}

using System.Security.Cryptography;
using System.Text;

namespace IssueTracker.Web.Connectors;

/// <summary>How every connector fits a tool's words into an alert and an issue: the same limits, the same escaping.</summary>
internal static class ConnectorText
{
    /// <summary>
    /// The name an alert keeps run after run. One longer than an alert's check holds keeps its start and a hash of the
    /// whole, so two long names never share an alert.
    /// </summary>
    public static string Stable(string name)
    {
        const int max = 200;
        if (name.Length <= max) return name;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..16];
        return name[..(max - 17)] + "~" + hash;
    }

    public static string Title(string title) => title.Length <= 200 ? title : title[..199] + "…";

    public static string? Message(string? message) =>
        string.IsNullOrWhiteSpace(message) ? null : message.Length <= 10_000 ? message : message[..9_999] + "…";

    /// <summary>Code as a fenced block that nothing in it can close early (a fence longer than any run of backticks in it).</summary>
    public static string Fenced(string code, string language)
    {
        var (longest, run) = (0, 0);
        foreach (var c in code)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        var fence = new string('`', Math.Max(3, longest + 1));
        var cut = code.Length <= 5_000 ? code : code[..5_000] + "\n(cut)";
        return $"{fence}{language}\n{cut}\n{fence}\n";
    }
}

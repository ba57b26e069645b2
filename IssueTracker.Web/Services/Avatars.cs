using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace IssueTracker.Web.Services;

/// <summary>Avatars are generated SVG initials served by this app, so no outside service learns who uses it.</summary>
public static class Avatars
{
    public const string UrlPrefix = "/api/users/";
    public const string UrlSuffix = "/avatar";

    private static readonly string[] Colors =
        ["#1e88e5", "#43a047", "#e53935", "#8e24aa", "#fb8c00", "#00897b", "#3949ab", "#6d4c41", "#d81b60", "#546e7a"];

    public static string Url(Guid userId) => UrlPrefix + userId + UrlSuffix;

    public static string Initials(string name)
    {
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var initials = parts.Length switch
        {
            0 => "?",
            1 => parts[0][..1],
            _ => string.Concat(parts[0][..1], parts[^1][..1]),
        };
        return initials.ToUpperInvariant();
    }

    public static string Svg(Guid userId, string name)
    {
        var color = Colors[SHA256.HashData(userId.ToByteArray())[0] % Colors.Length];
        var text = WebUtility.HtmlEncode(Initials(name));
        return new StringBuilder()
            .Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\" role=\"img\" aria-label=\"")
            .Append(WebUtility.HtmlEncode(name)).Append("\">")
            .Append("<circle cx=\"32\" cy=\"32\" r=\"32\" fill=\"").Append(color).Append("\"/>")
            .Append("<text x=\"32\" y=\"33\" dominant-baseline=\"middle\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"26\" fill=\"#fff\">")
            .Append(text).Append("</text></svg>")
            .ToString();
    }
}

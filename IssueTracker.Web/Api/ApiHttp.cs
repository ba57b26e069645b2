using System.Globalization;
using System.Security.Claims;
using IssueTracker.Web.Contracts;
using IssueTracker.Web.Services;

namespace IssueTracker.Web.Api;

/// <summary>Small translations between HTTP and the service layer shared by the endpoint classes.</summary>
internal static class ApiHttp
{
    /// <summary>The acting user; the API group requires an authenticated user, so this is always present.</summary>
    public static Guid ActorId(this ClaimsPrincipal user) => Auth.ActorClaims.GetActorId(user)
        ?? throw new InvalidOperationException("An authenticated API request has no user id claim.");

    public static PageRequest Page(string? page, string? size)
    {
        var errors = new ValidationErrors();
        var p = ParseInt(page, "page", 1, errors);
        var s = ParseInt(size, "size", 20, errors);
        errors.ThrowIfAny();
        return new PageRequest(p, s);
    }

    public static int ParseInt(string? raw, string name, int fallback, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(raw)) return fallback;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add(name, $"'{raw}' is not a whole number.");
        return fallback;
    }

    public static Guid? ParseGuid(string? raw, string name, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (Guid.TryParse(raw, out var value)) return value;
        errors.Add(name, $"'{raw}' is not a UUID.");
        return null;
    }

    public static string ETag(int version) => $"\"{version}\"";

    /// <summary>The version an If-Match header asks for: null when absent or <c>*</c>; -1 (never current) when it names no version of ours.</summary>
    public static int? IfMatchVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*") return null;
        return header.Length > 2 && header[0] == '"' && header[^1] == '"'
               && int.TryParse(header.AsSpan(1, header.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : -1;
    }
}

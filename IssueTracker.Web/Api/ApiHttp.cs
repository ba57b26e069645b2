using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;

namespace IssueTracker.Web.Api;

/// <summary>Small translations between HTTP and the service layer shared by the endpoint classes.</summary>
internal static class ApiHttp
{
    /// <summary>The acting user; the API group requires an authenticated user, so this is always present.</summary>
    public static Guid ActorId(this ClaimsPrincipal user) => ActorClaims.GetActorId(user)
        ?? throw new InvalidOperationException("An authenticated API request has no user id claim.");

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Page and size from the query string; a bad value is a 400 naming it.</summary>
    public static PageRequest Page(string? page, string? size)
    {
        var errors = new ValidationErrors();
        var (p, s) = QueryText.Page(page, size, errors);
        errors.ThrowIfAny();
        return new PageRequest(p, s);
    }

    /// <summary>An idempotent retry answered with the first result says so.</summary>
    public static void MarkReplayed(HttpResponse response) => response.Headers["Idempotent-Replayed"] = "true";

    public static string ETag(int version) => $"\"{version}\"";

    /// <summary>
    /// The versions an If-Match header names (a list: any one matching is enough): null when absent or <c>*</c>;
    /// empty (never current) when it names none of ours.
    /// </summary>
    public static IReadOnlyCollection<int>? IfMatchVersions(HttpRequest request) => Versions(request.Headers.IfMatch);

    /// <summary>The versions an If-None-Match header names; null when absent or <c>*</c>.</summary>
    public static IReadOnlyCollection<int>? IfNoneMatchVersions(HttpRequest request) => Versions(request.Headers.IfNoneMatch);

    private static IReadOnlyCollection<int>? Versions(Microsoft.Extensions.Primitives.StringValues header)
    {
        var tags = header.SelectMany(h => (h ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (tags.Count == 0 || tags.Contains("*")) return null;
        // A weak tag (W/"5") names the same version for these comparisons.
        return [.. tags.Select(t => t.StartsWith("W/", StringComparison.Ordinal) ? t[2..] : t)
            .Where(t => t.Length > 2 && t[0] == '"' && t[^1] == '"')
            .Select(t => int.TryParse(t.AsSpan(1, t.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1)
            .Where(v => v >= 0)];
    }
}

/// <summary>
/// <c>space_id</c>, <c>page</c> and <c>size</c> of a collection that can be narrowed to one space (products, users),
/// bound as text so a bad value is a 400 naming it.
/// </summary>
public sealed class SpacePageParameters
{
    [FromQuery(Name = "space_id")] public string? SpaceId { get; set; }
    [FromQuery(Name = "page")] public string? Page { get; set; }
    [FromQuery(Name = "size")] public string? Size { get; set; }

    public (Guid? SpaceId, PageRequest Paging) Read()
    {
        var errors = new ValidationErrors();
        var space = QueryText.Guid(SpaceId, "space_id", errors);
        var (page, size) = QueryText.Page(Page, Size, errors);
        errors.ThrowIfAny();
        return (space, new PageRequest(page, size));
    }
}

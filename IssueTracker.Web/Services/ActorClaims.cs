using System.Globalization;
using System.Security.Claims;

namespace IssueTracker.Web.Services;

/// <summary>
/// Reads the acting user (and, for a token, what the token may do) from a principal, whether it came from the Identity
/// cookie or a token.
/// </summary>
public static class ActorClaims
{
    public const string ScopeClaim = "scope";
    public const string TokenExpiresClaim = "token_expires";
    public const string TokenIdClaim = "token_id";

    public static Guid? GetActorId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>The claims of an authenticated token.</summary>
    public static IEnumerable<Claim> Of(TokenGrant grant) =>
    [
        new(ClaimTypes.NameIdentifier, grant.UserId.ToString()),
        .. grant.Scopes.Select(s => new Claim(ScopeClaim, WireNames.Of(s))),
        .. grant.ExpiresAt is { } expires ? [new Claim(TokenExpiresClaim, expires.ToString("O", CultureInfo.InvariantCulture))] : Array.Empty<Claim>(),
        .. grant.TokenId is { } tokenId ? [new Claim(TokenIdClaim, tokenId.ToString())] : Array.Empty<Claim>(),
    ];

    /// <summary>The token the request came with, or null for a person signed in (who has every scope; their role still applies).</summary>
    public static TokenGrant? GetTokenGrant(ClaimsPrincipal user)
    {
        if (user.Identity?.AuthenticationType != PersonalAccessTokenHandler.SchemeName || GetActorId(user) is not { } id) return null;
        var scopes = user.FindAll(ScopeClaim).Select(c => WireNames.TryParse<TokenScope>(c.Value, out var s) ? s : (TokenScope?)null).OfType<TokenScope>().ToList();
        var expires = user.FindFirstValue(TokenExpiresClaim) is { } raw
            ? DateTime.Parse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : (DateTime?)null;
        var tokenId = Guid.TryParse(user.FindFirstValue(TokenIdClaim), out var parsed) ? parsed : (Guid?)null;
        return new TokenGrant(id, scopes, expires, tokenId);
    }

    public static bool HasScope(ClaimsPrincipal user, TokenScope scope) => GetTokenGrant(user) is not { } token || token.Scopes.Contains(scope);
}

/// <summary>What an authenticated token may do: whose it is, its scopes, until when; and which token it is.</summary>
public sealed record TokenGrant(Guid UserId, IReadOnlyList<TokenScope> Scopes, DateTime? ExpiresAt, Guid? TokenId = null);

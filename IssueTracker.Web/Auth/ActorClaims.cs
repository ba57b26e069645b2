using System.Security.Claims;

namespace IssueTracker.Web.Auth;

/// <summary>Reads the acting user's id from a principal, whether it came from the Identity cookie or a token.</summary>
public static class ActorClaims
{
    public static Guid? GetActorId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}

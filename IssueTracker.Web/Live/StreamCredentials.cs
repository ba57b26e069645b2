using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Live;

/// <summary>
/// Whether what a long-lived request (an event stream) was authenticated with still holds: its token not revoked or
/// expired, its sign-in not ended (a cookie's security stamp changes when its person signs out, changes password or is
/// deactivated), its person active. Authentication runs once, when the request starts; this is asked again as it runs.
/// </summary>
public sealed class StreamCredentials(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock, IOptions<IdentityOptions> identity)
{
    public Credentials Of(ClaimsPrincipal user)
    {
        var actorId = ActorClaims.GetActorId(user) ?? Guid.Empty;
        if (ActorClaims.GetTokenGrant(user) is { TokenId: { } tokenId })
            return new Credentials(ct => AskAsync(db => Access.TokenHoldsAsync(db, tokenId, clock.GetUtcNow().UtcDateTime, ct), ct));
        var stamp = user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return new Credentials(ct => AskAsync(db => Access.SessionHoldsAsync(db, actorId, stamp, ct), ct));
    }

    private async Task<bool> AskAsync(Func<ApplicationDbContext, Task<bool>> question, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await question(db);
    }

    public sealed class Credentials(Func<CancellationToken, Task<bool>> check)
    {
        public Task<bool> HoldAsync(CancellationToken ct) => check(ct);
    }
}

using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

/// <summary>
/// Who may see and change what. A member of a space sees everything in it; an instance admin sees all spaces and acts
/// as a space admin in each. What the actor may not see is reported as not found, never as forbidden. A deactivated
/// person sees nothing, here, at once: their sessions end at the next revalidation, but no request gets that far.
/// The visible spaces come from the instance's <see cref="AccessCache"/>; one read, IssueService.GetAsync, states the
/// same rule in its own SQL so that a read by id is one command.
/// </summary>
internal static class Access
{
    /// <summary>The actor's role in a space, or null when they may not see it.</summary>
    public static async Task<SpaceRole?> RoleInSpaceAsync(ApplicationDbContext db, Guid actorId, Guid spaceId, CancellationToken ct) =>
        (await ActorInSpaceQuery.For(db)(db, actorId, spaceId, ct))?.Role;

    /// <summary>The actor's role in a space with their name and the space's name and key, in one command; null for an unknown actor.</summary>
    public static Task<ActorInSpace?> ActorInSpaceAsync(ApplicationDbContext db, Guid actorId, Guid spaceId, CancellationToken ct) =>
        ActorInSpaceQuery.For(db)(db, actorId, spaceId, ct);

    // Compiled: every write asks it first.
    private static readonly PerModel<Func<ApplicationDbContext, Guid, Guid, CancellationToken, Task<ActorInSpace?>>> ActorInSpaceQuery =
        new(() => EF.CompileAsyncQuery((ApplicationDbContext db, Guid actorId, Guid spaceId, CancellationToken ct) => db.Users
            .Where(u => u.Id == actorId)
            .Select(u => new ActorInSpace
            {
                IsAdmin = u.IsAdmin,
                Deactivated = u.DeactivatedAt != null,
                DisplayName = u.DisplayName,
                MemberRole = db.SpaceMembers.Where(m => m.SpaceId == spaceId && m.UserId == actorId).Select(m => (SpaceRole?)m.Role).FirstOrDefault(),
                SpaceKey = db.Spaces.Where(s => s.Id == spaceId).Select(s => s.Key).FirstOrDefault(),
                SpaceName = db.Spaces.Where(s => s.Id == spaceId).Select(s => s.Name).FirstOrDefault(),
            })
            .SingleOrDefault()));

    // Member-initialized (not a positional record) so the UNION ALL can be translated.
    private sealed class Visibility
    {
        public Guid SpaceId { get; init; }
        public bool IsAdmin { get; init; }
    }

    // One command (UNION ALL of the memberships and an "is admin" row), compiled: it runs before every list and read.
    private static readonly PerModel<Func<ApplicationDbContext, Guid, IAsyncEnumerable<Visibility>>> VisibilityOf =
        new(() => EF.CompileAsyncQuery((ApplicationDbContext db, Guid actorId) =>
            db.SpaceMembers.Where(m => m.UserId == actorId && m.User.DeactivatedAt == null).Select(m => new Visibility { SpaceId = m.SpaceId, IsAdmin = false })
                .Concat(db.Users.Where(u => u.Id == actorId && u.IsAdmin && u.DeactivatedAt == null).Select(u => new Visibility { SpaceId = Guid.Empty, IsAdmin = true }))));

    /// <summary>The spaces the actor may see; null means all (instance admin). From the instance's <see cref="AccessCache"/> while no access change has been committed since.</summary>
    public static async Task<List<Guid>?> VisibleSpaceIdsAsync(ApplicationDbContext db, Guid actorId, CancellationToken ct)
    {
        if (AccessCache.Of(db) is not { } cache) return await ReadVisibleSpaceIdsAsync(db, actorId, ct);
        // The stamp first: an access change committed after it and before the read below only makes the entry stale.
        var stamp = await AccessCache.StampAsync(db, ct);
        if (!cache.TrySpaces(actorId, stamp, out var spaces))
        {
            spaces = (await ReadVisibleSpaceIdsAsync(db, actorId, ct))?.ToArray();
            cache.Keep(actorId, stamp, spaces);
        }
        // A copy: callers may add to it.
        return spaces is null ? null : [.. spaces];
    }

    private static async Task<List<Guid>?> ReadVisibleSpaceIdsAsync(ApplicationDbContext db, Guid actorId, CancellationToken ct)
    {
        var spaces = new List<Guid>();
        await foreach (var row in VisibilityOf.For(db)(db, actorId).WithCancellation(ct))
        {
            if (row.IsAdmin) return null;
            spaces.Add(row.SpaceId);
        }
        return spaces;
    }

    public static Task<bool> IsAdminAsync(ApplicationDbContext db, Guid actorId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id == actorId && u.IsAdmin && u.DeactivatedAt == null, ct);

    /// <summary>A personal access token still works: not revoked, not expired, its person active.</summary>
    public static Task<bool> TokenHoldsAsync(ApplicationDbContext db, Guid tokenId, DateTime now, CancellationToken ct) =>
        db.PersonalAccessTokens.AnyAsync(t => t.Id == tokenId && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now)
                                              && t.User.DeactivatedAt == null, ct);

    /// <summary>
    /// A sign-in still holds: its person active and, for a cookie, its security stamp current (it changes when they
    /// sign out, change password or are deactivated).
    /// </summary>
    public static Task<bool> SessionHoldsAsync(ApplicationDbContext db, Guid userId, string? securityStamp, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id == userId && u.DeactivatedAt == null && (securityStamp == null || u.SecurityStamp == securityStamp), ct);

    /// <summary>Throws not-found when the actor cannot see the space, forbidden when their role is below <paramref name="needed"/>.</summary>
    public static SpaceRole Require(SpaceRole? role, SpaceRole needed, string what, string action)
    {
        if (role is null) throw new NotFoundException(what);
        if (role < needed)
            throw new ForbiddenException($"You are a {Describe(role.Value)} in this space; {action} needs the {Describe(needed)} role.");
        return role.Value;
    }

    public static string Describe(SpaceRole role) => role switch
    {
        SpaceRole.Viewer => "viewer",
        SpaceRole.Member => "member",
        _ => "admin",
    };
}

/// <summary>What the access rules need to know about an actor in one space.</summary>
internal sealed class ActorInSpace
{
    public bool IsAdmin { get; init; }
    public bool Deactivated { get; init; }
    public string DisplayName { get; init; } = "";
    public SpaceRole? MemberRole { get; init; }
    /// <summary>Null when the space does not exist.</summary>
    public string? SpaceKey { get; init; }
    public string? SpaceName { get; init; }

    /// <summary>The role, or null when the actor may not see the space: an instance admin acts as a space admin in every space.</summary>
    public SpaceRole? Role => SpaceKey is null || Deactivated ? null : IsAdmin ? SpaceRole.Admin : MemberRole;
}

using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Issues;

/// <summary>
/// How links are written, whoever writes them (<see cref="LinkService"/>, a resolve as duplicate, the alert engine):
/// the other end must be an issue the actor may change too (a link is a change of both ends: their history, version
/// and feed), a link is stored once, and both ends get their history line.
/// </summary>
internal static class IssueLinks
{
    /// <summary>How the issue that stores the link reads it.</summary>
    public static LinkDirection Forward(IssueLinkType type) => (LinkDirection)(int)type;

    /// <summary>How the other end reads it: relates_to both ways, the others as their passive.</summary>
    public static LinkDirection Reverse(IssueLinkType type) => type switch
    {
        IssueLinkType.Duplicates => LinkDirection.DuplicatedBy,
        IssueLinkType.Blocks => LinkDirection.BlockedBy,
        IssueLinkType.CausedBy => LinkDirection.Causes,
        _ => LinkDirection.RelatesTo,
    };

    /// <summary>
    /// The other end of a link from <paramref name="sourceId"/>, tracked for its history line: a bad
    /// <paramref name="field"/> when it is the issue itself or one the actor cannot see (never "forbidden", which would
    /// tell it exists); forbidden when the actor only views its space.
    /// </summary>
    public static async Task<Issue> LoadTargetAsync(ApplicationDbContext db, Guid sourceId, Guid targetId, Guid actorId, string field, CancellationToken ct)
    {
        if (targetId == sourceId) throw new ValidationException(field, "An issue cannot link to itself.");
        var target = await db.Issues.SingleOrDefaultAsync(i => i.Id == targetId, ct);
        var role = target is null ? null : await Access.RoleInSpaceAsync(db, actorId, target.SpaceId, ct);
        if (role is null) throw new ValidationException(field, "Issue does not exist.");
        if (role < RoleRules.ChangeIssuesRole)
            throw new ForbiddenException($"You are a {Access.Describe(role.Value)} in the other issue's space; linking needs the {Access.Describe(RoleRules.ChangeIssuesRole)} role in both spaces.");
        return target!;
    }

    /// <summary>Whether the two are linked with this type already (relates_to in either direction).</summary>
    public static Task<bool> ExistsAsync(ApplicationDbContext db, Guid sourceId, Guid targetId, IssueLinkType type, CancellationToken ct) =>
        db.IssueLinks.AnyAsync(l => l.Type == type
            && ((l.IssueId == sourceId && l.TargetId == targetId)
                || (type == IssueLinkType.RelatesTo && l.IssueId == targetId && l.TargetId == sourceId)), ct);

    /// <summary>
    /// Links <paramref name="source"/>'s issue to <paramref name="target"/>: saved with the caller's change, which
    /// brings the target's own change (its history line, version and <c>updated_at</c>). Returns null when the link was
    /// there already.
    /// </summary>
    public static async Task<IssueLink?> AddAsync(ApplicationDbContext db, IssueChange source, Issue target, IssueLinkType type, CancellationToken ct)
    {
        if (await ExistsAsync(db, source.Issue.Id, target.Id, type, ct)) return null;
        var link = new IssueLink
        {
            Id = Ids.New(source.Now),
            IssueId = source.Issue.Id,
            TargetId = target.Id,
            Type = type,
            CreatedById = source.ActorId,
            CreatedAt = source.Now,
        };
        db.IssueLinks.Add(link);
        var (sourceKey, targetKey) = await KeysAsync(db, source.Issue, target, ct);
        source.Linked($"{Contracts.WireNames.Of(Forward(type))} {targetKey}", added: true, target.SpaceId);
        var other = IssueChange.Of(db, target, source.ActorId, source.Now);
        other.Linked($"{Contracts.WireNames.Of(Reverse(type))} {sourceKey}", added: true, source.Issue.SpaceId);
        source.Also(other);
        return link;
    }

    /// <summary>
    /// Removes a link, with a history line on each end, saved with the caller's change: <paramref name="end"/> is the
    /// end the actor acts from.
    /// </summary>
    public static async Task RemoveAsync(ApplicationDbContext db, IssueChange end, IssueLink link, Issue other, CancellationToken ct)
    {
        db.IssueLinks.Remove(link);
        var stored = link.IssueId == end.Issue.Id;
        var (endKey, otherKey) = await KeysAsync(db, end.Issue, other, ct);
        var (endReads, otherReads) = stored ? (Forward(link.Type), Reverse(link.Type)) : (Reverse(link.Type), Forward(link.Type));
        end.Linked($"{Contracts.WireNames.Of(endReads)} {otherKey}", added: false, other.SpaceId);
        var change = IssueChange.Of(db, other, end.ActorId, end.Now);
        change.Linked($"{Contracts.WireNames.Of(otherReads)} {endKey}", added: false, end.Issue.SpaceId);
        end.Also(change);
    }

    /// <summary>
    /// The issues linked to <paramref name="deleted"/>'s issue (or resolved as its duplicates) as it is deleted: each
    /// loses the link, and a duplicate its <c>duplicate_of</c>, through its own change (history line, version, event),
    /// saved after the deletion. The link rows go with the issue (the database cascades).
    /// </summary>
    public static async Task DeletingAsync(ApplicationDbContext db, IssueChange deleted, CancellationToken ct)
    {
        var id = deleted.Issue.Id;
        var links = await db.IssueLinks.AsNoTracking().Where(l => l.IssueId == id || l.TargetId == id).ToListAsync(ct);
        var otherIds = links.Select(l => l.IssueId == id ? l.TargetId : l.IssueId)
            .Union(await db.Issues.Where(i => i.DuplicateOfId == id).Select(i => i.Id).ToListAsync(ct))
            .Where(other => other != id).ToList();
        if (otherIds.Count == 0) return;
        var key = new IssueKey(await db.Spaces.Where(s => s.Id == deleted.Issue.SpaceId).Select(s => s.Key).SingleAsync(ct), deleted.Issue.Number).ToString();
        foreach (var other in await db.Issues.Where(i => otherIds.Contains(i.Id)).ToListAsync(ct))
        {
            var change = IssueChange.Of(db, other, deleted.ActorId, deleted.Now);
            foreach (var link in links.Where(l => l.IssueId == other.Id || l.TargetId == other.Id))
                change.Linked($"{Contracts.WireNames.Of(link.IssueId == id ? Reverse(link.Type) : Forward(link.Type))} {key}", added: false, deleted.Issue.SpaceId);
            // A duplicate stays resolved as a duplicate, of nothing any more.
            if (other.DuplicateOfId == id) change.SetResolution(other.Resolution, other.ResolutionNote, null);
            deleted.Also(change);
        }
    }

    private static async Task<(string, string)> KeysAsync(ApplicationDbContext db, Issue a, Issue b, CancellationToken ct)
    {
        var keys = await db.Spaces.Where(s => s.Id == a.SpaceId || s.Id == b.SpaceId).Select(s => new { s.Id, s.Key }).ToDictionaryAsync(s => s.Id, s => s.Key, ct);
        return (new IssueKey(keys[a.SpaceId], a.Number).ToString(), new IssueKey(keys[b.SpaceId], b.Number).ToString());
    }
}

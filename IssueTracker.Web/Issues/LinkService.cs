using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Issues;

/// <summary>
/// Links between issues (the OpenAPI document): relates to, duplicates, blocks, caused by, shown from both ends. A link to an
/// issue the reader cannot see is not shown at all, so a link never tells of an issue in another space.
/// </summary>
/// <remarks>
/// Errors: 404 for an issue or link the actor cannot see; 400 for a bad type or other end; 403 below member (adding
/// needs the member role in both spaces, removing in one of them); 409 for a link that exists.
/// </remarks>
public sealed class LinkService(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Both directions of the issue's links whose other end the actor may see, newest first; null when the issue is invisible.</summary>
    public async Task<IReadOnlyList<IssueLinkDto>?> ListAsync(Guid issueId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        var issue = await db.Issues.Where(i => i.Id == issueId).Select(i => new { i.SpaceId }).SingleOrDefaultAsync(ct);
        if (issue is null || (spaces is not null && !spaces.Contains(issue.SpaceId))) return null;

        IQueryable<IssueLink> outgoingLinks = db.IssueLinks.AsNoTracking().Where(l => l.IssueId == issueId);
        IQueryable<IssueLink> incomingLinks = db.IssueLinks.AsNoTracking().Where(l => l.TargetId == issueId);
        if (spaces is not null)
        {
            outgoingLinks = outgoingLinks.Where(l => spaces.Contains(l.Target.SpaceId));
            incomingLinks = incomingLinks.Where(l => spaces.Contains(l.Issue.SpaceId));
        }
        var outgoing = await outgoingLinks
            .Select(l => new Row(l.Id, l.Type, true,
                new IssueRef(l.Target.Id, new IssueKey(l.Target.Space.Key, l.Target.Number).ToString(), l.Target.Title, l.Target.Status),
                new UserRef(l.CreatedBy.Id, l.CreatedBy.DisplayName), l.CreatedAt))
            .ToListAsync(ct);
        var incoming = await incomingLinks
            .Select(l => new Row(l.Id, l.Type, false,
                new IssueRef(l.Issue.Id, new IssueKey(l.Issue.Space.Key, l.Issue.Number).ToString(), l.Issue.Title, l.Issue.Status),
                new UserRef(l.CreatedBy.Id, l.CreatedBy.DisplayName), l.CreatedAt))
            .ToListAsync(ct);
        return outgoing.Concat(incoming)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Select(r => new IssueLinkDto(r.Id, r.Outgoing ? IssueLinks.Forward(r.Type) : IssueLinks.Reverse(r.Type), r.Other, r.CreatedBy, r.CreatedAt))
            .ToList();
    }

    /// <summary>Links the issue to another (member role or above in both issues' spaces).</summary>
    public async Task<IssueLinkDto> AddAsync(Guid issueId, LinkRequest request, Guid actorId, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        if (request.Type is null) errors.Add("type", $"Type is required: one of {string.Join(", ", WireNames.All<IssueLinkType>())}.");
        if (request.IssueId is null) errors.Add("issue_id", "The issue to link is required.");
        errors.ThrowIfAny();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (change, _) = await IssueChange.LoadAsync(db, issueId, actorId, RoleRules.ChangeIssuesRole, "linking issues", clock.GetUtcNow().UtcDateTime, ct);
        var target = await IssueLinks.LoadTargetAsync(db, issueId, request.IssueId!.Value, actorId, "issue_id", ct);
        var link = await IssueLinks.AddAsync(db, change, target, request.Type!.Value, ct)
                   ?? throw new ConflictException("These issues are already linked that way.");
        await change.SaveAsync(ct);
        await tx.CommitAsync(ct);
        var key = await db.Spaces.Where(s => s.Id == target.SpaceId).Select(s => s.Key).SingleAsync(ct);
        var by = await db.Users.Where(u => u.Id == actorId).Select(u => u.DisplayName).SingleAsync(ct);
        return new IssueLinkDto(link.Id, IssueLinks.Forward(link.Type),
            new IssueRef(target.Id, new IssueKey(key, target.Number).ToString(), target.Title, target.Status),
            new UserRef(actorId, by), link.CreatedAt);
    }

    /// <summary>
    /// Removes one of the issue's links (either direction): the actor sees both ends and has the member role or above
    /// in at least one of their spaces (a wrong link can be taken away from either side).
    /// </summary>
    public async Task RemoveAsync(Guid issueId, Guid linkId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (change, role) = await IssueChange.LoadAsync(db, issueId, actorId, SpaceRole.Viewer, "unlinking issues", clock.GetUtcNow().UtcDateTime, ct);
        var link = await db.IssueLinks.SingleOrDefaultAsync(l => l.Id == linkId && (l.IssueId == issueId || l.TargetId == issueId), ct)
                   ?? throw new NotFoundException("Link");
        var otherId = link.IssueId == issueId ? link.TargetId : link.IssueId;
        var other = await db.Issues.SingleAsync(i => i.Id == otherId, ct);
        // A link to an issue the actor cannot see is not theirs to know of, so not theirs to remove.
        var otherRole = await Access.RoleInSpaceAsync(db, actorId, other.SpaceId, ct) ?? throw new NotFoundException("Link");
        if (role < RoleRules.ChangeIssuesRole && otherRole < RoleRules.ChangeIssuesRole)
            throw new ForbiddenException($"Removing a link needs the {Access.Describe(RoleRules.ChangeIssuesRole)} role in the space of one of its issues.");
        await IssueLinks.RemoveAsync(db, change, link, other, ct);
        await change.SaveAsync(ct);
        await tx.CommitAsync(ct);
    }

    private sealed record Row(Guid Id, IssueLinkType Type, bool Outgoing, IssueRef Other, UserRef CreatedBy, DateTime CreatedAt);
}

using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Issues;

/// <summary>
/// Issues: create, change, delete (here) and list, read, history (<c>IssueService.Queries.cs</c>). The only place their
/// rules live; the API and the UI call it. Every change goes through <see cref="IssueChange"/>.
/// </summary>
/// <remarks>
/// Errors: <see cref="NotFoundException"/> (404) for an issue or space the actor cannot see;
/// <see cref="ValidationException"/> (400) for bad fields; <see cref="ForbiddenException"/> (403) when the role is too
/// low; <see cref="PreconditionFailedException"/> (412) for a stale version; <see cref="ConflictException"/> (409) and
/// <see cref="UnprocessableException"/> (422) for idempotency keys in flight or reused.
/// </remarks>
public sealed partial class IssueService(IDbContextFactory<ApplicationDbContext> dbFactory, Idempotency idempotency, TimeProvider clock)
{
    private const string CreateOperation = "issues.create";

    /// <summary>
    /// Creates an issue reported by the actor (member role or above). With an <paramref name="idempotencyKey"/>, a
    /// retry returns the first result without creating anything.
    /// </summary>
    public async Task<CreateIssueResult> CreateAsync(CreateIssueRequest request, Guid actorId, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var (issue, replayed) = await idempotency.RunOnceAsync(actorId, idempotencyKey, CreateOperation, request,
            claim => CreateOnceAsync(request, actorId, claim, ct), ct);
        return new CreateIssueResult(issue, replayed);
    }

    private async Task<IssueDto> CreateOnceAsync(CreateIssueRequest request, Guid actorId, IdempotencyClaim? claim, CancellationToken ct)
    {
        var spaceId = IssueFields.ValidateCreate(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;

        // Everything that decides whether the create may happen is read before the write transaction: SQLite has one
        // writer, and none of these reads needs to hold its lock.
        var facts = await Access.ActorInSpaceAsync(db, actorId, spaceId, ct);
        // An unknown or invisible space in a body is a bad field, not a missing resource.
        if (facts?.Role is not { } role) throw new ValidationException("space_id", "Space does not exist.");
        Access.Require(role, RoleRules.ChangeIssuesRole, "Space", "creating issues");
        var fields = await IssueFields.ResolveCreateAsync(db, spaceId, request, ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One SaveChanges in our own transaction: a savepoint around it would be two more statements under the lock.
        db.Database.AutoSavepointsEnabled = false;
        // Inside the lock: the alert engine may open an issue for this alert at the same moment.
        if (fields.Alert is not null && await OpenIssueKeyOfAlertAsync(db, fields.Alert.Id, ct) is { } openKey)
            throw new ConflictException($"This alert already has an open issue, {openKey}; an alert has at most one open issue at a time.");

        var change = await IssueChange.CreateAsync(db, new Issue
        {
            SpaceId = spaceId,
            Title = fields.Title,
            Description = fields.Description,
            Status = IssueStatus.Open,
            Priority = fields.Priority,
            ProductId = fields.Product?.Id,
            AssigneeId = fields.Assignee?.Id,
            ReporterId = actorId,
            AlertId = fields.Alert?.Id,
        }, fields.Alert?.Title, now, ct, new EventNames(facts.SpaceKey!, facts.DisplayName));
        await change.SaveAsync(ct);
        // The answer is the read projection applied to what was just written (every part of it was read above), so a
        // create costs no read-back under the write lock.
        var written = Projections.ToIssueDto(change.Issue, new Space { Id = spaceId, Key = facts.SpaceKey!, Name = facts.SpaceName! },
            reporter: new ApplicationUser { Id = actorId, DisplayName = facts.DisplayName }, fields);
        var created = written with { Watching = true, Sla = SlaRules.At(written.SlaTimes, now) }; // the reporter watches it
        if (claim is not null) await idempotency.CompleteAsync(db, claim, created, ct);
        await tx.CommitAsync(ct);
        return created;
    }

    /// <summary>
    /// Applies a merge patch (member role or above). Each changed field writes one history line; a patch that changes
    /// nothing writes nothing and keeps <c>updated_at</c>. With <paramref name="expectedVersions"/> (If-Match: any one of
    /// them), a stale version is refused.
    /// </summary>
    public async Task<IssueDto> UpdateAsync(Guid id, UpdateIssueRequest patch, Guid actorId, IReadOnlyCollection<int>? expectedVersions = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (change, _) = await IssueChange.LoadAsync(db, id, actorId, RoleRules.ChangeIssuesRole, "changing issues", clock.GetUtcNow().UtcDateTime, ct);
        RequireVersion(change.Issue, expectedVersions);
        await IssueFields.ApplyPatchAsync(db, change, patch, ct);
        if (!change.HasChanges) return (await ForReaderAsync(db, [await Projections.IssueById.For(db)(db, id, ct)], actorId, ct))[0];

        await change.SaveAsync(ct);
        // Read inside the transaction: after commit another writer could already have moved the issue on, and the
        // caller must get the version this patch produced (its ETag).
        var updated = (await ForReaderAsync(db, [await Projections.IssueById.For(db)(db, id, ct)], actorId, ct))[0];
        await tx.CommitAsync(ct);
        return updated;
    }

    /// <summary>
    /// Applies one patch to many issues, each in its own transaction with its own rules, and reports each outcome
    /// (one refusal does not stop the others).
    /// </summary>
    public async Task<IReadOnlyList<BulkItemResult>> BulkUpdateAsync(IReadOnlyCollection<Guid> ids, UpdateIssueRequest patch, Guid actorId, CancellationToken ct = default)
    {
        var results = new List<BulkItemResult>(ids.Count);
        foreach (var id in ids)
        {
            try
            {
                var issue = await UpdateAsync(id, patch, actorId, expectedVersions: null, ct);
                results.Add(new BulkItemResult(id, issue.Key, Updated: true, Error: null));
            }
            catch (ServiceException e)
            {
                results.Add(new BulkItemResult(id, (await GetAsync(id, actorId, ct))?.Key, Updated: false, e.Message));
            }
        }
        return results;
    }

    // If-Match: any one of the versions named is enough (RFC 9110); none matching is a 412 carrying the current one.
    private static void RequireVersion(Issue issue, IReadOnlyCollection<int>? expected)
    {
        if (expected is null || expected.Contains(issue.Version)) return;
        throw new PreconditionFailedException("The issue has changed since you read it (If-Match does not match its ETag).") { CurrentVersion = issue.Version };
    }

    /// <summary>
    /// Deletes an issue with its comments and history: its reporter or a space admin. With
    /// <paramref name="expectedVersions"/> (If-Match), a stale version is refused.
    /// </summary>
    public async Task DeleteAsync(Guid id, Guid actorId, IReadOnlyCollection<int>? expectedVersions = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (change, role) = await IssueChange.LoadAsync(db, id, actorId, SpaceRole.Viewer, "deleting issues", clock.GetUtcNow().UtcDateTime, ct);
        if (!RoleRules.MayDeleteIssue(role, change.Issue.ReporterId, actorId)) throw new ForbiddenException("Only the issue's reporter or a space admin may delete it.");
        RequireVersion(change.Issue, expectedVersions);
        // Its words go with it (the change's consumers take the copies the feed and webhook deliveries made), and the
        // issues linked to it lose the link.
        await IssueLinks.DeletingAsync(db, change, ct);
        change.Delete();
        await change.SaveAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The key of the alert's open issue, if it has one: an alert has one open issue at a time.</summary>
    private static Task<string?> OpenIssueKeyOfAlertAsync(ApplicationDbContext db, Guid alertId, CancellationToken ct) =>
        db.Issues.Where(i => i.AlertId == alertId && i.Status != IssueStatus.Resolved)
            .Select(i => new IssueKey(i.Space.Key, i.Number).ToString())
            .FirstOrDefaultAsync(ct);
}

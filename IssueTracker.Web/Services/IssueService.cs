using System.Text.Json;
using IssueTracker.Web.Contracts;
using IssueTracker.Web.Data;
using IssueTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

/// <summary>
/// Issues: list, read, create, change, delete, history. The only place their rules live; the API and the UI call it.
/// </summary>
/// <remarks>
/// Errors: <see cref="NotFoundException"/> (404) for an issue or space the actor cannot see;
/// <see cref="ValidationException"/> (400) for bad fields; <see cref="ForbiddenException"/> (403) when the role is too
/// low; <see cref="PreconditionFailedException"/> (412) for a stale version; <see cref="ConflictException"/> (409) and
/// <see cref="UnprocessableException"/> (422) for idempotency keys in flight or reused.
/// </remarks>
public sealed class IssueService(IDbContextFactory<ApplicationDbContext> dbFactory, Idempotency idempotency, TimeProvider clock)
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 100_000;
    private const string CreateOperation = "issues.create";

    /// <summary>Issues the actor may see, filtered, sorted and paged.</summary>
    public async Task<PagedResult<IssueDto>> ListAsync(IssueQuery query, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(query.Page, query.Size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Order(await FilterAsync(db, query, actorId, ct), query).Select(Projections.Issue).ToPageAsync(query.Page, query.Size, ct);
    }

    /// <summary>The same list without descriptions: what a board column or list row shows.</summary>
    public async Task<PagedResult<IssueSummaryDto>> ListSummariesAsync(IssueQuery query, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(query.Page, query.Size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Order(await FilterAsync(db, query, actorId, ct), query).Select(Projections.IssueSummary).ToPageAsync(query.Page, query.Size, ct);
    }

    private static async Task<IQueryable<Issue>> FilterAsync(ApplicationDbContext db, IssueQuery query, Guid actorId, CancellationToken ct)
    {
        // Single values become plain equalities rather than IN lists: EF caches the SQL of such a query, whereas a
        // list parameter makes it generate the SQL again on every call (12% of a list's time in a profile).
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        var issues = db.Issues.AsNoTracking();
        if (query.SpaceId is { } spaceId)
        {
            if (spaces is not null && !spaces.Contains(spaceId)) return issues.Where(_ => false);
            issues = issues.Where(i => i.SpaceId == spaceId);
        }
        else if (spaces is not null) issues = issues.Where(i => spaces.Contains(i.SpaceId));
        if (query.ProductId is { } productId) issues = issues.Where(i => i.ProductId == productId);
        if (query.Statuses is [var status]) issues = issues.Where(i => i.Status == status);
        else if (query.Statuses is { Count: > 1 } statuses) issues = issues.Where(i => statuses.Contains(i.Status));
        if (query.Priorities is [var priority]) issues = issues.Where(i => i.Priority == priority);
        else if (query.Priorities is { Count: > 1 } priorities) issues = issues.Where(i => priorities.Contains(i.Priority));
        if (query.Unassigned) issues = issues.Where(i => i.AssigneeId == null);
        else if (query.AssigneeId is { } assigneeId) issues = issues.Where(i => i.AssigneeId == assigneeId);
        if (query.ReporterId is { } reporterId) issues = issues.Where(i => i.ReporterId == reporterId);
        if (query.AlertId is { } alertId) issues = issues.Where(i => i.AlertId == alertId);
        if (query.ResolvedSince is { } since) issues = issues.Where(i => i.Status != IssueStatus.Resolved || i.ResolvedAt >= since);
        if (!string.IsNullOrWhiteSpace(query.Q)) issues = IssueSearch.Apply(issues, db, query.Q);
        return issues;
    }

    private static IQueryable<Issue> Order(IQueryable<Issue> issues, IssueQuery query) =>
        // Id breaks ties so paging is stable when timestamps collide.
        (query.Sort, query.Descending) switch
        {
            (IssueSortField.CreatedAt, true) => issues.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id),
            (IssueSortField.CreatedAt, false) => issues.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id),
            (IssueSortField.Priority, true) => issues.OrderByDescending(i => i.Priority).ThenByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id),
            (IssueSortField.Priority, false) => issues.OrderBy(i => i.Priority).ThenByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id),
            (_, true) => issues.OrderByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id),
            (_, false) => issues.OrderBy(i => i.UpdatedAt).ThenBy(i => i.Id),
        };

    /// <summary>One issue, or null when it does not exist or the actor may not see it.</summary>
    public async Task<IssueDto?> GetAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (await VisibleAsync(db, actorId, ct)).Where(i => i.Id == id).Select(Projections.Issue).SingleOrDefaultAsync(ct);
    }

    /// <summary>One issue by its key (<c>CUST-42</c>), or null.</summary>
    public async Task<IssueDto?> GetByKeyAsync(string key, Guid actorId, CancellationToken ct = default)
    {
        var dash = key.LastIndexOf('-');
        if (dash <= 0 || !int.TryParse(key.AsSpan(dash + 1), out var number)) return null;
        var spaceKey = key[..dash].ToUpperInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (await VisibleAsync(db, actorId, ct))
            .Where(i => i.Space.Key == spaceKey && i.Number == number)
            .Select(Projections.Issue)
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// Creates an issue reported by the actor (member role or above). With an <paramref name="idempotencyKey"/>, a
    /// retry returns the first result without creating anything.
    /// </summary>
    public async Task<CreateIssueResult> CreateAsync(CreateIssueRequest request, Guid actorId, string? idempotencyKey = null, CancellationToken ct = default)
    {
        if (idempotencyKey is null) return new CreateIssueResult(await CreateCoreAsync(request, actorId, null, ct), Replayed: false);

        var earlier = await idempotency.ClaimAsync(actorId, idempotencyKey, CreateOperation, request, ct);
        if (earlier is not null) return new CreateIssueResult(JsonSerializer.Deserialize<IssueDto>(earlier)!, Replayed: true);
        try
        {
            return new CreateIssueResult(await CreateCoreAsync(request, actorId, idempotencyKey, ct), Replayed: false);
        }
        catch
        {
            await idempotency.ReleaseAsync(actorId, idempotencyKey, CancellationToken.None);
            throw;
        }
    }

    private async Task<IssueDto> CreateCoreAsync(CreateIssueRequest request, Guid actorId, string? idempotencyKey, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var title = ValidateTitle(request.Title, errors);
        var description = ValidateDescription(request.Description, errors);
        if (request.SpaceId is null) errors.Add("space_id", "Space is required.");
        errors.ThrowIfAny();
        var spaceId = request.SpaceId!.Value;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;

        // Everything that decides whether the create may happen and what it shows is read before the write
        // transaction: SQLite has one writer, and none of these reads needs to hold its lock. The role, the space and
        // the reporter come in one query.
        var facts = await Access.ActorInSpaceAsync(db, actorId, spaceId, ct);
        // An unknown or invisible space in a body is a bad field, not a missing resource.
        if (facts?.Role is not { } role) throw new ValidationException("space_id", "Space does not exist.");
        Access.Require(role, IssueRules.ChangeRole, "Space", "creating issues");
        var space = new NamedRef(spaceId, facts.SpaceName!);
        var reporter = new UserRef(actorId, facts.DisplayName);

        Alert? alert = null;
        if (request.AlertId is { } alertId)
        {
            alert = await db.Alerts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == alertId && a.SpaceId == spaceId, ct);
            if (alert is null) errors.Add("alert_id", "Alert does not exist in this space.");
        }

        var productId = request.ProductId ?? alert?.ProductId;
        NamedRef? product = null;
        if (productId is { } pid)
        {
            product = await db.Products.AsNoTracking().Where(p => p.Id == pid && p.SpaceId == spaceId).Select(p => new NamedRef(p.Id, p.Name)).SingleOrDefaultAsync(ct);
            if (product is null) errors.Add("product_id", "Product does not exist in this space.");
            else if (alert is not null && alert.ProductId != pid) errors.Add("product_id", "Product differs from the alert's product.");
        }

        UserRef? assignee = null;
        if (request.AssigneeId is { } assigneeId)
        {
            assignee = await FindMemberAsync(db, spaceId, assigneeId, ct);
            if (assignee is null) errors.Add("assignee_id", "Assignee is not a member of this space.");
        }
        errors.ThrowIfAny();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One SaveChanges in our own transaction: a savepoint around it would be two more statements under the lock.
        db.Database.AutoSavepointsEnabled = false;
        // Inside the lock: the alert engine may open an issue for this alert at the same moment.
        if (alert is not null && await AlertIssues.OpenIssueKeyAsync(db, alert.Id, ct) is { } openKey)
            throw new ConflictException($"This alert already has an open issue, {openKey}; an alert has at most one open issue at a time.");

        var issue = await IssueWrites.AddAsync(db, new Issue
        {
            SpaceId = spaceId,
            Title = title!,
            Description = description ?? "",
            Status = IssueStatus.Open,
            Priority = request.Priority ?? IssuePriority.Medium,
            ProductId = product?.Id,
            AssigneeId = assignee?.Id,
            ReporterId = actorId,
            AlertId = alert?.Id,
        }, alert?.Title, now, ct);

        var dto = new IssueDto(issue.Id, $"{facts.SpaceKey}-{issue.Number}", issue.Title, issue.Description, issue.Status, issue.Priority,
            space, product, assignee, reporter,
            alert is null ? null : new AlertRef(alert.Id, alert.Title, alert.Status),
            now, now, null, issue.Version);
        if (idempotencyKey is not null)
            await idempotency.CompleteAsync(db, actorId, idempotencyKey, 201, JsonSerializer.Serialize(dto), ct);

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return dto;
    }

    /// <summary>
    /// Applies a merge patch (member role or above). Each changed field writes one history line; a patch that changes
    /// nothing writes nothing and keeps <c>updated_at</c>. With <paramref name="expectedVersion"/> (If-Match), a stale
    /// version is refused.
    /// </summary>
    public async Task<IssueDto> UpdateAsync(Guid id, UpdateIssueRequest patch, Guid actorId, int? expectedVersion = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var issue = await db.Issues.SingleOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFoundException("Issue");
        var role = await Access.RoleInSpaceAsync(db, actorId, issue.SpaceId, ct);
        Access.Require(role, IssueRules.ChangeRole, "Issue", "changing issues");
        if (expectedVersion is { } expected && expected != issue.Version)
            throw new PreconditionFailedException("The issue has changed since you read it (If-Match does not match its ETag).");

        var errors = new ValidationErrors();
        var now = clock.GetUtcNow().UtcDateTime;
        var changes = new List<Action>();

        if (patch.Title.IsSet)
        {
            var title = ValidateTitle(patch.Title.Value, errors);
            if (title is not null && title != issue.Title)
            {
                var old = issue.Title;
                changes.Add(() => { issue.Title = title; History.Add(db, id, IssueEventKind.TitleChanged, old, title, actorId, now); });
            }
        }
        if (patch.Description.IsSet)
        {
            var description = ValidateDescription(patch.Description.Value, errors) ?? "";
            if (description != issue.Description)
            {
                var old = issue.Description;
                changes.Add(() => { issue.Description = description; History.Add(db, id, IssueEventKind.DescriptionChanged, NullIfEmpty(old), NullIfEmpty(description), actorId, now); });
            }
        }
        if (patch.Status.IsSet)
        {
            if (patch.Status.Value is not { } status) errors.Add("status", "Status cannot be null.");
            else if (status != issue.Status) changes.Add(() => IssueWrites.SetStatus(db, issue, status, actorId, now));
        }
        if (patch.Priority.IsSet)
        {
            if (patch.Priority.Value is not { } priority) errors.Add("priority", "Priority cannot be null.");
            else if (priority != issue.Priority)
            {
                var old = issue.Priority;
                changes.Add(() => { issue.Priority = priority; History.Add(db, id, IssueEventKind.PriorityChanged, History.Value(old), History.Value(priority), actorId, now); });
            }
        }
        if (patch.AssigneeId.IsSet && patch.AssigneeId.Value != issue.AssigneeId)
        {
            UserRef? assignee = null;
            if (patch.AssigneeId.Value is { } assigneeId)
            {
                assignee = await FindMemberAsync(db, issue.SpaceId, assigneeId, ct);
                if (assignee is null) errors.Add("assignee_id", "Assignee is not a member of this space.");
            }
            var oldName = issue.AssigneeId is { } oldId ? await UserNameAsync(db, oldId, ct) : null;
            changes.Add(() => { issue.AssigneeId = assignee?.Id; History.Add(db, id, IssueEventKind.AssigneeChanged, oldName, assignee?.Name, actorId, now); });
        }
        if (patch.ProductId.IsSet && patch.ProductId.Value != issue.ProductId)
        {
            NamedRef? product = null;
            if (patch.ProductId.Value is { } productId)
            {
                product = await db.Products.Where(p => p.Id == productId && p.SpaceId == issue.SpaceId).Select(p => new NamedRef(p.Id, p.Name)).SingleOrDefaultAsync(ct);
                if (product is null) errors.Add("product_id", "Product does not exist in this space.");
            }
            var oldName = issue.ProductId is { } oldId ? await db.Products.Where(p => p.Id == oldId).Select(p => p.Name).SingleOrDefaultAsync(ct) : null;
            changes.Add(() => { issue.ProductId = product?.Id; History.Add(db, id, IssueEventKind.ProductChanged, oldName, product?.Name, actorId, now); });
        }
        errors.ThrowIfAny();

        if (changes.Count == 0) return await db.Issues.Where(i => i.Id == id).Select(Projections.Issue).SingleAsync(ct);

        foreach (var change in changes) change();
        IssueWrites.Touch(issue, now);
        await SaveAsync(db, ct);
        // Read inside the transaction: after commit another writer could already have moved the issue on, and the
        // caller must get the version this patch produced (its ETag).
        var updated = await db.Issues.Where(i => i.Id == id).Select(Projections.Issue).SingleAsync(ct);
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
                var issue = await UpdateAsync(id, patch, actorId, expectedVersion: null, ct);
                results.Add(new BulkItemResult(id, issue.Key, Updated: true, Error: null));
            }
            catch (ServiceException e)
            {
                results.Add(new BulkItemResult(id, await KeyOfAsync(id, actorId, ct), Updated: false, e.Message));
            }
        }
        return results;
    }

    private async Task<string?> KeyOfAsync(Guid id, Guid actorId, CancellationToken ct) => (await GetAsync(id, actorId, ct))?.Key;

    /// <summary>Deletes an issue with its comments and history: its reporter or a space admin.</summary>
    public async Task DeleteAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var issue = await db.Issues.Where(i => i.Id == id).Select(i => new { i.SpaceId, i.ReporterId }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Issue");
        var role = Access.Require(await Access.RoleInSpaceAsync(db, actorId, issue.SpaceId, ct), SpaceRole.Viewer, "Issue", "deleting issues");
        if (!IssueRules.MayDelete(role, issue.ReporterId, actorId)) throw new ForbiddenException("Only the issue's reporter or a space admin may delete it.");
        await db.Issues.Where(i => i.Id == id).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The issue's history, oldest first; null when the actor may not see the issue.</summary>
    public async Task<PagedResult<HistoryEntryDto>?> HistoryAsync(Guid id, int page, int size, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(page, size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await (await VisibleAsync(db, actorId, ct)).AnyAsync(i => i.Id == id, ct)) return null;
        return await db.IssueEvents.Where(e => e.IssueId == id)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .Select(Projections.HistoryEntry)
            .ToPageAsync(page, size, ct);
    }

    /// <summary>The newest <paramref name="count"/> history entries, oldest first, with the total; null when invisible.</summary>
    public async Task<PagedResult<HistoryEntryDto>?> LatestHistoryAsync(Guid id, int count, Guid actorId, CancellationToken ct = default)
    {
        Paging.ValidateLatest(count);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await (await VisibleAsync(db, actorId, ct)).AnyAsync(i => i.Id == id, ct)) return null;
        return await db.IssueEvents.Where(e => e.IssueId == id)
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Select(Projections.HistoryEntry)
            .ToLatestAsync(count, ct);
    }

    /// <summary>The issues of the spaces the actor may see.</summary>
    internal static async Task<IQueryable<Issue>> VisibleAsync(ApplicationDbContext db, Guid actorId, CancellationToken ct)
    {
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        return spaces is null ? db.Issues.AsNoTracking() : db.Issues.AsNoTracking().Where(i => spaces.Contains(i.SpaceId));
    }

    /// <summary>Saves, turning a lost optimistic-concurrency race (another writer on another instance) into a 409.</summary>
    internal static async Task SaveAsync(ApplicationDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The issue was changed by someone else at the same time; reload and try again.");
        }
    }

    private static string? ValidateTitle(string? raw, ValidationErrors errors)
    {
        var title = raw?.Trim();
        if (string.IsNullOrEmpty(title)) { errors.Add("title", "Title is required."); return null; }
        if (title.Length > MaxTitleLength) { errors.Add("title", $"Title must be at most {MaxTitleLength} characters."); return null; }
        return title;
    }

    private static string? ValidateDescription(string? description, ValidationErrors errors)
    {
        if (description is { Length: > MaxDescriptionLength })
            errors.Add("description", $"Description must be at most {MaxDescriptionLength:N0} characters.");
        return description;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static Task<UserRef?> FindMemberAsync(ApplicationDbContext db, Guid spaceId, Guid userId, CancellationToken ct) =>
        db.SpaceMembers.Where(m => m.SpaceId == spaceId && m.UserId == userId)
            .Select(m => new UserRef(m.User.Id, m.User.DisplayName))
            .SingleOrDefaultAsync(ct);

    private static Task<string?> UserNameAsync(ApplicationDbContext db, Guid userId, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
}

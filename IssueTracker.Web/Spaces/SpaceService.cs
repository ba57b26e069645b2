using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Spaces;

/// <summary>
/// Spaces and their members. Instance admins create spaces; space admins manage members. A space always keeps at
/// least one admin. Someone who stops being an admin of a space stops its webhooks they had sending
/// (<see cref="WebhookAuthority"/>).
/// </summary>
/// <remarks>Errors: 404 for a space the actor cannot see (or an unknown user in a member path); 400 for bad fields
/// and duplicate keys; 403 when the actor is not an admin of the space; 409 when a change would leave no admin.</remarks>
public sealed class SpaceService(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxNameLength = FieldLimits.Name;
    public const int MaxDescriptionLength = FieldLimits.SpaceDescription;

    /// <summary>The spaces a picker offers: those the actor can see, not archived.</summary>
    public Task<PagedResult<SpaceDto>> ListAsync(int page, int size, Guid actorId, CancellationToken ct = default) =>
        ListAsync(new SpaceListQuery(), page, size, actorId, ct);

    /// <summary>
    /// The spaces the actor can see, by key. Archived ones only with <c>Archived = true</c>; a lookup by key finds the
    /// space either way unless <c>Archived</c> says which (so create-if-missing never trips on an archived key).
    /// </summary>
    public async Task<PagedResult<SpaceDto>> ListAsync(SpaceListQuery query, int page, int size, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(page, size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var isAdmin = await Access.IsAdminAsync(db, actorId, ct);
        var spaces = Visible(db, isAdmin, actorId);
        if (query.Key is { } key)
        {
            var wanted = key.Trim().ToUpperInvariant();
            spaces = spaces.Where(s => s.Key == wanted);
        }
        var archived = query.Archived ?? (query.Key is null ? false : null);
        if (archived is { } only) spaces = spaces.Where(s => (s.ArchivedAt != null) == only);
        return await Project(db, spaces, isAdmin, actorId).ToPageAsync(page, size, ct);
    }

    /// <summary>One space, archived or not; null when the actor may not see it.</summary>
    public async Task<SpaceDto?> GetAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var isAdmin = await Access.IsAdminAsync(db, actorId, ct);
        return await Project(db, Visible(db, isAdmin, actorId).Where(s => s.Id == id), isAdmin, actorId).SingleOrDefaultAsync(ct);
    }

    /// <summary>Renames a space or changes its description (space admins).</summary>
    public async Task<SpaceDto> UpdateAsync(Guid id, UpdateSpaceRequest patch, Guid actorId, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var name = patch.Name.IsSet ? TextRules.Line(patch.Name.Value, "name", "Name", MaxNameLength, errors) : null;
        var description = patch.Description.IsSet ? TextRules.Text(patch.Description.Value?.Trim(), "description", "Description", MaxDescriptionLength, errors) : null;
        errors.ThrowIfAny();
        return await ChangeAsync(id, actorId, "changing the space", space =>
        {
            if (name is not null) space.Name = name;
            if (patch.Description.IsSet) space.Description = description;
        }, ct);
    }

    /// <summary>Archives a space (hidden from pickers and default lists; its issues stay as they are) or brings it back (space admins).</summary>
    public Task<SpaceDto> SetArchivedAsync(Guid id, bool archived, Guid actorId, CancellationToken ct = default) =>
        ChangeAsync(id, actorId, archived ? "archiving the space" : "unarchiving the space",
            space => space.ArchivedAt = archived ? space.ArchivedAt ?? clock.GetUtcNow().UtcDateTime : null, ct);

    private async Task<SpaceDto> ChangeAsync(Guid id, Guid actorId, string action, Action<Space> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var role = await Access.RoleInSpaceAsync(db, actorId, id, ct);
        Access.Require(role, RoleRules.ManageSpaceRole, "Space", action);
        var space = await db.Spaces.SingleAsync(s => s.Id == id, ct);
        change(space);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new SpaceDto(space.Id, space.Key, space.Name, role!.Value, space.CreatedAt, space.Description, space.ArchivedAt);
    }

    /// <summary>Creates a space (instance admins only); its creator becomes its admin.</summary>
    public async Task<SpaceDto> CreateAsync(CreateSpaceRequest request, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await Access.IsAdminAsync(db, actorId, ct)) throw new ForbiddenException("Only an administrator may create spaces.");

        var errors = new ValidationErrors();
        var name = TextRules.Line(request.Name, "name", "Name", MaxNameLength, errors);
        var key = request.Key?.Trim();
        var description = TextRules.Text(request.Description?.Trim(), "description", "Description", MaxDescriptionLength, errors);
        if (string.IsNullOrEmpty(key)) errors.Add("key", "Key is required.");
        else if (!IssueKey.SpaceKeyPattern().IsMatch(key)) errors.Add("key", "Key must be 2 to 10 upper-case letters or digits, starting with a letter.");
        errors.ThrowIfAny();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.Spaces.AnyAsync(s => s.Key == key, ct)) throw KeyTaken(key!);
        var now = clock.GetUtcNow().UtcDateTime;
        var space = new Space { Id = Ids.New(now), Key = key!, Name = name!, Description = description, CreatedAt = now };
        db.Spaces.Add(space);
        db.SpaceMembers.Add(new SpaceMember { SpaceId = space.Id, UserId = actorId, Role = SpaceRole.Admin, CreatedAt = now });
        AccessEvents.Add(db, actorId, actorId, now, space.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // Another space took the key between the check and this write (writers run side by side on PostgreSQL).
            throw KeyTaken(space.Key);
        }
        await tx.CommitAsync(ct);
        return new SpaceDto(space.Id, space.Key, space.Name, SpaceRole.Admin, space.CreatedAt, space.Description, space.ArchivedAt);
    }

    private static ConflictException KeyTaken(string key) => new($"Key '{key}' is already used by another space.");

    /// <summary>The space's alert settings (its products inherit them) and their effect; null when invisible.</summary>
    public async Task<AlertPolicyDto?> GetAlertPolicyAsync(Guid spaceId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await Access.RoleInSpaceAsync(db, actorId, spaceId, ct) is null) return null;
        var space = await db.Spaces.AsNoTracking().SingleAsync(s => s.Id == spaceId, ct);
        return AlertPolicies.ToDto(space.AlertPolicy, AlertPolicies.Resolve(space.AlertPolicy, null));
    }

    /// <summary>Replaces the space's alert settings (space admins).</summary>
    public async Task<AlertPolicyDto> SetAlertPolicyAsync(Guid spaceId, AlertPolicyDto settings, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Access.Require(await Access.RoleInSpaceAsync(db, actorId, spaceId, ct), RoleRules.ManageSpaceRole, "Space", "changing alert settings");
        var space = await db.Spaces.SingleAsync(s => s.Id == spaceId, ct);
        var errors = new ValidationErrors();
        await AlertPolicies.ValidateAssigneeAsync(db, spaceId, settings.DefaultAssigneeId, errors, ct);
        AlertPolicies.Apply(settings, space.AlertPolicy, errors);
        errors.ThrowIfAny();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return AlertPolicies.ToDto(space.AlertPolicy, AlertPolicies.Resolve(space.AlertPolicy, null));
    }

    /// <summary>Members of a space, by name; null when the actor may not see the space.</summary>
    public async Task<PagedResult<MemberDto>?> ListMembersAsync(Guid spaceId, int page, int size, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(page, size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await Access.RoleInSpaceAsync(db, actorId, spaceId, ct) is null) return null;
        return await db.SpaceMembers.Where(m => m.SpaceId == spaceId)
            .OrderBy(m => m.User.DisplayName).ThenBy(m => m.UserId)
            .Select(m => new MemberDto(m.UserId, m.User.DisplayName, Avatars.Url(m.UserId), m.Role, m.User.DeactivatedAt == null))
            .ToPageAsync(page, size, ct);
    }

    /// <summary>Adds a user to a space or changes their role (space admins).</summary>
    public async Task<MemberDto> SetMemberRoleAsync(Guid spaceId, Guid userId, SetMemberRoleRequest request, Guid actorId, CancellationToken ct = default)
    {
        if (request.Role is not { } role) throw new ValidationException("role", "Role is required: viewer, member or admin.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Access.Require(await Access.RoleInSpaceAsync(db, actorId, spaceId, ct), RoleRules.ManageSpaceRole, "Space", "managing members");
        var user = await db.Users.Where(u => u.Id == userId).Select(u => new { u.Id, u.DisplayName, u.IsSystem, u.DeactivatedAt }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("User");
        // The Quality monitor acts by the alert rules, never by a role; a deactivated person joins nothing.
        if (user.IsSystem) throw new ValidationException("user_id", "The Quality monitor cannot be a member of a space.");
        if (user.DeactivatedAt is not null) throw new ValidationException("user_id", "This person is deactivated; reactivate them first.");

        var member = await db.SpaceMembers.SingleOrDefaultAsync(m => m.SpaceId == spaceId && m.UserId == userId, ct);
        var changed = member is null || member.Role != role;
        if (member is null)
            db.SpaceMembers.Add(new SpaceMember { SpaceId = spaceId, UserId = userId, Role = role, CreatedAt = clock.GetUtcNow().UtcDateTime });
        else if (member.Role != role)
        {
            if (member.Role == SpaceRole.Admin) await EnsureAnotherAdminAsync(db, spaceId, userId, ct);
            member.Role = role;
        }
        if (changed) AccessEvents.Add(db, userId, actorId, clock.GetUtcNow().UtcDateTime, spaceId);
        await db.SaveChangesAsync(ct);
        await WebhookAuthority.StopWhereLostAsync(db, userId, spaceId, clock.GetUtcNow().UtcDateTime, ct);
        await tx.CommitAsync(ct);
        return new MemberDto(user.Id, user.DisplayName, Avatars.Url(user.Id), role, Active: true);
    }

    /// <summary>
    /// Removes a member (space admins). Their issues keep them as reporter and lose them as assignee, in the same
    /// transaction, each with its history line by the admin who removed them.
    /// </summary>
    public async Task RemoveMemberAsync(Guid spaceId, Guid userId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Access.Require(await Access.RoleInSpaceAsync(db, actorId, spaceId, ct), RoleRules.ManageSpaceRole, "Space", "managing members");
        var member = await db.SpaceMembers.SingleOrDefaultAsync(m => m.SpaceId == spaceId && m.UserId == userId, ct)
            ?? throw new NotFoundException("Member");
        if (member.Role == SpaceRole.Admin) await EnsureAnotherAdminAsync(db, spaceId, userId, ct);
        db.SpaceMembers.Remove(member);
        AccessEvents.Add(db, userId, actorId, clock.GetUtcNow().UtcDateTime, spaceId);
        await IssueChange.UnassignAsync(db, userId, spaceId, actorId, clock.GetUtcNow().UtcDateTime, ct);
        await db.SaveChangesAsync(ct);
        await WebhookAuthority.StopWhereLostAsync(db, userId, spaceId, clock.GetUtcNow().UtcDateTime, ct);
        await tx.CommitAsync(ct);
    }

    private static async Task EnsureAnotherAdminAsync(ApplicationDbContext db, Guid spaceId, Guid userId, CancellationToken ct)
    {
        if (!await db.SpaceMembers.AnyAsync(m => m.SpaceId == spaceId && m.UserId != userId && m.Role == SpaceRole.Admin, ct))
            throw new ConflictException("A space must keep at least one admin; make someone else an admin first.");
    }

    /// <summary>The spaces the actor may see, ordered by key, with the actor's role in each.</summary>
    // Instance admins see every space; anyone else the spaces they are a member of.
    private static IQueryable<Space> Visible(ApplicationDbContext db, bool isAdmin, Guid actorId) =>
        isAdmin ? db.Spaces.AsNoTracking() : db.Spaces.AsNoTracking().Where(s => s.Members.Any(m => m.UserId == actorId));

    private static IQueryable<SpaceDto> Project(ApplicationDbContext db, IQueryable<Space> spaces, bool isAdmin, Guid actorId) =>
        isAdmin
            ? spaces.OrderBy(s => s.Key).Select(s => new SpaceDto(s.Id, s.Key, s.Name, SpaceRole.Admin, s.CreatedAt, s.Description, s.ArchivedAt))
            : spaces.OrderBy(s => s.Key).Select(s => new SpaceDto(s.Id, s.Key, s.Name,
                db.SpaceMembers.Where(m => m.SpaceId == s.Id && m.UserId == actorId).Select(m => m.Role).First(), s.CreatedAt, s.Description, s.ArchivedAt));
}

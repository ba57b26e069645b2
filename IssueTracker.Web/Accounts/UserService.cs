using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Accounts;

/// <summary>People: the caller, the members one can assign, provisioning, handles and deactivation by admins, avatars.</summary>
/// <remarks>Errors: 400 for bad fields (including Identity's password rules, a taken email or handle); 403 for
/// non-admins managing people; 404 for an unknown person; 409 for deactivating oneself or the Quality monitor.</remarks>
// identityDb: the scope's context, the one Identity's user store saves through; an access change added to it is saved
// in the same transaction as the person's row.
public sealed class UserService(
    IDbContextFactory<ApplicationDbContext> dbFactory, UserManager<ApplicationUser> userManager, ApplicationDbContext identityDb, TimeProvider clock)
{
    public const int MaxNameLength = FieldLimits.Name;
    public async Task<MeDto?> GetMeAsync(Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == actorId)
            .Select(u => new { u.Id, u.DisplayName, u.Handle, u.Email, u.IsAdmin }).SingleOrDefaultAsync(ct);
        if (user is null) return null;
        var spaces = user.IsAdmin
            ? await db.Spaces.OrderBy(s => s.Key).Select(s => new MySpaceDto(s.Id, s.Key, s.Name, Domain.SpaceRole.Admin)).ToListAsync(ct)
            : await db.SpaceMembers.Where(m => m.UserId == actorId).OrderBy(m => m.Space.Key)
                .Select(m => new MySpaceDto(m.SpaceId, m.Space.Key, m.Space.Name, m.Role)).ToListAsync(ct);
        return new MeDto(user.Id, user.DisplayName, user.Handle ?? "", user.Email ?? "", Avatars.Url(user.Id), user.IsAdmin, spaces);
    }

    /// <summary>Members of a space (for assignment), or everyone who shares a space with the actor.</summary>
    public async Task<PagedResult<PersonDto>> ListAsync(Guid? spaceId, int page, int size, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(page, size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        IQueryable<ApplicationUser> users;
        if (spaceId is { } sid)
        {
            var visible = spaces is null || spaces.Contains(sid);
            users = db.Users.Where(u => visible && db.SpaceMembers.Any(m => m.SpaceId == sid && m.UserId == u.Id));
        }
        else
        {
            users = spaces is null
                ? db.Users.Where(u => !u.IsSystem)
                : db.Users.Where(u => u.Id == actorId || db.SpaceMembers.Any(m => m.UserId == u.Id && spaces.Contains(m.SpaceId)));
        }
        return await users.AsNoTracking().OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new PersonDto(u.Id, u.DisplayName, Avatars.Url(u.Id), u.DeactivatedAt == null))
            .ToPageAsync(page, size, ct);
    }

    /// <summary>The active people of <see cref="ListAsync"/>, for a picker: who may be assigned, or added to a space.</summary>
    public async Task<IReadOnlyList<UserSummaryDto>> ActivePeopleAsync(Guid? spaceId, Guid actorId, CancellationToken ct = default) =>
        [.. (await ListAsync(spaceId, 1, PageRequest.MaxSize, actorId, ct)).Items.Where(p => p.Active).Select(p => new UserSummaryDto(p.Id, p.Name, p.AvatarUrl))];

    /// <summary>
    /// Who can be mentioned on the space's issues (the people who can see it: its members and instance admins, active,
    /// with a handle), by handle; empty when the actor cannot see the space. What the editor offers after <c>@</c>, and
    /// which mentions render as chips.
    /// </summary>
    public async Task<IReadOnlyList<MentionableDto>> MentionablesAsync(Guid spaceId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        if (spaces is not null && !spaces.Contains(spaceId)) return [];
        return await db.Users.AsNoTracking()
            .Where(u => u.Handle != null && u.DeactivatedAt == null && !u.IsSystem && (u.IsAdmin || db.SpaceMembers.Any(m => m.SpaceId == spaceId && m.UserId == u.Id)))
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new MentionableDto(u.Id, u.DisplayName, u.Handle!, Avatars.Url(u.Id)))
            .ToListAsync(ct);
    }

    /// <summary>Every person (not the built-in ones), active first, for an instance admin.</summary>
    public async Task<PagedResult<UserDto>> ListAllAsync(int page, int size, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(page, size);
        await RequireAdminAsync(actorId, "manage people", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => !u.IsSystem)
            .OrderBy(u => u.DeactivatedAt != null).ThenBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new UserDto(u.Id, u.DisplayName, u.Handle ?? "", u.Email ?? "", Avatars.Url(u.Id), u.IsAdmin, u.DeactivatedAt == null))
            .ToPageAsync(page, size, ct);
    }

    /// <summary>Provisions a user who can sign in at once (instance admins only).</summary>
    public async Task<UserDto> CreateAsync(CreateUserRequest request, Guid actorId, CancellationToken ct = default)
    {
        await RequireAdminAsync(actorId, "create users", ct);
        return await CreateUserAsync(request, isAdmin: false, ct);
    }

    /// <summary>Sets a person's handle: an instance admin for anyone, anyone for themselves.</summary>
    public async Task<UserDto> UpdateAsync(Guid userId, UpdateUserRequest request, Guid actorId, CancellationToken ct = default)
    {
        if (userId != actorId) await RequireAdminAsync(actorId, "change other people", ct);
        var handle = request.Handle?.Trim();
        if (Handles.Problem(handle) is { } problem) throw new ValidationException("handle", problem);
        var user = await FindPersonAsync(userId);
        if (user.Handle != handle)
        {
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                if (await db.Users.AnyAsync(u => u.Handle == handle && u.Id != userId, ct))
                    throw new ValidationException("handle", $"The handle '{handle}' is taken.");
            }
            user.Handle = handle;
            Succeeded(await userManager.UpdateAsync(user));
        }
        return ToDto(user);
    }

    /// <summary>
    /// Cuts a person off (instance admins): they cannot sign in, each of their tokens answers 401 at once, and their
    /// open sessions end at the next revalidation (within a minute), because the security stamp changes.
    /// </summary>
    public async Task DeactivateAsync(Guid userId, Guid actorId, CancellationToken ct = default)
    {
        await RequireAdminAsync(actorId, "deactivate people", ct);
        if (userId == actorId) throw new ConflictException("You cannot deactivate yourself; ask another administrator.");
        var user = await FindPersonAsync(userId);
        if (user.DeactivatedAt is not null) return;
        user.DeactivatedAt = clock.GetUtcNow().UtcDateTime;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        // Committed with the person's row: an instance that keeps their token (AccessCache) stops using it at that commit.
        AccessEvents.Add(identityDb, userId, actorId, user.DeactivatedAt.Value);
        Succeeded(await userManager.UpdateSecurityStampAsync(user));
        await StopWebhooksAsync(userId, ct);
    }

    // After the person's own row is saved (through Identity's store), so the rules read them as gone: their webhooks
    // stop (the sender asks again before every send, so nothing goes out in between). Their open streams and pages
    // heard of it from the access change saved with that row.
    private async Task StopWebhooksAsync(Guid userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await WebhookAuthority.StopWhereLostAsync(db, userId, spaceId: null, clock.GetUtcNow().UtcDateTime, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Ends every session of a person (signing out does this): a new security stamp fails their other cookies at the
    /// next check, and their open streams and pages hear of it at once.
    /// </summary>
    public async Task EndSessionsAsync(ApplicationUser user, CancellationToken ct = default)
    {
        Succeeded(await userManager.UpdateSecurityStampAsync(user));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        AccessEvents.Add(db, user.Id, user.Id, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Lets a deactivated person back in (instance admins); their tokens work again, old sessions stay ended.</summary>
    public async Task ReactivateAsync(Guid userId, Guid actorId, CancellationToken ct = default)
    {
        await RequireAdminAsync(actorId, "reactivate people", ct);
        var user = await FindPersonAsync(userId);
        if (user.DeactivatedAt is null) return;
        user.DeactivatedAt = null;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        AccessEvents.Add(identityDb, userId, actorId, clock.GetUtcNow().UtcDateTime);
        Succeeded(await userManager.UpdateSecurityStampAsync(user));
    }

    /// <summary>
    /// Deletes a person's account at their request. What they did stays (history, comments, issues they reported) and
    /// names "Deleted user": the row is kept without anything that identifies them or lets anyone sign in as them, and
    /// they leave their spaces, their assignments (with history), tokens and sign-in methods.
    /// </summary>
    public async Task DeleteAccountAsync(Guid userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await IssueChange.UnassignAsync(db, userId, spaceId: null, userId, now, ct);
            await db.SpaceMembers.Where(m => m.UserId == userId).ExecuteDeleteAsync(ct);
            await db.PersonalAccessTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
            await db.IdempotencyRecords.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
            await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(ct);
            await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
            await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
            await db.UserPasskeys.Where(p => p.UserId == userId).ExecuteDeleteAsync(ct);
            // In the transaction that takes the spaces and tokens away: an instance keeping them (AccessCache) stops at its commit.
            AccessEvents.Add(db, userId, userId, now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        var user = await FindPersonAsync(userId);
        var anonymous = $"deleted-{userId:N}@deleted.invalid";
        user.DisplayName = DeletedUserName;
        user.UserName = user.Email = anonymous;
        user.Handle = $"deleted-{userId:N}"[..Handles.MaxLength];
        user.EmailConfirmed = false;
        user.PasswordHash = null;
        user.PhoneNumber = null;
        user.TwoFactorEnabled = false;
        user.IsAdmin = false;
        user.DeactivatedAt = now;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        await userManager.UpdateNormalizedEmailAsync(user);
        await userManager.UpdateNormalizedUserNameAsync(user);
        // The person's admin role and activity end here, with this save: an instance keeping their spaces stops then.
        AccessEvents.Add(identityDb, userId, userId, now);
        Succeeded(await userManager.UpdateSecurityStampAsync(user));
        await StopWebhooksAsync(userId, ct);
    }

    public const string DeletedUserName = "Deleted user";

    /// <summary>Whether the person may still act (exists and is not deactivated); what open sessions re-check.</summary>
    public async Task<bool> IsActiveAsync(Guid userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AnyAsync(u => u.Id == userId && u.DeactivatedAt == null, ct);
    }

    private async Task RequireAdminAsync(Guid actorId, string action, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await Access.IsAdminAsync(db, actorId, ct)) throw new ForbiddenException($"Only an administrator may {action}.");
    }

    // People only: the Quality monitor is not managed here.
    private async Task<ApplicationUser> FindPersonAsync(Guid userId) =>
        await userManager.FindByIdAsync(userId.ToString()) is { IsSystem: false } user ? user : throw new NotFoundException("User");

    private static void Succeeded(IdentityResult result)
    {
        if (!result.Succeeded) throw new ConflictException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private static UserDto ToDto(ApplicationUser user) =>
        new(user.Id, user.DisplayName, user.Handle ?? "", user.Email ?? "", Avatars.Url(user.Id), user.IsAdmin, user.DeactivatedAt is null);

    /// <summary>
    /// Creates a user: confirmed when an admin, the bootstrap or demo data adds them; unconfirmed (cannot sign in until
    /// they follow the emailed link) when they registered themselves.
    /// </summary>
    internal async Task<UserDto> CreateUserAsync(CreateUserRequest request, bool isAdmin, CancellationToken ct, bool confirmed = true)
    {
        var errors = new ValidationErrors();
        var email = request.Email?.Trim();
        if (string.IsNullOrEmpty(email)) errors.Add("email", "Email is required.");
        else if (!new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email) || email.Length > 256)
            errors.Add("email", "Email is not a valid address.");
        var name = TextRules.Line(request.Name, "name", "Name", MaxNameLength, errors);
        if (string.IsNullOrEmpty(request.Password)) errors.Add("password", "Password is required.");
        errors.ThrowIfAny();

        if (await userManager.FindByEmailAsync(email!) is not null)
            throw new ValidationException("email", "A user with this email already exists.");
        string handle;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            handle = await Handles.UniqueAsync(db, Handles.FromEmail(email!), ct);
        var user = new ApplicationUser
        {
            Id = Guid.CreateVersion7(),
            Handle = handle,
            UserName = email,
            Email = email,
            EmailConfirmed = confirmed,
            DisplayName = name!,
            IsAdmin = isAdmin,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var result = await userManager.CreateAsync(user, request.Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                errors.Add(error.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email", error.Description);
            errors.ThrowIfAny();
        }
        return ToDto(user);
    }

    /// <summary>
    /// A person's generated avatar (it carries their name), for someone who may know of them: themselves, an instance
    /// admin, or anyone sharing a space with them; the built-in Quality monitor's for everyone. Null otherwise.
    /// </summary>
    public async Task<string?> GetAvatarSvgAsync(Guid userId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        var users = db.Users.Where(u => u.Id == userId);
        if (spaces is not null)
            users = users.Where(u => u.IsSystem || u.Id == actorId || db.SpaceMembers.Any(m => m.UserId == u.Id && spaces.Contains(m.SpaceId)));
        var name = await users.Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        return name is null ? null : Avatars.Svg(userId, name);
    }
}

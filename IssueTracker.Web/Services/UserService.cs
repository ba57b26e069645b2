using IssueTracker.Web.Contracts;
using IssueTracker.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

/// <summary>People: the caller, the members one can assign, provisioning by admins, avatars.</summary>
/// <remarks>Errors: 400 for bad fields (including Identity's password rules and a taken email); 403 for non-admins
/// provisioning users.</remarks>
public sealed class UserService(IDbContextFactory<ApplicationDbContext> dbFactory, UserManager<ApplicationUser> userManager, TimeProvider clock)
{
    public async Task<MeDto?> GetMeAsync(Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == actorId)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.IsAdmin }).SingleOrDefaultAsync(ct);
        if (user is null) return null;
        var spaces = user.IsAdmin
            ? await db.Spaces.OrderBy(s => s.Key).Select(s => new MySpaceDto(s.Id, s.Key, s.Name, Domain.SpaceRole.Admin)).ToListAsync(ct)
            : await db.SpaceMembers.Where(m => m.UserId == actorId).OrderBy(m => m.Space.Key)
                .Select(m => new MySpaceDto(m.SpaceId, m.Space.Key, m.Space.Name, m.Role)).ToListAsync(ct);
        return new MeDto(user.Id, user.DisplayName, user.Email ?? "", Avatars.Url(user.Id), user.IsAdmin, spaces);
    }

    /// <summary>Members of a space (for assignment), or everyone who shares a space with the actor.</summary>
    public async Task<PagedResult<UserSummaryDto>> ListAsync(Guid? spaceId, int page, int size, Guid actorId, CancellationToken ct = default)
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
            .Select(u => new UserSummaryDto(u.Id, u.DisplayName, Avatars.Url(u.Id)))
            .ToPageAsync(page, size, ct);
    }

    /// <summary>Provisions a user who can sign in at once (instance admins only).</summary>
    public async Task<UserDto> CreateAsync(CreateUserRequest request, Guid actorId, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await Access.IsAdminAsync(db, actorId, ct)) throw new ForbiddenException("Only an administrator may create users.");
        }
        return await CreateUserAsync(request, isAdmin: false, ct);
    }

    /// <summary>Creates a confirmed user; used by provisioning, the admin bootstrap and demo data.</summary>
    internal async Task<UserDto> CreateUserAsync(CreateUserRequest request, bool isAdmin, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var email = request.Email?.Trim();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(email)) errors.Add("email", "Email is required.");
        else if (!new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email) || email.Length > 256)
            errors.Add("email", "Email is not a valid address.");
        if (string.IsNullOrEmpty(name)) errors.Add("name", "Name is required.");
        else if (name.Length > 100) errors.Add("name", "Name must be at most 100 characters.");
        if (string.IsNullOrEmpty(request.Password)) errors.Add("password", "Password is required.");
        errors.ThrowIfAny();

        if (await userManager.FindByEmailAsync(email!) is not null)
            throw new ValidationException("email", "A user with this email already exists.");
        var user = new ApplicationUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
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
        return new UserDto(user.Id, user.DisplayName, user.Email!, Avatars.Url(user.Id), user.IsAdmin);
    }

    /// <summary>The user's generated avatar, or null for an unknown user.</summary>
    public async Task<string?> GetAvatarSvgAsync(Guid userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        return name is null ? null : Avatars.Svg(userId, name);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Setup;

/// <summary>
/// Creates the first admin from <c>IssueTracker:Admin:Email</c>/<c>Password</c> when no person has an account yet, and registers
/// <c>IssueTracker:Admin:ApiToken</c> for that admin. Safe to run at every start.
/// </summary>
public static class AdminBootstrap
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var admin = services.GetRequiredService<IOptions<IssueTrackerOptions>>().Value.Admin;
        if (string.IsNullOrWhiteSpace(admin.Email)) return;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminBootstrap));
        var dbFactory = services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();

        Guid? adminId;
        bool anyUser;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var email = admin.Email.Trim().ToUpperInvariant();
            adminId = await db.Users.Where(u => u.NormalizedEmail == email).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(ct);
            anyUser = await db.Users.AnyAsync(u => !u.IsSystem, ct);
        }

        if (adminId is null && !anyUser)
        {
            if (string.IsNullOrEmpty(admin.Password))
                throw new InvalidOperationException("IssueTracker:Admin:Email is set but IssueTracker:Admin:Password is not.");
            var created = await services.GetRequiredService<UserService>().CreateUserAsync(
                new CreateUserRequest { Email = admin.Email, Name = admin.Name, Password = admin.Password }, isAdmin: true, ct);
            adminId = created.Id;
            logger.LogInformation("Created the first administrator {Email}.", admin.Email);
        }

        if (adminId is not null && !string.IsNullOrEmpty(admin.ApiToken))
            await services.GetRequiredService<TokenService>().EnsureAsync(adminId.Value, "Configured admin token", admin.ApiToken, ct);
    }
}

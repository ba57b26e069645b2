using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Setup;

/// <summary>Creates the <see cref="SystemUsers"/> account at start-up when the database does not have it yet.</summary>
public static class QualityMonitorAccount
{
    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.Users.AnyAsync(u => u.Id == SystemUsers.QualityMonitorId, ct)) return;
        }
        var user = new ApplicationUser
        {
            Id = SystemUsers.QualityMonitorId,
            UserName = "quality-monitor@issuetracker.invalid",
            // Identity requires a unique email; .invalid is reserved, so this address can never receive mail.
            Email = "quality-monitor@issuetracker.invalid",
            DisplayName = SystemUsers.QualityMonitorName,
            IsSystem = true,
            LockoutEnabled = true,
            LockoutEnd = DateTimeOffset.MaxValue,
            CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
        };
        var result = await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user);
        if (!result.Succeeded)
            throw new InvalidOperationException("Could not create the Quality monitor user: " + string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}

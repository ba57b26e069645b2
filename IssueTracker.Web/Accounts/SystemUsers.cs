using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Accounts;

/// <summary>
/// The built-in "Quality monitor": the reporter of issues opened from alerts and the actor of automatic resolves and
/// reopens, so the history says a monitor did it, not a person. It has no password and cannot sign in.
/// </summary>
public static class SystemUsers
{
    public static readonly Guid QualityMonitorId = new("00000000-0000-7000-8000-00000000a1e7");
    public const string QualityMonitorName = "Quality monitor";

    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.Users.AnyAsync(u => u.Id == QualityMonitorId, ct)) return;
        }
        var user = new ApplicationUser
        {
            Id = QualityMonitorId,
            UserName = "quality-monitor@issuetracker.invalid",
            // Identity requires a unique email; .invalid is reserved, so this address can never receive mail.
            Email = "quality-monitor@issuetracker.invalid",
            DisplayName = QualityMonitorName,
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

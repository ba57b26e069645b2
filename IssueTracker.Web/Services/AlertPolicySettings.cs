using IssueTracker.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

internal static class AlertPolicySettings
{
    /// <summary>A default assignee must be someone who can work on the space's issues.</summary>
    public static async Task ValidateAssigneeAsync(ApplicationDbContext db, Guid spaceId, Guid? assigneeId, ValidationErrors errors, CancellationToken ct)
    {
        if (assigneeId is { } id && !await db.SpaceMembers.AnyAsync(m => m.SpaceId == spaceId && m.UserId == id && m.Role >= IssueRules.ChangeRole, ct))
            errors.Add("default_assignee_id", "The default assignee must be a member (not a viewer) of this space.");
    }
}

using IssueTracker.Web.Domain;

namespace IssueTracker.Web.Services;

/// <summary>
/// Who may do what to an issue, by role. The service enforces these; the UI asks the same questions to decide which
/// controls to offer, so the two never disagree.
/// </summary>
public static class IssueRules
{
    public const SpaceRole ChangeRole = SpaceRole.Member;

    /// <summary>Create issues, change their fields and status, report alerts.</summary>
    public static bool MayChange(SpaceRole? role) => role >= ChangeRole;

    /// <summary>A space admin, or the issue's reporter while they may still change issues.</summary>
    public static bool MayDelete(SpaceRole? role, Guid reporterId, Guid actorId) =>
        role == SpaceRole.Admin || (MayChange(role) && reporterId == actorId);
}

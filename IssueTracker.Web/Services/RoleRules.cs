namespace IssueTracker.Web.Services;

/// <summary>
/// Who may do what in a space, by role. The services enforce these; the UI asks the same questions to decide which
/// controls to offer, so the two never disagree. Anyone who can see a space (viewers too) may read and comment.
/// </summary>
public static class RoleRules
{
    /// <summary>Create issues, change their fields and status, report alerts.</summary>
    public const SpaceRole ChangeIssuesRole = SpaceRole.Member;

    /// <summary>Manage a space: its members and roles, products and alert settings.</summary>
    public const SpaceRole ManageSpaceRole = SpaceRole.Admin;

    public static bool MayChangeIssues(SpaceRole? role) => role >= ChangeIssuesRole;

    /// <summary>A space admin, or the issue's reporter while they may still change issues.</summary>
    public static bool MayDeleteIssue(SpaceRole? role, Guid reporterId, Guid actorId) =>
        role == ManageSpaceRole || (MayChangeIssues(role) && reporterId == actorId);

    public static bool MayManageSpace(SpaceRole? role) => role == ManageSpaceRole;
}

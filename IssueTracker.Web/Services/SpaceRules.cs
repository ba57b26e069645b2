using IssueTracker.Web.Domain;

namespace IssueTracker.Web.Services;

/// <summary>Who may manage a space (members, roles, products). Enforced by the services, asked by the UI.</summary>
public static class SpaceRules
{
    public const SpaceRole ManageRole = SpaceRole.Admin;

    public static bool MayManage(SpaceRole? role) => role == ManageRole;
}

using IssueTracker.Web.Domain;

namespace IssueTracker.Web.Contracts;

/// <summary>A space as the caller sees it; <see cref="Role"/> is the caller's role (admin for instance admins).</summary>
public sealed record SpaceDto(Guid Id, string Key, string Name, SpaceRole Role, DateTime CreatedAt);

public sealed record CreateSpaceRequest
{
    public string? Name { get; set; }
    public string? Key { get; set; }
}

public sealed record MemberDto(Guid Id, string Name, string AvatarUrl, SpaceRole Role);

public sealed record SetMemberRoleRequest
{
    public SpaceRole? Role { get; set; }
}

public sealed record ProductDto(Guid Id, Guid SpaceId, string Name, string? Description, DateTime CreatedAt);

public sealed record CreateProductRequest
{
    public string? Name { get; set; }
    public Guid? SpaceId { get; set; }
    public string? Description { get; set; }
}

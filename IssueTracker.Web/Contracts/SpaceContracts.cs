using System.ComponentModel.DataAnnotations;

namespace IssueTracker.Web.Contracts;

/// <summary>A space as the caller sees it; <see cref="Role"/> is the caller's role (admin for instance admins).</summary>
public sealed record SpaceDto(Guid Id, string Key, string Name, SpaceRole Role, DateTime CreatedAt);

public sealed record CreateSpaceRequest
{
    [MaxLength(FieldLimits.Name)] public string? Name { get; set; }
    public string? Key { get; set; }
}

/// <summary>A member of a space; <see cref="Active"/> is false once the person is deactivated (they keep their role, and can be assigned nothing).</summary>
public sealed record MemberDto(Guid Id, string Name, string AvatarUrl, SpaceRole Role, bool Active);

public sealed record SetMemberRoleRequest
{
    public SpaceRole? Role { get; set; }
}

public sealed record ProductDto(Guid Id, Guid SpaceId, string Name, string? Description, DateTime CreatedAt);

public sealed record CreateProductRequest
{
    [MaxLength(FieldLimits.Name)] public string? Name { get; set; }
    public Guid? SpaceId { get; set; }
    [MaxLength(FieldLimits.ProductDescription)] public string? Description { get; set; }
}

/// <summary>One priority's SLA: ISO 8601 durations (<c>PT30M</c>, <c>PT4H</c>, <c>P2D</c>); either may be left out.</summary>
public sealed record SlaTargetDto
{
    public string? Acknowledge { get; set; }
    public string? Resolve { get; set; }
}

/// <summary>A space's SLA by priority (the OpenAPI document); a priority left out (null) has no SLA.</summary>
public sealed record SpaceSlaDto
{
    public SlaTargetDto? Critical { get; set; }
    public SlaTargetDto? High { get; set; }
    public SlaTargetDto? Medium { get; set; }
    public SlaTargetDto? Low { get; set; }
}

using System.ComponentModel.DataAnnotations;

namespace IssueTracker.Web.Contracts;

/// <summary>A space as the caller sees it; <see cref="Role"/> is the caller's role (admin for instance admins).</summary>
public sealed record SpaceDto(Guid Id, string Key, string Name, SpaceRole Role, DateTime CreatedAt, string? Description = null, DateTime? ArchivedAt = null);

/// <summary>A merge patch of a space (space admins): its key never changes, since its issues' keys are made of it.</summary>
public sealed record UpdateSpaceRequest
{
    [MaxLength(FieldLimits.Name)] public Optional<string?> Name { get; set; }
    [MaxLength(FieldLimits.SpaceDescription)] public Optional<string?> Description { get; set; }
}

/// <summary>Which spaces a list shows: one by its key, and archived ones or the others.</summary>
public sealed record SpaceListQuery(string? Key = null, bool? Archived = null);

public sealed record CreateSpaceRequest
{
    [MaxLength(FieldLimits.Name)] public string? Name { get; set; }
    public string? Key { get; set; }
    [MaxLength(FieldLimits.SpaceDescription)] public string? Description { get; set; }
}

/// <summary>A member of a space; <see cref="Active"/> is false once the person is deactivated (they keep their role, and can be assigned nothing).</summary>
public sealed record MemberDto(Guid Id, string Name, string AvatarUrl, SpaceRole Role, bool Active);

public sealed record SetMemberRoleRequest
{
    public SpaceRole? Role { get; set; }
}

public sealed record ProductDto(Guid Id, Guid SpaceId, string Name, string? Description, DateTime CreatedAt, DateTime? ArchivedAt = null);

/// <summary>A merge patch of a product (admins of its space).</summary>
public sealed record UpdateProductRequest
{
    [MaxLength(FieldLimits.Name)] public Optional<string?> Name { get; set; }
    [MaxLength(FieldLimits.ProductDescription)] public Optional<string?> Description { get; set; }
}

/// <summary>Which products a list shows: of one space, one by its name, and archived ones or the others.</summary>
public sealed record ProductListQuery(Guid? SpaceId = null, string? Name = null, bool? Archived = null);

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

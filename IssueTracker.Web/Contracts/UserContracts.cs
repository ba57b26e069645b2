using System.ComponentModel.DataAnnotations;

namespace IssueTracker.Web.Contracts;

public sealed record UserSummaryDto(Guid Id, string Name, string AvatarUrl);

/// <summary>A person in a list of people: <see cref="Active"/> is false once deactivated (they can be assigned nothing).</summary>
public sealed record PersonDto(Guid Id, string Name, string AvatarUrl, bool Active);

/// <summary>Someone who can be mentioned on a space's issues, as the <c>@</c> picker offers them.</summary>
public sealed record MentionableDto(Guid Id, string Name, string Handle, string AvatarUrl);

/// <summary>A person as an instance admin manages them; <see cref="Active"/> is false once deactivated.</summary>
public sealed record UserDto(Guid Id, string Name, string Handle, string Email, string AvatarUrl, bool IsAdmin, bool Active);

public sealed record MySpaceDto(Guid Id, string Key, string Name, SpaceRole Role);

public sealed record MeDto(Guid Id, string Name, string Handle, string Email, string AvatarUrl, bool IsAdmin, IReadOnlyList<MySpaceDto> Spaces);

public sealed record CreateUserRequest
{
    public string? Email { get; set; }
    [MaxLength(FieldLimits.Name)] public string? Name { get; set; }
    public string? Password { get; set; }
}

/// <summary>A merge patch of a person: their handle (unique, lower case, 2 to 32 of a-z 0-9 . _ -).</summary>
public sealed record UpdateUserRequest
{
    public string? Handle { get; set; }
}

public sealed record TokenDto(Guid Id, string Name, string Prefix, IReadOnlyList<TokenScope> Scopes, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt);

/// <summary>A new token with its value, which is shown this once and never stored.</summary>
public sealed record CreatedTokenDto(Guid Id, string Name, string Token, string Prefix, IReadOnlyList<TokenScope> Scopes, DateTime CreatedAt, DateTime? ExpiresAt);

public sealed record CreateTokenRequest
{
    [MaxLength(FieldLimits.Name)] public string? Name { get; set; }
    public DateTime? ExpiresAt { get; set; }
    /// <summary>Any of read, write, admin; default read and write.</summary>
    public List<TokenScope>? Scopes { get; set; }
}

using IssueTracker.Web.Domain;

namespace IssueTracker.Web.Contracts;

public sealed record UserSummaryDto(Guid Id, string Name, string AvatarUrl);

public sealed record UserDto(Guid Id, string Name, string Email, string AvatarUrl, bool IsAdmin);

public sealed record MySpaceDto(Guid Id, string Key, string Name, SpaceRole Role);

public sealed record MeDto(Guid Id, string Name, string Email, string AvatarUrl, bool IsAdmin, IReadOnlyList<MySpaceDto> Spaces);

public sealed record CreateUserRequest
{
    public string? Email { get; set; }
    public string? Name { get; set; }
    public string? Password { get; set; }
}

public sealed record TokenDto(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt);

/// <summary>A new token with its value, which is shown this once and never stored.</summary>
public sealed record CreatedTokenDto(Guid Id, string Name, string Token, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt);

public sealed record CreateTokenRequest
{
    public string? Name { get; set; }
    public DateTime? ExpiresAt { get; set; }
}

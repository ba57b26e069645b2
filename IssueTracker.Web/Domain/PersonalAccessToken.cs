namespace IssueTracker.Web.Domain;

/// <summary>An API token; only its SHA-256 hash is stored, the value is shown once at creation.</summary>
public class PersonalAccessToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string Name { get; set; } = "";
    public string TokenHash { get; set; } = "";
    /// <summary>The first characters of the value, so a user can tell tokens apart.</summary>
    public string Prefix { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    /// <summary>Its scopes as the API spells them, space-separated (<c>read write</c>).</summary>
    public string Scopes { get; set; } = "";
    /// <summary>
    /// Revoked tokens are kept (and never authenticate) so a configured token that was revoked is not registered
    /// again at the next start.
    /// </summary>
    public DateTime? RevokedAt { get; set; }
    /// <summary>The token that made this one through the API, if one did: revoking it revokes this one too.</summary>
    public Guid? ParentId { get; set; }

    public ApplicationUser User { get; set; } = null!;
}

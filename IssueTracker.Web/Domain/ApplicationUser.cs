using Microsoft.AspNetCore.Identity;

namespace IssueTracker.Web.Domain;

public class ApplicationUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    /// <summary>Instance administrator: sees every space, creates spaces and users.</summary>
    public bool IsAdmin { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>A built-in actor (the Quality monitor): cannot sign in, is never offered for assignment.</summary>
    public bool IsSystem { get; set; }
    /// <summary>Unique, lower case, <c>[a-z0-9._-]{2,32}</c>: how people mention each other. Null only until start-up fills it in.</summary>
    public string? Handle { get; set; }
    /// <summary>Set when an instance admin cut the person off: no sign-in, no token, no open session.</summary>
    public DateTime? DeactivatedAt { get; set; }
}

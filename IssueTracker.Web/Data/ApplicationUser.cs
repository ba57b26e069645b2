using Microsoft.AspNetCore.Identity;

namespace IssueTracker.Web.Data;

public class ApplicationUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    /// <summary>Instance administrator: sees every space, creates spaces and users.</summary>
    public bool IsAdmin { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>A built-in actor (the Quality monitor): cannot sign in, is never offered for assignment.</summary>
    public bool IsSystem { get; set; }
}

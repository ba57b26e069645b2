namespace IssueTracker.Web.Domain;

public class SpaceMember
{
    public Guid SpaceId { get; set; }
    public Guid UserId { get; set; }
    public SpaceRole Role { get; set; }
    public DateTime CreatedAt { get; set; }

    public Space Space { get; set; } = null!;
    public ApplicationUser User { get; set; } = null!;
}

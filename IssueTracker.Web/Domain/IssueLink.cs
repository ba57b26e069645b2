namespace IssueTracker.Web.Domain;

/// <summary>"<see cref="IssueId"/> <see cref="Type"/> <see cref="TargetId"/>" (CUST-7 blocks CUST-9), stored once, shown on both.</summary>
public class IssueLink
{
    public Guid Id { get; set; }
    public Guid IssueId { get; set; }
    public Guid TargetId { get; set; }
    public IssueLinkType Type { get; set; }
    public Guid CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }

    public Issue Issue { get; set; } = null!;
    public Issue Target { get; set; } = null!;
    public ApplicationUser CreatedBy { get; set; } = null!;
}

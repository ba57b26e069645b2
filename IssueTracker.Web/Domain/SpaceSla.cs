namespace IssueTracker.Web.Domain;

/// <summary>A space's SLA for one priority: how long until an issue must be acknowledged and resolved.</summary>
public class SpaceSla
{
    public Guid SpaceId { get; set; }
    public IssuePriority Priority { get; set; }
    public int? AcknowledgeSeconds { get; set; }
    public int? ResolveSeconds { get; set; }

    public Space Space { get; set; } = null!;
}

namespace IssueTracker.Web.Domain;

public class Issue
{
    public Guid Id { get; set; }
    public Guid SpaceId { get; set; }
    /// <summary>Per-space number: the <c>42</c> of <c>CUST-42</c>.</summary>
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public IssueStatus Status { get; set; }
    public IssuePriority Priority { get; set; }
    public Guid? ProductId { get; set; }
    public Guid? AssigneeId { get; set; }
    public Guid ReporterId { get; set; }
    public Guid? AlertId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    /// <summary>Why it was resolved; cleared with <see cref="ResolutionNote"/> and <see cref="DuplicateOfId"/> on reopening.</summary>
    public IssueResolution? Resolution { get; set; }
    public string? ResolutionNote { get; set; }
    /// <summary>The issue this one duplicates, when resolved as a duplicate (the two are linked too).</summary>
    public Guid? DuplicateOfId { get; set; }
    /// <summary>When a person first responded (moved it out of open, assigned it, or commented); set once.</summary>
    public DateTime? AcknowledgedAt { get; set; }
    public Guid? AcknowledgedById { get; set; }
    /// <summary>The SLA's deadlines, from <see cref="CreatedAt"/> and the space's SLA for the priority; null without one.</summary>
    public DateTime? AcknowledgeBy { get; set; }
    public DateTime? ResolveBy { get; set; }
    /// <summary>
    /// The next deadline still pending (acknowledge, until acknowledged; resolve) and when it becomes due soon: kept with
    /// the deadlines so the list filters <c>sla=due_soon,breached</c> compare one indexed column with the clock.
    /// </summary>
    public DateTime? SlaBreachAt { get; set; }
    public DateTime? SlaWarnAt { get; set; }
    /// <summary>The last SLA state the feed and inboxes were told of (ok, due soon, breached), so each is told once.</summary>
    public SlaState SlaNotified { get; set; }
    /// <summary>Concurrency token and ETag: bumped by every change.</summary>
    public int Version { get; set; }

    public Space Space { get; set; } = null!;
    public DataProduct? Product { get; set; }
    public ApplicationUser? Assignee { get; set; }
    public ApplicationUser Reporter { get; set; } = null!;
    public Alert? Alert { get; set; }
}

using IssueTracker.Web.Data;

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
    /// <summary>Concurrency token and ETag: bumped by every change.</summary>
    public int Version { get; set; }

    public Space Space { get; set; } = null!;
    public DataProduct? Product { get; set; }
    public ApplicationUser? Assignee { get; set; }
    public ApplicationUser Reporter { get; set; } = null!;
    public Alert? Alert { get; set; }
}

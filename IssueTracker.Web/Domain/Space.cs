namespace IssueTracker.Web.Domain;

public class Space
{
    public Guid Id { get; set; }
    /// <summary>Short unique key such as <c>CUST</c>; issue keys are <c>CUST-42</c>.</summary>
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>When the space was archived: hidden from pickers and default lists, its issues kept as they are.</summary>
    public DateTime? ArchivedAt { get; set; }
    /// <summary>The last issue number handed out in this space; incremented atomically per create.</summary>
    public int LastIssueNumber { get; set; }
    public DateTime CreatedAt { get; set; }
    public AlertPolicy AlertPolicy { get; set; } = new();

    public List<SpaceMember> Members { get; set; } = [];
    public List<DataProduct> Products { get; set; } = [];
}

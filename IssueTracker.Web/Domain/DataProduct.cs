namespace IssueTracker.Web.Domain;

/// <summary>A data product (table, pipeline, dashboard) that issues and alerts are about.</summary>
public class DataProduct
{
    public Guid Id { get; set; }
    public Guid SpaceId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }

    public Space Space { get; set; } = null!;
}

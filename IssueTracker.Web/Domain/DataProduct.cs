namespace IssueTracker.Web.Domain;

/// <summary>A data product (table, pipeline, dashboard) that issues and alerts are about.</summary>
public class DataProduct
{
    public Guid Id { get; set; }
    public Guid SpaceId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>When the product was archived: hidden from pickers and default lists, kept on its issues and alerts.</summary>
    public DateTime? ArchivedAt { get; set; }
    /// <summary>Overrides of the space's alert policy for this product; unset fields inherit.</summary>
    public AlertPolicy AlertPolicy { get; set; } = new();
    /// <summary>The health last worked out after a change to the product's issues or alerts (<c>Spaces/ProductHealth</c>).</summary>
    public ProductHealthStatus? HealthStatus { get; set; }
    /// <summary>When <see cref="HealthStatus"/> began: product health's <c>since</c>.</summary>
    public DateTime? HealthSince { get; set; }

    public Space Space { get; set; } = null!;
}

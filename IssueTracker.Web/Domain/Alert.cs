namespace IssueTracker.Web.Domain;

/// <summary>A quality check on a product, identified by product + fingerprint, that fires and resolves over time.</summary>
public class Alert
{
    public Guid Id { get; set; }
    public Guid SpaceId { get; set; }
    public Guid ProductId { get; set; }
    public string Check { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    public AlertKind Kind { get; set; }
    public AlertStatus Status { get; set; }
    public string Title { get; set; } = "";
    public string? Message { get; set; }
    /// <summary>What reported it: <c>api</c> (a monitor of the team's own), or a connector's tool (<see cref="AlertSources"/>).</summary>
    public string Source { get; set; } = AlertSources.Api;
    public int OccurrenceCount { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public Space Space { get; set; } = null!;
    public DataProduct Product { get; set; } = null!;
    /// <summary>Every issue opened for this alert over time; the latest is its current one.</summary>
    public List<Issue> Issues { get; set; } = [];
}

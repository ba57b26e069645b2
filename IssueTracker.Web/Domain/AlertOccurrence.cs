namespace IssueTracker.Web.Domain;

/// <summary>One report of an alert's check by a monitor: what it saw and when.</summary>
public class AlertOccurrence
{
    public Guid Id { get; set; }
    public Guid AlertId { get; set; }
    public AlertStatus Status { get; set; }
    public string? Message { get; set; }
    /// <summary>When the monitor observed the result, if it said; otherwise when it was received.</summary>
    public DateTime ObservedAt { get; set; }
    public DateTime ReceivedAt { get; set; }
    public double? Value { get; set; }
    public double? Threshold { get; set; }

    public Alert Alert { get; set; } = null!;
}

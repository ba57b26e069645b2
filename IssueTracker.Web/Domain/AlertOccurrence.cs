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
    /// <summary>How the check came out (a connector says warning or errored too); null on rows from before runs were kept.</summary>
    public RunStatus? Run { get; set; }
    /// <summary>The tool's run it came in (dbt's invocation, GX's run, Soda's scan).</summary>
    public string? RunId { get; set; }
    public string Source { get; set; } = AlertSources.Api;

    public Alert Alert { get; set; } = null!;
}

/// <summary>One result of a check, as the runs strip shows it.</summary>
public enum RunStatus { Passing = 0, Failing = 1, Warning = 2, Errored = 3 }

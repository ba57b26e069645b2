namespace IssueTracker.Web.Domain;

/// <summary>
/// How a space's (or one product's) alerts turn into issues. Every field may be unset: a product inherits its space's
/// setting, a space the built-in default (see <c>AlertPolicies.Default</c>).
/// </summary>
public class AlertPolicy
{
    /// <summary>Open an issue when an alert fires and none is open.</summary>
    public bool? AutoOpen { get; set; }
    /// <summary>Resolve the issue when its alert resolves.</summary>
    public bool? AutoResolve { get; set; }
    /// <summary>A resolved issue reopens when its alert fires again within this many hours; after that a new one opens.</summary>
    public int? ReopenWindowHours { get; set; }
    /// <summary>An alert resolves (and its issue with it) only after this many passing results in a row: a flapping check stays open.</summary>
    public int? ResolveAfterPasses { get; set; }
    public Guid? DefaultAssigneeId { get; set; }
    public IssuePriority? FreshnessPriority { get; set; }
    public IssuePriority? VolumePriority { get; set; }
    public IssuePriority? SchemaPriority { get; set; }
    public IssuePriority? NullRatePriority { get; set; }
    public IssuePriority? DistributionPriority { get; set; }
    public IssuePriority? CustomPriority { get; set; }
}

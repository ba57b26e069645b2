namespace IssueTracker.Web.Domain;

/// <summary>
/// One upload of a tool's results to a space (a dbt invocation, a GX run, a Soda scan), kept so that posting the same
/// run again changes nothing and answers what the first upload did.
/// </summary>
public class ConnectorRun
{
    public Guid Id { get; set; }
    public Guid SpaceId { get; set; }
    /// <summary><see cref="AlertSources"/>: dbt, great_expectations, soda.</summary>
    public string Tool { get; set; } = "";
    /// <summary>The tool's own id of the run (dbt's <c>invocation_id</c>).</summary>
    public string RunKey { get; set; } = "";
    /// <summary>The summary the upload answered, as JSON.</summary>
    public string Summary { get; set; } = "";
    public Guid ActorId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>Where an alert's results come from.</summary>
public static class AlertSources
{
    public const string Api = "api";
    public const string Dbt = "dbt";
    public const string GreatExpectations = "great_expectations";
    public const string Soda = "soda";

    public static readonly IReadOnlyList<string> All = [Api, Dbt, GreatExpectations, Soda];
}

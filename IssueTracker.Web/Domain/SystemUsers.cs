namespace IssueTracker.Web.Domain;

/// <summary>
/// The built-in "Quality monitor": the reporter of issues opened from alerts and the actor of automatic resolves and
/// reopens, so the history says a monitor did it, not a person. It has no password and cannot sign in; start-up
/// creates it (<c>Setup/QualityMonitorAccount</c>).
/// </summary>
public static class SystemUsers
{
    public static readonly Guid QualityMonitorId = new("00000000-0000-7000-8000-00000000a1e7");
    public const string QualityMonitorName = "Quality monitor";
}

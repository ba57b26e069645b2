namespace IssueTracker.Web.Domain;

/// <summary>
/// Remembers one <c>Idempotency-Key</c> per user and operation: claimed (in flight) before the work starts, completed with the
/// response in the same transaction as the work, so a retry either replays the result or sees it in flight.
/// </summary>
public class IdempotencyRecord
{
    public Guid UserId { get; set; }
    public string Key { get; set; } = "";
    /// <summary>Which operation claimed the key (e.g. <c>issues.create</c>, an endpoint's name); part of the key.</summary>
    public string Operation { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    /// <summary>The first result, replayed to retries (JSON; protected with Data Protection when it may hold a secret).</summary>
    public string? ResponseBody { get; set; }
}

namespace IssueTracker.Web.Domain;

/// <summary>
/// One event on its way to one webhook: the outbox row, written in the transaction of the change and sent after commit
/// by <c>WebhookSender</c>, retried with backoff until it succeeds or a day has passed.
/// </summary>
public class WebhookDelivery
{
    public Guid Id { get; set; }
    public Guid WebhookId { get; set; }
    /// <summary>The change-feed event it carries (null for a ping, or once the event aged out of the feed).</summary>
    public long? EventId { get; set; }
    public string Type { get; set; } = "";
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public int? ResponseStatus { get; set; }
    public int? DurationMs { get; set; }
    /// <summary>Why the last attempt failed, for the delivery log (never the receiver's body).</summary>
    public string? Error { get; set; }
    /// <summary>The exact bytes sent, fixed at the first attempt so every retry carries the same body and signature.</summary>
    public string? Body { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime CreatedAt { get; set; }

    public Webhook Webhook { get; set; } = null!;
    public ChangeEvent? Event { get; set; }
}

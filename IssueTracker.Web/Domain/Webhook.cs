namespace IssueTracker.Web.Domain;

/// <summary>Where a space's events are POSTed (api-v2.md, "Webhooks").</summary>
public class Webhook
{
    public Guid Id { get; set; }
    public Guid SpaceId { get; set; }
    public string Url { get; set; } = "";
    /// <summary>The event types it receives, comma-separated; empty for all of them.</summary>
    public string Events { get; set; } = "";
    public WebhookFormat Format { get; set; }
    public bool Active { get; set; } = true;
    /// <summary>The signing secret, encrypted with the app's data-protection keys (it must be read back to sign).</summary>
    public string ProtectedSecret { get; set; } = "";
    public Guid CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public Space Space { get; set; } = null!;
}

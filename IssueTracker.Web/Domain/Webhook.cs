namespace IssueTracker.Web.Domain;

/// <summary>Where a space's events are POSTed (README, "Webhooks (Slack and others)").</summary>
public class Webhook
{
    public Guid Id { get; set; }
    public Guid SpaceId { get; set; }
    public string Url { get; set; } = "";
    /// <summary>The event types it receives, comma-separated; empty for all of them.</summary>
    public string Events { get; set; } = "";
    public WebhookFormat Format { get; set; }
    public bool Active { get; set; } = true;
    /// <summary>Why the app turned it off (its creator lost the admin role, it failed for a day); null when a person did, or it is on.</summary>
    public string? DisabledReason { get; set; }
    /// <summary>The signing secret, encrypted with the app's data-protection keys (it must be read back to sign).</summary>
    public string ProtectedSecret { get; set; } = "";
    /// <summary>The secret before the last rotation, which signs too (a second header) until <see cref="PreviousSecretUntil"/>.</summary>
    public string? PreviousProtectedSecret { get; set; }
    public DateTime? PreviousSecretUntil { get; set; }
    /// <summary>
    /// The space admin on whose authority it sends (its creator, or whoever last turned it on): once they are no
    /// longer an admin of the space, it stops.
    /// </summary>
    public Guid CreatedById { get; set; }
    /// <summary>Since when every delivery has failed (null while the last one succeeded); a day of that turns it off.</summary>
    public DateTime? FailingSince { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public Space Space { get; set; } = null!;
}

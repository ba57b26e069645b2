namespace IssueTracker.Web.Contracts;

/// <summary>
/// A space's webhook (README, "Webhooks"); <see cref="Events"/> empty means every event type. <see cref="CreatedBy"/>
/// is the admin it sends on behalf of; <see cref="DisabledReason"/> says why the app turned it off, when it did.
/// </summary>
public sealed record WebhookDto(
    Guid Id, Guid SpaceId, string Url, IReadOnlyList<string> Events, WebhookFormat Format, bool Active, string? DisabledReason, UserRef CreatedBy,
    DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>A webhook as its creation answers it: the only time its secret is shown.</summary>
public sealed record CreatedWebhookDto(
    Guid Id, Guid SpaceId, string Url, IReadOnlyList<string> Events, WebhookFormat Format, bool Active, string? DisabledReason, UserRef CreatedBy,
    DateTime CreatedAt, DateTime UpdatedAt, string Secret);

/// <summary>A webhook's new secret, shown once; the previous one keeps signing in a second header for a day.</summary>
public sealed record WebhookSecretDto(string Secret);

public sealed record CreateWebhookRequest
{
    public string? Url { get; set; }
    public List<string>? Events { get; set; }
    public WebhookFormat? Format { get; set; }
    public bool? Active { get; set; }
    public string? Secret { get; set; }
}

/// <summary>A merge patch: fields left out stay as they are.</summary>
public sealed record UpdateWebhookRequest
{
    public string? Url { get; set; }
    public List<string>? Events { get; set; }
    public WebhookFormat? Format { get; set; }
    public bool? Active { get; set; }
}

/// <summary>One event on its way to a webhook, as the delivery log shows it.</summary>
public sealed record DeliveryDto(
    Guid Id,
    string? EventId,
    string Type,
    DeliveryStatus Status,
    int Attempts,
    int? ResponseStatus,
    int? DurationMs,
    DateTime? NextAttemptAt,
    DateTime CreatedAt)
{
    /// <summary>Why the last attempt failed (a network error, a timeout, a refused address), when it did.</summary>
    public string? Error { get; init; }
}

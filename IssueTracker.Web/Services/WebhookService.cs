using System.Security.Cryptography;
using System.Text.Json.Nodes;
using IssueTracker.Web.Contracts;
using IssueTracker.Web.Data;
using IssueTracker.Web.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Services;

/// <summary>
/// A space's webhooks, managed by its admins (api-v2.md, "Webhooks"): where events go, the delivery log, ping and
/// redeliver. The deliveries themselves are written with each change (<see cref="WebhookOutbox"/>) and sent by
/// <see cref="WebhookSender"/>. Secrets are kept encrypted with the app's data-protection keys and shown only once.
/// </summary>
public sealed class WebhookService(
    IDbContextFactory<ApplicationDbContext> dbFactory, IDataProtectionProvider protection, IOptions<IssueTrackerOptions> options,
    WebhookSignal signal, TimeProvider clock)
{
    public const int MinSecretLength = 16;
    private const int MaxSecretLength = 200;
    private readonly IDataProtector _secrets = protection.CreateProtector(SecretPurpose);
    internal const string SecretPurpose = "IssueTracker.Webhooks.Secret.v1";

    /// <summary>A space's webhooks (space admins).</summary>
    public async Task<IReadOnlyList<WebhookDto>> ListAsync(Guid spaceId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireAdminAsync(db, spaceId, actorId, ct);
        var hooks = await db.Webhooks.AsNoTracking().Where(w => w.SpaceId == spaceId).OrderBy(w => w.CreatedAt).ToListAsync(ct);
        return hooks.Select(ToDto).ToList();
    }

    public async Task<WebhookDto> GetAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return ToDto(await LoadAsync(db, id, actorId, ct));
    }

    /// <summary>Adds a webhook; the answer carries its secret (generated when not given), which is never shown again.</summary>
    public async Task<CreatedWebhookDto> CreateAsync(Guid spaceId, CreateWebhookRequest request, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireAdminAsync(db, spaceId, actorId, ct);
        var errors = new ValidationErrors();
        if (await WebhookAddresses.ProblemAsync(request.Url, options.Value.Webhooks.AllowPrivateNetworks, ct) is { } urlProblem) errors.Add("url", urlProblem);
        var events = ValidateEvents(request.Events, errors);
        if (request.Secret is { } given && (given.Length < MinSecretLength || given.Length > MaxSecretLength))
            errors.Add("secret", $"A secret is {MinSecretLength} to {MaxSecretLength} characters.");
        errors.ThrowIfAny();

        var secret = request.Secret ?? "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var now = clock.GetUtcNow().UtcDateTime;
        var hook = new Webhook
        {
            Id = Ids.New(now),
            SpaceId = spaceId,
            Url = request.Url!.Trim(),
            Events = string.Join(',', events),
            Format = request.Format ?? WebhookFormat.Json,
            Active = request.Active ?? true,
            ProtectedSecret = _secrets.Protect(secret),
            CreatedById = actorId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Webhooks.Add(hook);
        await db.SaveChangesAsync(ct);
        var dto = ToDto(hook);
        return new CreatedWebhookDto(dto.Id, dto.SpaceId, dto.Url, dto.Events, dto.Format, dto.Active, dto.CreatedAt, dto.UpdatedAt, secret);
    }

    public async Task<WebhookDto> UpdateAsync(Guid id, UpdateWebhookRequest patch, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hook = await LoadAsync(db, id, actorId, ct);
        var errors = new ValidationErrors();
        if (patch.Url is not null && await WebhookAddresses.ProblemAsync(patch.Url, options.Value.Webhooks.AllowPrivateNetworks, ct) is { } urlProblem)
            errors.Add("url", urlProblem);
        var events = patch.Events is null ? null : ValidateEvents(patch.Events, errors);
        errors.ThrowIfAny();
        if (patch.Url is not null) hook.Url = patch.Url.Trim();
        if (events is not null) hook.Events = string.Join(',', events);
        if (patch.Format is { } format) hook.Format = format;
        if (patch.Active is { } active) hook.Active = active;
        hook.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return ToDto(hook);
    }

    /// <summary>Removes a webhook with its delivery log; deliveries not yet sent are not sent.</summary>
    public async Task DeleteAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Webhooks.Remove(await LoadAsync(db, id, actorId, ct));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The delivery log, newest first.</summary>
    public async Task<PagedResult<DeliveryDto>> DeliveriesAsync(Guid id, int page, int size, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(page, size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await LoadAsync(db, id, actorId, ct);
        var result = await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Select(d => new { d.Id, d.EventId, d.Type, d.Status, d.Attempts, d.ResponseStatus, d.DurationMs, d.NextAttemptAt, d.CreatedAt, d.Error })
            .ToPageAsync(page, size, ct);
        return new PagedResult<DeliveryDto>(result.Items.Select(d => new DeliveryDto(
            d.Id, d.EventId?.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Type, d.Status, d.Attempts, d.ResponseStatus, d.DurationMs,
            d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.CreatedAt)
        { Error = d.Error }).ToList(), result.Total, result.Page, result.Size);
    }

    /// <summary>Queues a <c>ping</c> delivery, sent at once: a way to check the receiver and its signature check.</summary>
    public async Task<DeliveryDto> PingAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hook = await LoadAsync(db, id, actorId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var body = new JsonObject { ["type"] = "ping", ["webhook_id"] = hook.Id.ToString(), ["at"] = now.ToString("O") };
        if (hook.Format == WebhookFormat.Slack) body = new JsonObject { ["text"] = "IssueTracker: this webhook works." };
        var delivery = new WebhookDelivery
        {
            Id = Ids.New(now),
            WebhookId = hook.Id,
            Type = "ping",
            Status = DeliveryStatus.Pending,
            Body = body.ToJsonString(),
            NextAttemptAt = now,
            CreatedAt = now,
        };
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return new DeliveryDto(delivery.Id, null, delivery.Type, delivery.Status, 0, null, null, now, now);
    }

    /// <summary>Sends a delivery again, as a new delivery with the same body (and so the same signature).</summary>
    public async Task<DeliveryDto> RedeliverAsync(Guid id, Guid deliveryId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await LoadAsync(db, id, actorId, ct);
        var original = await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId && d.WebhookId == id, ct)
            ?? throw new NotFoundException("Delivery");
        var now = clock.GetUtcNow().UtcDateTime;
        var again = new WebhookDelivery
        {
            Id = Ids.New(now),
            WebhookId = id,
            EventId = original.EventId,
            Type = original.Type,
            Status = DeliveryStatus.Pending,
            Body = original.Body,
            NextAttemptAt = now,
            CreatedAt = now,
        };
        if (again.Body is null && again.EventId is null) throw new ConflictException("This delivery's event is no longer kept, so it cannot be sent again.");
        db.WebhookDeliveries.Add(again);
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return new DeliveryDto(again.Id, again.EventId?.ToString(System.Globalization.CultureInfo.InvariantCulture), again.Type, again.Status, 0, null, null, now, now);
    }

    /// <summary>The event types a webhook's stored list names (empty: all).</summary>
    internal static IReadOnlySet<string> EventTypes(string stored) =>
        stored.Length == 0 ? new HashSet<string>() : stored.Split(',').ToHashSet(StringComparer.Ordinal);

    internal string Secret(Webhook hook) => _secrets.Unprotect(hook.ProtectedSecret);

    private static List<string> ValidateEvents(List<string>? events, ValidationErrors errors)
    {
        if (events is null) return [];
        var unknown = events.Where(e => !ChangeTypes.All.Contains(e)).ToList();
        if (unknown.Count > 0) errors.Add("events", $"Unknown event types: {string.Join(", ", unknown)}. Known: {string.Join(", ", ChangeTypes.All)}.");
        return events.Distinct().ToList();
    }

    private static async Task RequireAdminAsync(ApplicationDbContext db, Guid spaceId, Guid actorId, CancellationToken ct) =>
        Access.Require(await Access.RoleInSpaceAsync(db, actorId, spaceId, ct), SpaceRole.Admin, "Space", "managing webhooks");

    private static async Task<Webhook> LoadAsync(ApplicationDbContext db, Guid id, Guid actorId, CancellationToken ct)
    {
        var hook = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == id, ct) ?? throw new NotFoundException("Webhook");
        var role = await Access.RoleInSpaceAsync(db, actorId, hook.SpaceId, ct);
        // Someone who cannot see the space does not learn the webhook exists.
        if (role is null) throw new NotFoundException("Webhook");
        Access.Require(role, SpaceRole.Admin, "Webhook", "managing webhooks");
        return hook;
    }

    private static WebhookDto ToDto(Webhook w) =>
        new(w.Id, w.SpaceId, w.Url, EventTypes(w.Events).Order().ToList(), w.Format, w.Active, w.CreatedAt, w.UpdatedAt);
}

/// <summary>Wakes this instance's <see cref="WebhookSender"/> when a delivery was queued outside a change (ping, redeliver).</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim _wake = new(0);

    public void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    internal async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await _wake.WaitAsync(timeout, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}

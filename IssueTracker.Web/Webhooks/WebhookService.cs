using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Webhooks;

/// <summary>
/// A space's webhooks, managed by its admins (README, "Webhooks"): where events go, the delivery log, ping, redeliver
/// and secret rotation. The deliveries themselves are written with each change (<see cref="WebhookOutbox"/>) and sent
/// by <see cref="WebhookSender"/>. Secrets are kept encrypted with the app's data-protection keys and shown only once.
/// A webhook sends on the authority of the admin who set it up (or last turned it on): once they are no longer an admin
/// of its space, it is turned off (<see cref="WebhookAuthority"/>). An inactive webhook sends nothing.
/// </summary>
/// <remarks>
/// Errors: 404 for a webhook or space the actor cannot see; 403 below space admin; 400 for a bad URL, event type or
/// secret; 409 for a 21st webhook in a space, or a ping or redelivery of an inactive webhook; 429 for more than
/// <see cref="TestsPerMinute"/> pings and redeliveries of one webhook a minute.
/// </remarks>
public sealed class WebhookService(
    IDbContextFactory<ApplicationDbContext> dbFactory, IDataProtectionProvider protection, IOptions<IssueTrackerOptions> options,
    WebhookSignal signal, WebhookTestLimits testLimits, TimeProvider clock)
{
    public const int MinSecretLength = 16;
    private const int MaxSecretLength = 200;
    /// <summary>Webhooks one space may have: each change writes a delivery for each, inside its write.</summary>
    public const int MaxPerSpace = 20;
    /// <summary>Pings and redeliveries per webhook per minute (per app instance): each makes the server call out.</summary>
    public const int TestsPerMinute = 10;
    /// <summary>How long the secret before a rotation keeps signing, so receivers can switch without losing a delivery.</summary>
    public static readonly TimeSpan PreviousSecretLifetime = TimeSpan.FromHours(24);
    private readonly IDataProtector _secrets = protection.CreateProtector(SecretPurpose);
    internal const string SecretPurpose = "IssueTracker.Webhooks.Secret.v1";

    /// <summary>A space's webhooks (space admins).</summary>
    public async Task<IReadOnlyList<WebhookDto>> ListAsync(Guid spaceId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireAdminAsync(db, spaceId, actorId, ct);
        return await Dtos(db, db.Webhooks.Where(w => w.SpaceId == spaceId), ct);
    }

    public async Task<WebhookDto> GetAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await LoadAsync(db, id, actorId, ct);
        return (await Dtos(db, db.Webhooks.Where(w => w.Id == id), ct))[0];
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
        if (await db.Webhooks.CountAsync(w => w.SpaceId == spaceId, ct) >= MaxPerSpace)
            throw new ConflictException($"A space has at most {MaxPerSpace} webhooks; remove one first.");

        var secret = request.Secret ?? NewSecret();
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
        var dto = (await Dtos(db, db.Webhooks.Where(w => w.Id == hook.Id), ct))[0];
        return new CreatedWebhookDto(dto.Id, dto.SpaceId, dto.Url, dto.Events, dto.Format, dto.Active, dto.DisabledReason, dto.CreatedBy, dto.CreatedAt, dto.UpdatedAt, secret);
    }

    /// <summary>
    /// Changes a webhook. Turning it on makes it send on the actor's authority (they become its <c>created_by</c>) and
    /// clears why it was turned off; turning it off drops the deliveries it has not sent.
    /// </summary>
    public async Task<WebhookDto> UpdateAsync(Guid id, UpdateWebhookRequest patch, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var hook = await LoadAsync(db, id, actorId, ct);
        var errors = new ValidationErrors();
        if (patch.Url is not null && await WebhookAddresses.ProblemAsync(patch.Url, options.Value.Webhooks.AllowPrivateNetworks, ct) is { } urlProblem)
            errors.Add("url", urlProblem);
        var events = patch.Events is null ? null : ValidateEvents(patch.Events, errors);
        errors.ThrowIfAny();
        var now = clock.GetUtcNow().UtcDateTime;
        if (patch.Url is not null) hook.Url = patch.Url.Trim();
        if (events is not null) hook.Events = string.Join(',', events);
        if (patch.Format is { } format) hook.Format = format;
        if (patch.Active is true && !hook.Active)
        {
            hook.Active = true;
            hook.CreatedById = actorId;
            hook.DisabledReason = null;
            hook.FailingSince = null;
        }
        else if (patch.Active is false && hook.Active)
        {
            hook.Active = false;
            hook.DisabledReason = null;
            await WebhookAuthority.DropPendingAsync(db, [hook.Id], ct);
        }
        hook.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await Dtos(db, db.Webhooks.Where(w => w.Id == id), ct))[0];
    }

    /// <summary>Removes a webhook with its delivery log; deliveries not yet sent are not sent.</summary>
    public async Task DeleteAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Webhooks.Remove(await LoadAsync(db, id, actorId, ct));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A new secret, shown once in the answer. Deliveries are signed with it from now on; the previous one keeps signing
    /// too, in <c>X-IssueTracker-Signature-256-Previous</c>, for <see cref="PreviousSecretLifetime"/>.
    /// </summary>
    public async Task<WebhookSecretDto> RotateSecretAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hook = await LoadAsync(db, id, actorId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var secret = NewSecret();
        hook.PreviousProtectedSecret = hook.ProtectedSecret;
        hook.PreviousSecretUntil = now + PreviousSecretLifetime;
        hook.ProtectedSecret = _secrets.Protect(secret);
        hook.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return new WebhookSecretDto(secret);
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
        var hook = await LoadActiveForTestAsync(db, id, actorId, "pinged", ct);
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
        await LoadActiveForTestAsync(db, id, actorId, "sent again", ct);
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

    /// <summary>
    /// Forgets the bodies of deliveries older than <see cref="BodyRetention"/> that are done (a body quotes what people
    /// wrote; the log keeps its outcome). Returns how many.
    /// </summary>
    public async Task<int> PurgeBodiesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cutoff = clock.GetUtcNow().UtcDateTime - BodyRetention;
        return await db.WebhookDeliveries.Where(d => d.CreatedAt < cutoff && d.Body != null && d.Status != DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Body, (string?)null), ct);
    }

    /// <summary>How long a delivery's body is kept for the log and redelivery.</summary>
    public static readonly TimeSpan BodyRetention = TimeSpan.FromDays(30);

    /// <summary>The event types a webhook's stored list names (empty: all).</summary>
    internal static IReadOnlySet<string> EventTypes(string stored) =>
        stored.Length == 0 ? new HashSet<string>() : stored.Split(',').ToHashSet(StringComparer.Ordinal);

    internal string Secret(Webhook hook) => _secrets.Unprotect(hook.ProtectedSecret);

    /// <summary>The secret before the last rotation, while it still signs; null otherwise.</summary>
    internal string? PreviousSecret(Webhook hook, DateTime now) =>
        hook.PreviousProtectedSecret is { } previous && hook.PreviousSecretUntil > now ? _secrets.Unprotect(previous) : null;

    private static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static List<string> ValidateEvents(List<string>? events, ValidationErrors errors)
    {
        if (events is null) return [];
        var unknown = events.Where(e => ChangeTypes.Named(e) is null).ToList();
        if (unknown.Count > 0) errors.Add("events", $"Unknown event types: {string.Join(", ", unknown)}. Known: {string.Join(", ", ChangeTypes.All)}.");
        return events.Select(ChangeTypes.Named).OfType<string>().Distinct().ToList();
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

    // A ping or redelivery makes the server call out at once: only for a webhook that sends, and not without end.
    private async Task<Webhook> LoadActiveForTestAsync(ApplicationDbContext db, Guid id, Guid actorId, string action, CancellationToken ct)
    {
        var hook = await LoadAsync(db, id, actorId, ct);
        if (!hook.Active) throw new ConflictException($"This webhook is turned off, so it cannot be {action}; turn it on first.");
        using var lease = testLimits.Acquire(hook.Id);
        if (!lease.IsAcquired)
            throw new TooManyRequestsException($"A webhook can be pinged or sent again at most {TestsPerMinute} times a minute.",
                lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1));
        return hook;
    }

    private static async Task<List<WebhookDto>> Dtos(ApplicationDbContext db, IQueryable<Webhook> hooks, CancellationToken ct)
    {
        var rows = await hooks.AsNoTracking().OrderBy(w => w.CreatedAt)
            .Select(w => new { Hook = w, By = db.Users.Where(u => u.Id == w.CreatedById).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.Select(r => new WebhookDto(r.Hook.Id, r.Hook.SpaceId, r.Hook.Url, EventTypes(r.Hook.Events).Order().ToList(), r.Hook.Format, r.Hook.Active,
            r.Hook.DisabledReason, new UserRef(r.Hook.CreatedById, r.By ?? ""), r.Hook.CreatedAt, r.Hook.UpdatedAt)).ToList();
    }
}

/// <summary>Pings and redeliveries per webhook, per app instance (<see cref="WebhookService.TestsPerMinute"/> a minute).</summary>
public sealed class WebhookTestLimits
{
    private readonly PartitionedRateLimiter<Guid> _limiter =
        PartitionedRateLimiter.Create<Guid, Guid>(hook => RateLimitPartition.GetFixedWindowLimiter(hook,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = WebhookService.TestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    public RateLimitLease Acquire(Guid hook) => _limiter.AttemptAcquire(hook);
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

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Workers;

/// <summary>
/// Sends the webhook outbox: every pending delivery that is due, after the commit that wrote it (the change feed wakes
/// it; it also looks every few seconds, for other instances' rows and retries). Each delivery is claimed before it is
/// sent (<see cref="OutboxClaims"/>, so two instances never both send it) with a lease: a process killed mid-send leaves a
/// claim that expires and is sent again, so nothing is lost, and a delivery recorded as succeeded is never sent again.
/// Deliveries go out side by side, at most <see cref="PerWebhook"/> at a time to one webhook and
/// <see cref="PerSpace"/> for one space's webhooks together, so a slow receiver delays only its own and one space's
/// admin cannot take every slot. A failure waits <c>FirstRetryAfter</c>, doubling up to an hour, until
/// <c>GiveUpAfter</c>; a webhook whose every delivery failed for <c>DisableAfterFailingFor</c> is turned off. Before
/// each send the webhook must still be on and its admin still an admin (<see cref="WebhookAuthority"/>).
/// </summary>
public sealed class WebhookSender(
    IDbContextFactory<ApplicationDbContext> dbFactory, ChangeFeed feed, WebhookSignal signal, IHttpClientFactory http, WebhookPayloads payloads,
    IServiceScopeFactory scopes, IOptions<IssueTrackerOptions> options, TimeProvider clock, ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private const int PerWebhook = 2;
    private const int AtOnce = 16;
    // A quarter of the slots: the other spaces always keep room, however many webhooks one space has, however slow.
    private const int PerSpace = AtOnce / 4;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);
    // Longer than a send can take (10 s timeout): a claim older than this was lost with its process.
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<Guid, int> _inFlightPerHook = new();
    private readonly ConcurrentDictionary<Guid, int> _inFlightPerSpace = new();
    private int _inFlight;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        // Each committed change may have written deliveries: look at once.
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in feed.Subscribe(stopping).ReadAllAsync(stopping)) signal.Wake();
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                // Falls back to looking every few seconds.
                logger.LogWarning(e, "The webhook sender stopped hearing the change feed");
            }
        }, stopping);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogError(e, "Looking for webhook deliveries failed; trying again shortly");
            }
            await signal.WaitAsync(Poll, stopping);
        }
    }

    /// <summary>Claims and starts every due delivery there is room for; returns without waiting for the sends.</summary>
    internal async Task SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Webhooks already sending all they may are left out of the query, or a slow receiver's backlog (the oldest
        // rows) would fill every batch and hold up everyone else's deliveries.
        var busy = _inFlightPerHook.Where(h => h.Value >= PerWebhook).Select(h => h.Key).ToList();
        var busySpaces = _inFlightPerSpace.Where(s => s.Value >= PerSpace).Select(s => s.Key).ToList();
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && !busy.Contains(d.WebhookId)
                        && d.Webhook.Active && !busySpaces.Contains(d.Webhook.SpaceId))
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => new { d.Id, d.WebhookId, d.Webhook.SpaceId, d.NextAttemptAt })
            .Take(AtOnce * 4)
            .ToListAsync(ct);
        // What there is room for, within the limits per webhook, per space and in all.
        var room = AtOnce - Volatile.Read(ref _inFlight);
        var planned = new Dictionary<Guid, int>();
        var plannedPerSpace = new Dictionary<Guid, int>();
        var wanted = new List<Guid>();
        foreach (var d in due)
        {
            if (wanted.Count >= room) break;
            if (_inFlightPerHook.GetValueOrDefault(d.WebhookId) + planned.GetValueOrDefault(d.WebhookId) >= PerWebhook) continue;
            if (_inFlightPerSpace.GetValueOrDefault(d.SpaceId) + plannedPerSpace.GetValueOrDefault(d.SpaceId) >= PerSpace) continue;
            planned[d.WebhookId] = planned.GetValueOrDefault(d.WebhookId) + 1;
            plannedPerSpace[d.SpaceId] = plannedPerSpace.GetValueOrDefault(d.SpaceId) + 1;
            wanted.Add(d.Id);
        }
        if (wanted.Count == 0) return;
        // A lease ending at a moment unique to this claim: a process killed mid-send leaves a claim that expires.
        var lease = now + Lease + TimeSpan.FromTicks(Random.Shared.NextInt64(1, TimeSpan.TicksPerSecond));
        var claimedIds = (await OutboxClaims.ClaimDeliveriesAsync(db, wanted, now, lease, ct)).ToHashSet();
        var claimed = due.Where(d => claimedIds.Contains(d.Id)).ToList();
        foreach (var d in claimed)
        {
            _inFlightPerHook.AddOrUpdate(d.WebhookId, 1, (_, n) => n + 1);
            _inFlightPerSpace.AddOrUpdate(d.SpaceId, 1, (_, n) => n + 1);
            Interlocked.Increment(ref _inFlight);
            _ = Task.Run(async () =>
            {
                try
                {
                    await SendAsync(d.Id, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // The app is stopping mid-send: the claim's lease runs out and another start sends it again.
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Sending webhook delivery {Delivery} failed unexpectedly; its lease will expire and it is sent again", d.Id);
                }
                finally
                {
                    _inFlightPerHook.AddOrUpdate(d.WebhookId, 0, (_, n) => n - 1);
                    _inFlightPerSpace.AddOrUpdate(d.SpaceId, 0, (_, n) => n - 1);
                    Interlocked.Decrement(ref _inFlight);
                    signal.Wake();
                }
            }, CancellationToken.None);
        }
    }

    private async Task SendAsync(Guid deliveryId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await db.WebhookDeliveries.Include(d => d.Webhook).SingleOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is null) return; // the webhook was deleted meanwhile
        var hook = delivery.Webhook;
        var started = clock.GetUtcNow().UtcDateTime;
        if (!hook.Active || !await WebhookAuthority.HoldsAsync(db, hook.CreatedById, hook.SpaceId, ct))
        {
            // Turned off meanwhile, or its admin is no longer one (and the change that made it so did not say).
            if (hook.Active) await WebhookAuthority.StopWhereLostAsync(db, hook.CreatedById, hook.SpaceId, started, ct);
            await WebhookAuthority.DropPendingAsync(db, [hook.Id], ct);
            return;
        }
        // Fixed at the first attempt (saved with its result), so every retry carries the same bytes and signature.
        var firstAttempt = delivery.Body is null;
        delivery.Body ??= await payloads.BodyAsync(db, delivery, ct);
        string secret;
        string? previousSecret;
        using (var scope = scopes.CreateScope())
        {
            var webhooks = scope.ServiceProvider.GetRequiredService<WebhookService>();
            (secret, previousSecret) = (webhooks.Secret(hook), webhooks.PreviousSecret(hook, started));
        }
        var body = Encoding.UTF8.GetBytes(delivery.Body ?? "{}");

        var watch = Stopwatch.StartNew();
        int? status = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Add("X-IssueTracker-Event", delivery.Type);
            request.Headers.Add("X-IssueTracker-Delivery", delivery.Id.ToString());
            request.Headers.Add("X-IssueTracker-Signature-256", Signature(secret, body));
            // For a day after the secret was rotated, the old one signs too, so a receiver can switch without a gap.
            if (previousSecret is not null) request.Headers.Add("X-IssueTracker-Signature-256-Previous", Signature(previousSecret, body));
            request.Headers.UserAgent.ParseAdd("IssueTracker-Webhooks/1");
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) error = $"The receiver answered {status}.";
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            error = e is HttpRequestException ? Trim(e.Message) : "No answer within 10 seconds.";
        }
        watch.Stop();

        var now = clock.GetUtcNow().UtcDateTime;
        delivery.ResponseStatus = status;
        delivery.DurationMs = (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds);
        delivery.Error = error;
        var settings = options.Value.Webhooks;
        var turnOff = false;
        if (error is null)
        {
            delivery.Status = DeliveryStatus.Succeeded;
            hook.FailingSince = null;
        }
        else
        {
            hook.FailingSince ??= now;
            turnOff = now - hook.FailingSince >= settings.DisableAfterFailingFor;
            var wait = Backoff(settings.FirstRetryAfter, delivery.Attempts);
            if (now + wait > delivery.CreatedAt + settings.GiveUpAfter) delivery.Status = DeliveryStatus.Failed;
            else delivery.NextAttemptAt = now + wait;
            logger.LogInformation("Webhook delivery {Delivery} to {Url} failed (attempt {Attempt}): {Error}", delivery.Id, hook.Url, delivery.Attempts, error);
        }
        try
        {
            var sent = delivery.Body;
            if (firstAttempt) db.Entry(delivery).Property(d => d.Body).IsModified = false;
            await db.SaveChangesAsync(ct);
            // Kept only if nothing was written meanwhile: deleting what it tells of puts a note there (DeliveryScrub),
            // which a body saved afterwards must not replace.
            if (firstAttempt)
                await db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.Body == null).ExecuteUpdateAsync(s => s.SetProperty(d => d.Body, sent), ct);
            if (turnOff)
                await WebhookAuthority.StopAsync(db, [hook.Id],
                    $"Turned off: every delivery failed for {settings.DisableAfterFailingFor.TotalHours:0.#} hours (the last: {error}) Fix the receiver, then turn it on.", now, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The webhook (and its log) was deleted while this was on its way: nothing to record.
        }
    }

    private static string Signature(string secret, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>The wait after the given attempt failed: the first wait, doubled per attempt after it, up to an hour.</summary>
    public static TimeSpan Backoff(TimeSpan first, int attempts) =>
        TimeSpan.FromTicks((long)Math.Min(MaxBackoff.Ticks, first.Ticks * Math.Pow(2, Math.Max(0, attempts - 1))));

    private static string Trim(string message) => message.Length <= 500 ? message : message[..499] + "…";
}

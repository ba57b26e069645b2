using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Live;

/// <summary>
/// <c>GET /api/events</c>: every change the caller may see, as Server-Sent Events, the moment it commits (README,
/// "Follow changes live"). Written by hand rather than with <c>TypedResults.ServerSentEvents</c> because the contract
/// asks for <c>: keep-alive</c> comment lines, which that result cannot send.
/// </summary>
public static class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/events").WithTags("Events");
        group.MapGet("/", StreamEvents).WithName(nameof(StreamEvents)).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Live changes as server-sent events, resumable with Last-Event-ID").Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return group;
    }

    /// <summary>
    /// How often a stream asks whether its credentials still hold, so it ends within 5 s of an end the feed does not
    /// tell of (a token's expiry); revocation, deactivation and sign-out end it at once.
    /// </summary>
    public static readonly TimeSpan CredentialCheck = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Replays what the caller missed after <c>Last-Event-ID</c> (header, or <c>last_event_id</c>), then streams live
    /// events; each is checked against the spaces the caller can see now (<see cref="FeedAudience"/>). Ends when the client goes, when it falls too
    /// far behind (it resumes from its last id), or soon after its token is revoked or expires, its person is
    /// deactivated or signs out (a cookie stream). At most <c>Events:MaxStreamsPerUser</c> streams per person (429).
    /// </summary>
    public static async Task StreamEvents(
        [AsParameters] EventStreamParameters parameters, HttpContext http, ClaimsPrincipal user, EventService events, ChangeFeed feed,
        StreamSlots slots, StreamCredentials credentials, IOptions<IssueTrackerOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var keepAlive = TimeSpan.FromSeconds(Math.Max(1, options.Value.Events.KeepAliveSeconds));
        var (filter, resumeAfter) = parameters.Read(http.Request.Headers["Last-Event-ID"].ToString());
        var actorId = user.ActorId();
        using var slot = slots.TryTake(actorId, options.Value.Events.MaxStreamsPerUser)
            ?? throw new TooManyRequestsException($"You have {options.Value.Events.MaxStreamsPerUser} event streams open already; close one first.", TimeSpan.FromSeconds(30));
        var still = credentials.Of(user);
        // Subscribe before reading where to start and what may be heard: nothing committed in between can fall between.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var live = feed.Subscribe(stop.Token);
        var hearing = new FeedAudience(actorId, ActorClaims.GetTokenGrant(user)?.TokenId, (_, c) => events.AudienceAsync(actorId, c));
        if (!await hearing.StartAsync(feed.LastPublishedId, ct)) throw new NotFoundException("User");
        var newest = await events.LatestIdAsync(ct);
        // Past the newest event (a restored or rebuilt server): saying nothing would leave the client silent for good.
        if (resumeAfter > newest)
            throw new ConflictException($"Last-Event-ID {resumeAfter} is past the newest event, {newest}: this server's events were restored or rebuilt. Resume from {newest}, or reconnect without Last-Event-ID for what happens from now.")
            {
                Extensions = new Dictionary<string, object?> { ["newest_event_id"] = newest },
            };
        var last = resumeAfter ?? newest;

        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Proxies (nginx) must pass each event on at once rather than buffer the response.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync(": connected\n\n", ct);
        await response.Body.FlushAsync(ct);

        try
        {
            for (IReadOnlyList<ChangeEvent> batch; (batch = await events.ReplayAsync(last, filter, hearing.Current!, ct)).Count > 0;)
            {
                foreach (var e in batch) await WriteAsync(response, e, hearing.Current!, ct);
                last = batch[^1].Id;
                if (batch.Count < EventService.ReplayBatch) break;
            }
            await response.Body.FlushAsync(ct);

            var nextKeepAlive = clock.GetUtcNow() + keepAlive;
            var nextCheck = clock.GetUtcNow() + CredentialCheck;
            while (!ct.IsCancellationRequested)
            {
                if (clock.GetUtcNow() >= nextCheck)
                {
                    if (!await still.HoldAsync(ct)) return;
                    nextCheck = clock.GetUtcNow() + CredentialCheck;
                }
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var wake = (nextKeepAlive < nextCheck ? nextKeepAlive : nextCheck) - clock.GetUtcNow();
                quiet.CancelAfter(wake > TimeSpan.Zero ? wake : TimeSpan.Zero);
                ChangeEvent e;
                try
                {
                    e = await live.ReadAsync(quiet.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    if (clock.GetUtcNow() < nextKeepAlive) continue;
                    await response.WriteAsync(": keep-alive\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    nextKeepAlive = clock.GetUtcNow() + keepAlive;
                    continue;
                }
                if (e.Id <= last) continue;
                last = e.Id;
                var heard = await hearing.HearAsync(e, filter, ct);
                if (heard == Heard.End) return;
                if (heard == Heard.AccessChanged || clock.GetUtcNow() >= nextCheck)
                {
                    // A revoked token, a deactivation or a sign-out: the stream ends now, before any later change.
                    if (!await still.HoldAsync(ct)) return;
                    nextCheck = clock.GetUtcNow() + CredentialCheck;
                }
                if (heard != Heard.Event) continue;
                await WriteAsync(response, e, hearing.Current!, ct);
                await response.Body.FlushAsync(ct);
                nextKeepAlive = clock.GetUtcNow() + keepAlive;
            }
        }
        catch (ChannelClosedException)
        {
            // Too far behind (SubscriberTooSlowException): end here; the client resumes from its last event id.
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static Task WriteAsync(HttpResponse response, ChangeEvent e, Audience audience, CancellationToken ct)
    {
        var text = new StringBuilder()
            .Append("id: ").Append(e.Id.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("event: ").Append(e.Type).Append('\n')
            .Append("data: ").Append(JsonSerializer.Serialize(EventService.ToDto(e, audience), ApiJson.Options)).Append("\n\n");
        return response.WriteAsync(text.ToString(), ct);
    }
}

/// <summary>The filters of <c>GET /api/events</c>, bound as text so a bad value is a 400 naming it.</summary>
public sealed class EventStreamParameters
{
    [FromQuery(Name = "space_id")] public string? SpaceId { get; set; }
    [FromQuery(Name = "issue_id")] public string? IssueId { get; set; }
    /// <summary>A comma list of event types, e.g. <c>issue.created,issue.updated</c>.</summary>
    [FromQuery(Name = "types")] public string? Types { get; set; }
    /// <summary>Resume after this event id (the <c>Last-Event-ID</c> header wins when both are sent).</summary>
    [FromQuery(Name = "last_event_id")] public string? LastEventId { get; set; }

    public (EventFilter Filter, long? ResumeAfter) Read(string? lastEventIdHeader)
    {
        var errors = new ValidationErrors();
        var filter = new EventFilter(QueryText.Guid(SpaceId, "space_id", errors), QueryText.Guid(IssueId, "issue_id", errors), EventService.ParseTypes(Types, errors));
        var raw = string.IsNullOrEmpty(lastEventIdHeader) ? LastEventId : lastEventIdHeader;
        long? resume = null;
        if (!string.IsNullOrEmpty(raw))
        {
            if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) resume = id;
            else errors.Add("last_event_id", $"'{raw}' is not an event id.");
        }
        errors.ThrowIfAny();
        return (filter, resume);
    }
}

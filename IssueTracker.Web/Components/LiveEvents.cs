using System.Threading.Channels;
using IssueTracker.Web.Contracts;
using IssueTracker.Web.Data;
using IssueTracker.Web.Domain;
using IssueTracker.Web.Services;

namespace IssueTracker.Web.Components;

/// <summary>
/// A page's ear on the change feed: it hears each committed change the signed-in person may see (their spaces are
/// re-read at most once a second, so someone removed from a space stops hearing it), and nothing else. Pages react by
/// reloading through the services, which check access again. Registered per circuit.
/// </summary>
public sealed class LiveEvents(ChangeFeed feed, EventService events, SharedReads shared, ConnectionState connection, TimeProvider clock, ILogger<LiveEvents> logger)
{
    private static readonly TimeSpan AudienceRefresh = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Calls <paramref name="onEvent"/> for every visible change from now on, and <paramref name="onGap"/> when the page
    /// fell too far behind to hear them all (it should reload). Dispose the result to stop (the page's Dispose).
    /// </summary>
    public IDisposable Listen(Guid actorId, Func<ChangeEvent, Task> onEvent, Func<Task> onGap) =>
        Listen(actorId, (e, _) => onEvent(e), onGap);

    /// <summary>The same, with the audience the change was checked against (a page that shares reads keys on it).</summary>
    public IDisposable Listen(Guid actorId, Func<ChangeEvent, Audience, Task> onEvent, Func<Task> onGap)
    {
        var stop = new CancellationTokenSource();
        // While the browser is away nothing is shown, so nothing is reloaded; once back, the page catches up once.
        var missed = false;
        Func<Task> catchUp = async () =>
        {
            if (!missed) return;
            missed = false;
            await onGap();
        };
        connection.Reconnected += catchUp;
        stop.Token.Register(() => connection.Reconnected -= catchUp);
        _ = RunAsync(actorId, (e, audience) =>
        {
            if (connection.IsUp) return onEvent(e, audience);
            missed = true;
            return Task.CompletedTask;
        }, onGap, stop.Token);
        return stop;
    }

    private async Task RunAsync(Guid actorId, Func<ChangeEvent, Audience, Task> onEvent, Func<Task> onGap, CancellationToken ct)
    {
        var all = new EventFilter(null, null, null);
        Audience? audience = null;
        var audienceAt = DateTimeOffset.MinValue;
        while (!ct.IsCancellationRequested)
        {
            var reader = feed.Subscribe(ct);
            try
            {
                await foreach (var e in reader.ReadAllAsync(ct))
                {
                    if (clock.GetUtcNow() - audienceAt >= AudienceRefresh)
                    {
                        // One read per person per second, however many of their pages are open.
                        var second = clock.GetUtcNow().ToUnixTimeSeconds();
                        audience = (await shared.GetAsync($"audience:{actorId}:{second}", async () => new[] { await events.AudienceAsync(actorId, CancellationToken.None) }))[0];
                        audienceAt = clock.GetUtcNow();
                    }
                    if (audience is null) return;
                    if (EventService.Reaches(e, all, audience)) await onEvent(e, audience);
                }
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ChannelClosedException)
            {
                // Too far behind: listen again from now, and let the page catch up by reloading.
                await onGap();
            }
            catch (Exception e)
            {
                // A page's reaction failed; the page stays as it was, and keeps listening.
                logger.LogError(e, "A live update failed");
            }
        }
    }
}

/// <summary>How a change reads in a page's quiet note of who changed what.</summary>
public static class ChangeWords
{
    public static string Describe(ChangeEvent e) => e.Type switch
    {
        ChangeTypes.IssueCreated => $"{e.ActorName} opened {e.IssueKey}",
        ChangeTypes.IssueDeleted => $"{e.ActorName} deleted {e.IssueKey}",
        ChangeTypes.IssueUpdated when e.Changes?.Contains("\"sla\":", StringComparison.Ordinal) == true =>
            e.Changes.Contains("\"to\":\"breached\"", StringComparison.Ordinal) ? $"{e.IssueKey} breached its SLA" : $"{e.IssueKey} is due soon (SLA)",
        ChangeTypes.IssueUpdated => $"{e.ActorName} changed {e.IssueKey}",
        ChangeTypes.CommentCreated => $"{e.ActorName} commented on {e.IssueKey}",
        ChangeTypes.CommentUpdated => $"{e.ActorName} edited a comment on {e.IssueKey}",
        ChangeTypes.CommentDeleted => $"{e.ActorName} deleted a comment on {e.IssueKey}",
        ChangeTypes.AlertFired => $"An alert fired{(e.IssueKey is null ? "" : " on " + e.IssueKey)}",
        _ => $"An alert resolved{(e.IssueKey is null ? "" : " on " + e.IssueKey)}",
    };
}

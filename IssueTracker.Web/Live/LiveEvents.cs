using System.Threading.Channels;
using Microsoft.AspNetCore.Components;

namespace IssueTracker.Web.Live;

/// <summary>
/// A page's ear on the change feed: it hears each committed change the signed-in person may see (<see cref="FeedAudience"/>:
/// their spaces are read again the moment the feed says they changed), and nothing else. Pages react by reloading
/// through the services, which check access again. Registered per circuit.
/// </summary>
public sealed class LiveEvents(ChangeFeed feed, EventService events, SharedReads shared, ConnectionState connection, ILogger<LiveEvents> logger)
{
    /// <summary>
    /// Calls <paramref name="onEvent"/> for every visible change from now on, and <paramref name="onGap"/> when the page
    /// fell too far behind to hear them all (it should reload). Dispose the result to stop (the page's Dispose): that
    /// ends the subscription at once, so the page can be collected. Only an interactive page listens
    /// (<paramref name="renderer"/>); null otherwise: a prerender's components outlive its request and are never
    /// disposed (bench/RESULTS.md), so a subscription of theirs would stay for good.
    /// </summary>
    public IDisposable? Listen(RendererInfo renderer, Guid actorId, Func<ChangeEvent, Task> onEvent, Func<Task> onGap) =>
        Listen(renderer, actorId, (e, _) => onEvent(e), onGap);

    /// <summary>The same, with the audience the change was checked against (a page that shares reads keys on it).</summary>
    public IDisposable? Listen(RendererInfo renderer, Guid actorId, Func<ChangeEvent, Audience, Task> onEvent, Func<Task> onGap)
    {
        if (!renderer.IsInteractive) return null;
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
        return new Subscription(stop);
    }

    // A CancellationTokenSource disposed is not cancelled: its registrations (the feed's, the Reconnected handler) would
    // stay, and with them the page, for the life of the process.
    private sealed class Subscription(CancellationTokenSource stop) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            stop.Cancel();
            stop.Dispose();
        }
    }

    private async Task RunAsync(Guid actorId, Func<ChangeEvent, Audience, Task> onEvent, Func<Task> onGap, CancellationToken ct)
    {
        var all = new EventFilter(null, null, null);
        // One read per person per access change, however many of their pages are open.
        var audience = new FeedAudience(actorId, null, async (position, _) =>
            (await shared.GetAsync($"audience:{actorId}:{position}", async () => new[] { await events.AudienceAsync(actorId, CancellationToken.None) }))[0]);
        while (!ct.IsCancellationRequested)
        {
            var reader = feed.Subscribe(ct);
            try
            {
                if (!await audience.StartAsync(feed.LastPublishedId, ct)) return;
                await foreach (var e in reader.ReadAllAsync(ct))
                {
                    switch (await audience.HearAsync(e, all, ct))
                    {
                        case Heard.Event:
                            await onEvent(e, audience.Current!);
                            break;
                        case Heard.End:
                            return;
                    }
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

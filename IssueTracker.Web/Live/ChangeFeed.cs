using System.Threading.Channels;

namespace IssueTracker.Web.Live;

/// <summary>
/// The live side of the change feed in this process: every <see cref="ChangeEvent"/> is published here right after
/// the transaction that wrote it commits (<see cref="ChangeFeedInterceptor"/>), never before and never for a rollback.
/// Pages and the SSE endpoint subscribe here, not to the services. On a database several instances share, every
/// instance's events come in through <see cref="ChangeFeedReader"/> instead, read from the table in commit order.
/// </summary>
/// <remarks>
/// A subscriber that falls <see cref="BufferPerSubscriber"/> events behind is cut off (its reader completes with
/// <see cref="SubscriberTooSlowException"/>) rather than holding memory without bound; it resumes from the table by id.
/// </remarks>
public sealed class ChangeFeed
{
    public const int BufferPerSubscriber = 1000;

    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = new([]);

    /// <summary>Starts receiving every event published from now on, until the token is cancelled.</summary>
    public ChannelReader<ChangeEvent> Subscribe(CancellationToken ct)
    {
        var channel = Channel.CreateBounded<ChangeEvent>(new BoundedChannelOptions(BufferPerSubscriber) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        lock (_gate) _subscribers = new([.. _subscribers.Channels, channel]);
        ct.Register(() => Remove(channel, null));
        return channel.Reader;
    }

    private long _lastPublishedId;

    /// <summary>The newest event id published here: readers that start after it share what they read (the board's reloads).</summary>
    public long LastPublishedId => Interlocked.Read(ref _lastPublishedId);

    /// <summary>Events up to <paramref name="id"/> are history (committed before this process listened): nothing publishes them.</summary>
    public void StartAfter(long id)
    {
        for (long seen; (seen = Interlocked.Read(ref _lastPublishedId)) < id;)
            Interlocked.CompareExchange(ref _lastPublishedId, id, seen);
    }

    /// <summary>Hands committed events, in commit order, to every subscriber.</summary>
    public void Publish(IReadOnlyList<ChangeEvent> events)
    {
        if (events.Count == 0) return;
        StartAfter(events.Max(e => e.Id));
        foreach (var channel in _subscribers.Channels)
        {
            foreach (var e in events)
            {
                if (channel.Writer.TryWrite(e)) continue;
                Remove(channel, new SubscriberTooSlowException());
                break;
            }
        }
    }

    /// <summary>How many subscribers are listening (for tests and diagnostics).</summary>
    public int SubscriberCount => _subscribers.Channels.Length;

    private void Remove(Channel<ChangeEvent> channel, Exception? error)
    {
        lock (_gate) _subscribers = new([.. _subscribers.Channels.Where(c => c != channel)]);
        channel.Writer.TryComplete(error);
    }

    // Copy-on-write: publishing (every commit) reads without a lock; subscribing and leaving are rare.
    private sealed record ImmutableSubscribers(Channel<ChangeEvent>[] Channels);
}

/// <summary>A subscriber fell too far behind the feed; it should resume from the event table.</summary>
public sealed class SubscriberTooSlowException() : Exception("The subscriber fell too far behind the change feed.");

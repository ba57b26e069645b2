namespace IssueTracker.Web.Live;

/// <summary>
/// What one person (through one token, for a stream) may hear of the change feed, kept current by the feed itself:
/// an <see cref="ChangeTypes.AccessChanged"/> event about them makes it read their spaces again before any later change
/// is heard, so a member removed from a space hears nothing of it from the very next event on, on every instance. The
/// one audience rule for the SSE endpoint and the pages' <c>LiveEvents</c>.
/// </summary>
public sealed class FeedAudience(Guid actorId, Guid? tokenId, Func<long, CancellationToken, Task<Audience?>> read)
{
    /// <summary>The spaces the person may hear of now; null once they may hear nothing (gone or deactivated).</summary>
    public Audience? Current { get; private set; }

    /// <summary>Reads the audience as it is at feed position <paramref name="position"/> (subscribe first, then start).</summary>
    public async Task<bool> StartAsync(long position, CancellationToken ct)
    {
        Current = await read(position, ct);
        return Current is not null;
    }

    /// <summary>What the person makes of one event of the feed, in feed order.</summary>
    public async Task<Heard> HearAsync(ChangeEvent e, EventFilter filter, CancellationToken ct)
    {
        if (AccessEvents.IsInternal(e))
        {
            if (!AccessEvents.Concerns(e, actorId, tokenId)) return Heard.Nothing;
            Current = await read(e.Id, ct);
            return Current is null ? Heard.End : Heard.AccessChanged;
        }
        return Current is not null && EventService.Reaches(e, filter, Current) ? Heard.Event : Heard.Nothing;
    }
}

/// <summary>What an event of the feed is to one listener.</summary>
public enum Heard
{
    /// <summary>Not theirs to hear.</summary>
    Nothing,
    /// <summary>A change they may see.</summary>
    Event,
    /// <summary>What they may see (or their token) changed; the audience is read again. Credentials may need a look.</summary>
    AccessChanged,
    /// <summary>They may hear nothing any more.</summary>
    End,
}

using System.Collections.Concurrent;

namespace IssueTracker.Web.Live;

/// <summary>
/// Open event streams per person on this instance: each holds a buffer of the feed and its own reads, so one person
/// (or one leaked token) must not open them without end. Per instance, like the other limits (README, "Security").
/// </summary>
public sealed class StreamSlots
{
    private readonly ConcurrentDictionary<Guid, int> _open = new();

    /// <summary>A slot for one more stream of <paramref name="userId"/>, released when disposed; null when they have <paramref name="max"/> open.</summary>
    public IDisposable? TryTake(Guid userId, int max)
    {
        var taken = _open.AddOrUpdate(userId, 1, (_, n) => n + 1);
        if (taken <= Math.Max(1, max)) return new Slot(this, userId);
        Release(userId);
        return null;
    }

    /// <summary>How many streams a person has open here (for tests).</summary>
    public int OpenFor(Guid userId) => _open.GetValueOrDefault(userId);

    private void Release(Guid userId)
    {
        var left = _open.AddOrUpdate(userId, 0, (_, n) => n - 1);
        if (left <= 0) _open.TryRemove(new KeyValuePair<Guid, int>(userId, 0));
    }

    private sealed class Slot(StreamSlots slots, Guid userId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release(userId);
        }
    }
}

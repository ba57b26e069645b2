using System.Collections.Concurrent;

namespace IssueTracker.Web.Live;

/// <summary>
/// Reads that many open pages would make alike when one change reaches them all: the first page to ask reads, the
/// others with the same key reuse that read for a few seconds. The key says everything the result depends on (the
/// change, the filter, the spaces the person may see), so no one is shown what their own read would not show.
/// One per app instance, in memory.
/// </summary>
public sealed class SharedReads(TimeProvider clock)
{
    private static readonly TimeSpan Keep = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Lazy<Task<object>> Read)> _reads = new();

    public async Task<T> GetAsync<T>(string key, Func<Task<T>> read) where T : class
    {
        var now = clock.GetUtcNow();
        if (_reads.Count > 64)
            foreach (var old in _reads.Where(r => now - r.Value.At > Keep)) _reads.TryRemove(old);
        var entry = _reads.GetOrAdd(key, _ => (now, new Lazy<Task<object>>(async () => await read())));
        try
        {
            return (T)await entry.Read.Value;
        }
        catch
        {
            // A failed read is not shared: the next page to ask reads again.
            _reads.TryRemove(new KeyValuePair<string, (DateTimeOffset, Lazy<Task<object>>)>(key, entry));
            throw;
        }
    }
}

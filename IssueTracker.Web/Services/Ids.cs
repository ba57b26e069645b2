namespace IssueTracker.Web.Services;

/// <summary>
/// Time-ordered (version 7) ids that also keep their creation order among ids of the same millisecond, so the rows
/// one change writes with one timestamp (several history lines) sort in the order they were written, even while
/// other requests create ids for other timestamps in between.
/// </summary>
/// <remarks>
/// REVIEW: monotonic per process. Two instances writing one issue's history in the same millisecond may interleave;
/// the timestamps still order everything coarser than that.
/// </remarks>
public static class Ids
{
    private const int RememberedMilliseconds = 4096;
    private static readonly Lock Gate = new();
    private static readonly Dictionary<long, Guid> LastOfMillisecond = new();
    private static readonly Queue<long> Remembered = new();

    public static Guid New(DateTime at)
    {
        var time = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        var millisecond = time.ToUnixTimeMilliseconds();
        var id = Guid.CreateVersion7(time);
        lock (Gate)
        {
            if (LastOfMillisecond.TryGetValue(millisecond, out var last))
            {
                if (string.CompareOrdinal(id.ToString(), last.ToString()) <= 0) id = Increment(last);
            }
            else
            {
                Remembered.Enqueue(millisecond);
                if (Remembered.Count > RememberedMilliseconds) LastOfMillisecond.Remove(Remembered.Dequeue());
            }
            LastOfMillisecond[millisecond] = id;
            return id;
        }
    }

    private static Guid Increment(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        for (var i = 15; i > 8; i--)
        {
            if (++bytes[i] != 0) break;
        }
        return new Guid(bytes, bigEndian: true);
    }
}

namespace IssueTracker.Web.Services;

/// <summary>
/// Time-ordered (version 7) ids that also keep their creation order within one millisecond, so rows written in one
/// transaction (several history lines of one change) sort in the order they were written.
/// </summary>
/// <remarks>
/// REVIEW: monotonic per process. Two instances writing one issue's history in the same millisecond may interleave;
/// the timestamps still order everything coarser than that.
/// </remarks>
public static class Ids
{
    private static readonly Lock Gate = new();
    private static Guid _last;

    public static Guid New(DateTime at)
    {
        var id = Guid.CreateVersion7(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)));
        lock (Gate)
        {
            if (string.CompareOrdinal(id.ToString(), _last.ToString()) <= 0 && SameMillisecond(id, _last))
                id = Increment(_last);
            _last = id;
            return id;
        }
    }

    private static bool SameMillisecond(Guid a, Guid b) =>
        a.ToByteArray(bigEndian: true).AsSpan(0, 6).SequenceEqual(b.ToByteArray(bigEndian: true).AsSpan(0, 6));

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

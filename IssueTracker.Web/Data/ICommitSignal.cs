namespace IssueTracker.Web.Data;

/// <summary>
/// "Some connection committed changes": how a provider that several app instances share tells this process to read
/// the change feed's table (PostgreSQL's LISTEN/NOTIFY, <c>Data/Postgres</c>). Registered only by such a provider;
/// without one (SQLite, one process) the feed is published by this process's own commits.
/// </summary>
public interface ICommitSignal
{
    /// <summary>
    /// Returns when a commit was signalled or <paramref name="timeout"/> passed, whichever is first. Throws when the
    /// signal was lost (a dropped connection): the caller reads the table anyway, and the next call listens again.
    /// </summary>
    Task WaitAsync(TimeSpan timeout, CancellationToken ct);
}

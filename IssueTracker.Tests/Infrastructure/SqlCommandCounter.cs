using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IssueTracker.Tests.Infrastructure;

/// <summary>
/// Counts the SQL commands EF Core executes against one database (a SQLite file, or a PostgreSQL database by name),
/// through EF's diagnostic events, so a test can prove a query's command count does not grow with its page size (no N+1).
/// </summary>
public sealed class SqlCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly Func<System.Data.Common.DbConnection?, bool> _matches;
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = [];
    private int _count;

    public SqlCommandCounter(string databaseFile) : this(Matching(Path.GetFullPath(databaseFile))) { }

    private SqlCommandCounter(Func<System.Data.Common.DbConnection?, bool> matches)
    {
        _matches = matches;
        _subscription = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Counts the commands run against the test database, whichever provider it is on.</summary>
    public static SqlCommandCounter For(TestDatabase db)
    {
        if (db.Postgres is null) return new SqlCommandCounter(db.FilePath);
        var name = new Npgsql.NpgsqlConnectionStringBuilder(db.Postgres).Database;
        return new SqlCommandCounter(c => c is Npgsql.NpgsqlConnection && c.Database == name);
    }

    private static Func<System.Data.Common.DbConnection?, bool> Matching(string file) =>
        c => c is Microsoft.Data.Sqlite.SqliteConnection && Path.GetFullPath(c.DataSource ?? "") == file;

    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Repeats <paramref name="probe"/> (which runs at least one command) until the counter sees it: EF caches whether
    /// anyone listens for up to a second (LoggingCacheTime), and pooled contexts keep that cache between leases.
    /// </summary>
    public async Task WaitUntilCountingAsync(Func<Task> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (await CountAsync(probe) == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("EF Core's diagnostic events never reached the counter.");
            await Task.Delay(100);
        }
        // The probe's context sees the counter now; another pooled context (PostgreSQL's pool holds several) may still
        // hold its cached "nobody listens" for up to LoggingCacheTime.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
    }

    /// <summary>Runs <paramref name="action"/> and returns how many commands it executed.</summary>
    public async Task<int> CountAsync(Func<Task> action)
    {
        var before = Count;
        await action();
        return Count - before;
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name) lock (_listeners) _listeners.Add(listener.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Key == RelationalEventId.CommandExecuted.Name && e.Value is CommandExecutedEventData data
            && _matches(data.Command.Connection))
            Interlocked.Increment(ref _count);
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose()
    {
        _subscription.Dispose();
        lock (_listeners) _listeners.ForEach(l => l.Dispose());
    }
}

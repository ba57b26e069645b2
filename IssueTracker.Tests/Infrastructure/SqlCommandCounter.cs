using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IssueTracker.Tests.Infrastructure;

/// <summary>
/// Counts the SQL commands EF Core executes against one database file, through EF's diagnostic events, so a test can
/// prove a query's command count does not grow with its page size (no N+1).
/// </summary>
public sealed class SqlCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _dataSource;
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = [];
    private int _count;

    public SqlCommandCounter(string databaseFile)
    {
        _dataSource = Path.GetFullPath(databaseFile);
        _subscription = DiagnosticListener.AllListeners.Subscribe(this);
    }

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
            && Path.GetFullPath(data.Command.Connection?.DataSource ?? "") == _dataSource)
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

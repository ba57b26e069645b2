using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IssueTracker.Web.Data.Sqlite;

/// <summary>
/// Queues this process's write transactions on one database file in arrival order, so a writer waits here for the
/// one before it instead of inside SQLite's busy handler.
/// </summary>
/// <remarks>
/// SQLite has one writer at a time. A transaction that finds the write lock taken sleeps in the busy handler in
/// ever longer steps and retries, so under concurrent writes writers sleep while the lock sits free, and
/// tail latency grows far beyond one writer's. Queued here, the next writer starts the
/// moment the previous one commits. Every EF transaction passes through (explicit ones and SaveChanges' own); the
/// turn ends at commit, rollback or failure, and at the latest when the connection closes, so an exception between
/// begin and commit never keeps the queue waiting. Other processes on the same file still meet SQLite's busy timeout.
/// </remarks>
public sealed class SqliteWriteQueue(TimeSpan maxWait) : IDbTransactionInterceptor
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    // The connection holding the turn, with its close handler.
    private readonly ConditionalWeakTable<DbConnection, StateChangeEventHandler> _holders = new();

    /// <summary>No write transaction of this process is running or waiting to start.</summary>
    public bool IsIdle => _turn.CurrentCount == 1;

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (!_turn.Wait(maxWait)) throw Busy();
        Hold(connection);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (!await _turn.WaitAsync(maxWait, cancellationToken)) throw Busy();
        Hold(connection);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(ConnectionOf(transaction, eventData));

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Release(ConnectionOf(transaction, eventData));

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(ConnectionOf(transaction, eventData));

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Release(ConnectionOf(transaction, eventData));

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(ConnectionOf(transaction, eventData));

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Release(ConnectionOf(transaction, eventData));

    // Microsoft.Data.Sqlite forgets a transaction's connection once it completes; the context still knows it.
    private static DbConnection? ConnectionOf(DbTransaction transaction, DbContextEventData eventData) =>
        eventData.Context?.Database.GetDbConnection() ?? transaction.Connection;

    // A transaction abandoned by an exception is rolled back when its connection closes (the context's disposal);
    // EF raises no transaction event for that, so the connection's own state change ends the turn.
    private void Hold(DbConnection connection)
    {
        StateChangeEventHandler onClosed = (_, e) =>
        {
            if (e.CurrentState == System.Data.ConnectionState.Closed) Release(connection);
        };
        _holders.AddOrUpdate(connection, onClosed);
        connection.StateChange += onClosed;
    }

    // Exactly once per turn: whichever of commit, rollback, failure or close comes first.
    private Task Release(DbConnection? connection)
    {
        if (connection is null || !_holders.TryGetValue(connection, out var onClosed) || !_holders.Remove(connection)) return Task.CompletedTask;
        connection.StateChange -= onClosed;
        _turn.Release();
        return Task.CompletedTask;
    }

    private DatabaseBusyException Busy() =>
        new($"Another write on this database held it for more than {maxWait.TotalSeconds:0} s; the write was not started.");
}

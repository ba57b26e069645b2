using Npgsql;

namespace IssueTracker.Web.Data.Postgres;

/// <summary>
/// LISTEN on <see cref="Channel"/>, which the <c>ChangeEventsCommitOrder</c> trigger notifies once per committing
/// transaction that wrote change events (PostgreSQL delivers it only after the commit, and never for a rollback).
/// One connection of its own, outside the pool, open for the life of the app; after it is lost, the next wait opens a
/// new one and listens again. What was committed meanwhile is read from the table by the caller, so a lost
/// notification delays a change by at most one wait, never loses it.
/// </summary>
public sealed class PostgresCommitSignal(string connectionString) : ICommitSignal, IAsyncDisposable, IDisposable
{
    public const string Channel = "issuetracker_changes";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var connection = _connection ??= await ListenAsync(ct);
            try
            {
                await connection.WaitAsync(timeout, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _connection = null;
                await connection.DisposeAsync();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30, ApplicationName = "IssueTracker change feed" };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var listen = new NpgsqlCommand($"LISTEN {Channel}", connection);
            await listen.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection) await connection.DisposeAsync();
        _gate.Dispose();
    }

    // A container disposed synchronously (a plain ServiceProvider.Dispose) refuses a singleton that is async-only.
    public void Dispose()
    {
        _connection?.Dispose();
        _gate.Dispose();
    }
}

using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IssueTracker.Web.Data.Sqlite;

/// <summary>
/// The one place SQLite-only SQL lives. Applied to every connection EF opens.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>journal_mode=WAL</c> (set once by <see cref="InitializeAsync"/>; it is stored in the file): readers never block the
/// writer and the writer never blocks readers.</item>
/// <item><c>synchronous=NORMAL</c>: in WAL mode a commit is in the WAL in the OS page cache before it is acknowledged,
/// so it survives a crash of this process. A power loss or OS crash can lose the transactions committed since the last
/// checkpoint (the database stays consistent); set <c>IssueTracker:Database:Synchronous</c> to <c>FULL</c> to fsync
/// every commit at the cost of write throughput.</item>
/// <item><c>busy_timeout</c>: a writer waits for the lock instead of failing with "database is locked"; the
/// connection string's <c>Default Timeout</c> is set to match (<see cref="WithBusyTimeout"/>).</item>
/// <item><c>foreign_keys=ON</c>: cascades and integrity are enforced by the database.</item>
/// <item><c>mmap_size</c> (<c>IssueTracker:Database:MemoryMapMb</c>, 1 GB by default): pages are read from memory the
/// OS maps, not copied by a read call each into every connection's own small page cache. A text search counts its
/// matches by probing each matching row by id, all over the file; those probes are where reads cost most (bench/RESULTS.md
/// has the figures). The map shares the OS page cache, so it costs address space, not memory per connection.</item>
/// </list>
/// Write transactions start with <c>BEGIN IMMEDIATE</c> (Microsoft.Data.Sqlite's default for non-deferred
/// transactions, which EF uses), so a read-then-write transaction never deadlocks upgrading a read lock.
/// </remarks>
public sealed class SqliteConnectionSetup(string synchronous, int busyTimeoutMs, int memoryMapMb = 0) : DbConnectionInterceptor
{
    private readonly string _pragmas =
        $"PRAGMA busy_timeout={busyTimeoutMs}; PRAGMA synchronous={Validate(synchronous)}; PRAGMA foreign_keys=ON; PRAGMA mmap_size={Math.Max(0L, memoryMapMb) * 1024 * 1024};";

    // The pragmas stay set on a physical connection, and Microsoft.Data.Sqlite pools those: run them once per native
    // handle, not on every open (EF opens a connection per command, so this was on every query's path).
    private readonly ConditionalWeakTable<object, object> _prepared = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    /// <summary>
    /// The connection string with <c>Default Timeout</c> matching the busy timeout, unless it names one itself:
    /// Microsoft.Data.Sqlite retries a busy command for that long (30 s by default) after SQLite's own busy_timeout
    /// gave up, so a write behind a stuck lock waited 30 s, not the configured 10.
    /// </summary>
    public static string WithBusyTimeout(string connectionString, int busyTimeoutMs)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!builder.ShouldSerialize("Default Timeout")) builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeoutMs / 1000.0));
        return builder.ToString();
    }

    /// <summary>Sets the pragmas on a connection opened outside EF (see <see cref="SqliteDbContextFactory"/>).</summary>
    public void Apply(DbConnection connection)
    {
        if (!NeedsPragmas(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
        MarkPrepared(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        if (!NeedsPragmas(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(ct);
        MarkPrepared(connection);
    }

    private bool NeedsPragmas(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || !_prepared.TryGetValue(handle, out _);

    private void MarkPrepared(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) _prepared.AddOrUpdate(handle, handle);
    }

    /// <summary>Switches the database file to WAL (persistent) and refreshes planner statistics; once per start-up.</summary>
    public static async Task InitializeAsync(DbConnection connection, CancellationToken ct)
    {
        var wasClosed = connection.State != System.Data.ConnectionState.Open;
        if (wasClosed) await connection.OpenAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            await command.ExecuteScalarAsync(ct);
            // Table statistics for the query planner (bounded work per table). Without them SQLite may scan a whole
            // space and filter it by a full-text match instead of looking the matches up.
            command.CommandText = "PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;";
            await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            if (wasClosed) await connection.CloseAsync();
        }
    }

    /// <summary>
    /// After migrations: statistics for every index a migration added to a table analysed before. Without them SQLite
    /// takes a new index for a very selective one (ten rows a key) and may read a whole space through it: a board's
    /// reads went from milliseconds to hundreds after one such migration on 100,000 issues (bench/RESULTS.md).
    /// </summary>
    public static async Task AnalyzeNewIndexesAsync(DbConnection connection, CancellationToken ct)
    {
        var wasClosed = connection.State != System.Data.ConnectionState.Open;
        if (wasClosed) await connection.OpenAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0) return;
            command.CommandText = """
                SELECT DISTINCT m.tbl_name FROM sqlite_master m
                WHERE m.type = 'index' AND m.tbl_name IN (SELECT tbl FROM sqlite_stat1)
                  AND m.name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL)
                """;
            var tables = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) tables.Add(reader.GetString(0));
            foreach (var table in tables)
            {
                command.CommandText = $"PRAGMA analysis_limit=1000; ANALYZE \"{table.Replace("\"", "\"\"")}\";";
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            if (wasClosed) await connection.CloseAsync();
        }
    }

    private static string Validate(string level) => level.ToUpperInvariant() switch
    {
        "NORMAL" or "FULL" or "EXTRA" => level.ToUpperInvariant(),
        _ => throw new InvalidOperationException($"IssueTracker:Database:Synchronous must be NORMAL, FULL or EXTRA, not '{level}'."),
    };
}

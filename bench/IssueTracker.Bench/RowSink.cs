using Microsoft.Data.Sqlite;
using Npgsql;

namespace IssueTracker.Bench;

/// <summary>
/// Where seed-bench writes its rows: SQLite through prepared inserts in one transaction (the search triggers run per
/// row), PostgreSQL through binary COPY in batches with triggers off for the load (<c>session_replication_role</c>, so
/// foreign keys are not checked per row either), then every issue's search document built in one statement with the
/// migration's own <c>issue_search_document</c>, and the tables vacuumed and analysed. Both get the same rows.
/// </summary>
internal abstract class RowSink : IAsyncDisposable
{
    public abstract Task AddAsync(string table, string[] columns, params object?[] values);

    public abstract Task CompleteAsync();

    public abstract ValueTask DisposeAsync();

    public static async Task<RowSink> SqliteAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            await pragma.ExecuteNonQueryAsync();
        }
        return new SqliteSink(connection, (SqliteTransaction)await connection.BeginTransactionAsync());
    }

    public static async Task<RowSink> PostgresAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var off = new NpgsqlCommand("SET session_replication_role = replica", connection)) await off.ExecuteNonQueryAsync();
        return new PostgresSink(connection);
    }

    /// <summary>Drops and creates the benchmark's database (the connection string's), as a fresh file is for SQLite.</summary>
    public static async Task RecreatePostgresDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database ?? throw new ArgumentException("The connection string names no database.");
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin)) await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin)) await create.ExecuteNonQueryAsync();
    }

    /// <summary>Prepared commands reused per table: the fast way to bulk-insert into SQLite.</summary>
    private sealed class SqliteSink(SqliteConnection connection, SqliteTransaction tx) : RowSink
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new();

        public override async Task AddAsync(string table, string[] columns, params object?[] values)
        {
            if (!_commands.TryGetValue(table + string.Join(',', columns), out var command))
            {
                command = connection.CreateCommand();
                command.Transaction = tx;
                command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$" + (i + 1)))})";
                for (var i = 1; i <= values.Length; i++) command.Parameters.Add(new SqliteParameter("$" + i, null));
                command.Prepare();
                _commands[table + string.Join(',', columns)] = command;
            }
            for (var i = 0; i < values.Length; i++)
                command.Parameters[i].Value = values[i] switch
                {
                    null => DBNull.Value,
                    Guid g => g.ToString().ToUpperInvariant(),
                    DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF"),
                    bool b => b ? 1 : 0,
                    var v => v,
                };
            await command.ExecuteNonQueryAsync();
        }

        public override Task CompleteAsync() => tx.CommitAsync();

        public override async ValueTask DisposeAsync()
        {
            foreach (var command in _commands.Values) await command.DisposeAsync();
            await tx.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>Rows buffered per table and written with binary COPY every <see cref="Batch"/> rows.</summary>
    private sealed class PostgresSink(NpgsqlConnection connection) : RowSink
    {
        private const int Batch = 200_000;
        private readonly Dictionary<string, (string[] Columns, List<object?[]> Rows)> _tables = new();
        private readonly List<string> _order = [];
        private int _buffered;

        public override async Task AddAsync(string table, string[] columns, params object?[] values)
        {
            if (!_tables.TryGetValue(table, out var rows))
            {
                _tables[table] = rows = (columns, []);
                _order.Add(table);
            }
            rows.Rows.Add(values);
            if (++_buffered >= Batch) await FlushAsync();
        }

        private async Task FlushAsync()
        {
            foreach (var table in _order)
            {
                var (columns, rows) = _tables[table];
                if (rows.Count == 0) continue;
                await using (var copy = await connection.BeginBinaryImportAsync(
                    $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)"))
                {
                    foreach (var row in rows)
                    {
                        await copy.StartRowAsync();
                        foreach (var value in row)
                        {
                            if (value is null) await copy.WriteNullAsync();
                            else await copy.WriteAsync(value);
                        }
                    }
                    await copy.CompleteAsync();
                }
                rows.Clear();
            }
            _buffered = 0;
        }

        public override async Task CompleteAsync()
        {
            await FlushAsync();
            await using var command = new NpgsqlCommand("""
                SET session_replication_role = origin;
                INSERT INTO "IssueSearch" ("IssueId", "Document")
                SELECT i."Id", issue_search_document(s."Key", i."Number", i."Title", i."Description", c.text)
                FROM "Issues" AS i
                JOIN "Spaces" AS s ON s."Id" = i."SpaceId"
                LEFT JOIN (SELECT "IssueId", string_agg("Content", ' ' ORDER BY "CreatedAt") AS text FROM "Comments" GROUP BY "IssueId") AS c
                    ON c."IssueId" = i."Id";
                """, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
            // What autovacuum would have done by the time a database this size is read: statistics for the planner, and
            // the visibility map that lets index-only scans skip the table.
            await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE)", connection) { CommandTimeout = 0 };
            await vacuum.ExecuteNonQueryAsync();
        }

        public override ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}

using System.Data;
using System.Data.Common;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Data;

public sealed class DatabaseTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("Data Source=app.db", 10_000, 10)]
    [InlineData("Data Source=app.db", 2_500, 3)]
    [InlineData("Data Source=app.db;Default Timeout=5", 10_000, 5)]
    public void ConnectionString_WaitsForABusyLockAsLongAsTheBusyTimeout_UnlessItSaysOtherwise(string configured, int busyTimeoutMs, int expectedSeconds)
    {
        var connectionString = SqliteConnectionSetup.WithBusyTimeout(configured, busyTimeoutMs);

        Assert.Equal(expectedSeconds, new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DefaultTimeout);
        Assert.Contains("app.db", connectionString);
    }

    [Fact]
    public async Task Model_HasNoChangesWithoutAMigration()
    {
        await using var context = db.NewContext();

        Assert.False(context.Database.HasPendingModelChanges(), "The model changed: add a migration (see ApplicationDbContext remarks).");
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
    }

    [Theory]
    [InlineData(false)] // the scoped context Identity uses: EF opens the connection
    [InlineData(true)] // the services' contexts: SqliteDbContextFactory opens it
    public async Task Connection_UsesWalNormalSyncForeignKeysAndBusyTimeout(bool async)
    {
        var factory = db.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        await using var context = async ? await factory.CreateDbContextAsync() : factory.CreateDbContext();
        if (!async) await context.Database.OpenConnectionAsync();

        async Task<string> Pragma(string name)
        {
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"PRAGMA {name};";
            return Convert.ToString(await command.ExecuteScalarAsync())!;
        }

        Assert.Equal("wal", await Pragma("journal_mode"));
        Assert.Equal("1", await Pragma("synchronous"));
        Assert.Equal("1", await Pragma("foreign_keys"));
        Assert.Equal("10000", await Pragma("busy_timeout"));
    }

    [Fact]
    public async Task ServiceContexts_AreOpen_AndGiveTheirConnectionBackWhenDisposed()
    {
        var factory = db.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        DbConnection connection;
        await using (var context = await factory.CreateDbContextAsync())
        {
            connection = context.Database.GetDbConnection();
            Assert.Equal(System.Data.ConnectionState.Open, connection.State);
            await context.Issues.CountAsync(); // usable as handed out
        }
        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);

        // Opening it again explicitly (EF counts that) must not break the next lease of the same pooled context.
        DbConnection openedTwice;
        await using (var context = await factory.CreateDbContextAsync())
        {
            await context.Database.OpenConnectionAsync();
            openedTwice = context.Database.GetDbConnection();
        }

        // The pooled context comes back with a fresh connection and works in a transaction.
        await using var again = await factory.CreateDbContextAsync();
        await using var tx = await again.Database.BeginTransactionAsync();
        await again.Issues.CountAsync();
        await tx.CommitAsync();
        Assert.Equal(System.Data.ConnectionState.Closed, openedTwice.State);
    }

    [Fact]
    public async Task WriteQueue_TurnEndsAtCommit_AtRollback_AndWhenATransactionIsAbandoned()
    {
        var factory = db.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        var queue = db.Services.GetRequiredService<SqliteWriteQueue>();
        var team = await db.Data.TeamAsync();

        async Task Write(Func<ApplicationDbContext, IDbContextTransaction, Task> end)
        {
            await using var context = await factory.CreateDbContextAsync();
            var tx = await context.Database.BeginTransactionAsync();
            Assert.False(queue.IsIdle);
            await context.Spaces.Where(s => s.Id == team.Space.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastIssueNumber, x => x.LastIssueNumber));
            await end(context, tx);
        }

        await Write((_, tx) => tx.CommitAsync());
        Assert.True(queue.IsIdle);
        await Write((_, tx) => tx.RollbackAsync());
        Assert.True(queue.IsIdle);
        // An exception between begin and commit: the transaction is disposed unfinished, then the context.
        await Assert.ThrowsAsync<InvalidOperationException>(() => Write(async (_, tx) =>
        {
            await using (tx) throw new InvalidOperationException("validation failed mid-transaction");
        }));
        Assert.True(queue.IsIdle);
        // SaveChanges' own transaction queues too.
        await using (var context = await factory.CreateDbContextAsync())
        {
            var space = await context.Spaces.SingleAsync(s => s.Id == team.Space.Id);
            space.Name += " (renamed)";
            await context.SaveChangesAsync();
        }
        Assert.True(queue.IsIdle);

        // The next writer gets its turn: parallel creates all succeed with distinct numbers.
        var issues = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => db.Data.IssueAsync(team.Space.Id, team.Member.Id, $"Queued {i}"))));
        Assert.Equal(16, issues.Select(i => i.Key).Distinct().Count());
        Assert.True(queue.IsIdle);
    }

    [Fact]
    public async Task IssueListQueries_UseAnIndex_NotATableScanAndSort()
    {
        await using var context = db.NewContext();
        await context.Database.OpenConnectionAsync();
        // The board's query: one space, one status, newest first.
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = """
            EXPLAIN QUERY PLAN
            SELECT Id FROM Issues WHERE SpaceId = '00000000-0000-0000-0000-000000000001' AND Status = 0
            ORDER BY UpdatedAt DESC, Id DESC LIMIT 20 OFFSET 1980
            """;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(3));

        // Covering, with the Id tiebreak in the index: a deep page skips index entries, not rows.
        Assert.Contains(plan, p => p.Contains("USING COVERING INDEX IX_Issues_SpaceId_Status_UpdatedAt_Id"));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE"));
    }

    [Fact]
    public async Task AnIndexAMigrationAdds_ToATableAnalysedBefore_IsAnalysedAtStartUp()
    {
        // Arrange: an analysed table of skewed data, then an index added without statistics (what a migration does).
        var file = Path.Combine(Path.GetTempPath(), $"analyse-{Guid.NewGuid():N}.db");
        try
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=false");
            await connection.OpenAsync();
            await using (var setup = connection.CreateCommand())
            {
                setup.CommandText = """
                    CREATE TABLE Issues (Id INTEGER PRIMARY KEY, SpaceId INTEGER, Warn TEXT);
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO Issues SELECT i, i % 2, NULL FROM n;
                    CREATE INDEX IX_Space ON Issues (SpaceId);
                    ANALYZE;
                    CREATE INDEX IX_Space_Warn ON Issues (SpaceId, Warn);
                    """;
                await setup.ExecuteNonQueryAsync();
            }

            // Act
            await SqliteConnectionSetup.AnalyzeNewIndexesAsync(connection, CancellationToken.None);

            // Assert: the new index has statistics, so the planner knows a space holds half the table.
            await using var check = connection.CreateCommand();
            check.CommandText = "SELECT stat FROM sqlite_stat1 WHERE idx = 'IX_Space_Warn'";
            var stat = ((string?)await check.ExecuteScalarAsync())?.Split(' ');
            Assert.NotNull(stat);
            Assert.True(int.Parse(stat[1]) > 100, $"rows per space estimated as {stat[1]}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}

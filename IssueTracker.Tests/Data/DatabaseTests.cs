using System.Data;
using System.Data.Common;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Data;

public sealed class DatabaseTests(TestDatabase db) : IClassFixture<TestDatabase>
{
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
            Assert.Equal(ConnectionState.Open, connection.State);
            Assert.Equal(0, await context.Issues.CountAsync());
        }
        Assert.Equal(ConnectionState.Closed, connection.State);

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
        Assert.Equal(0, await again.Issues.CountAsync());
        await tx.CommitAsync();
        Assert.Equal(ConnectionState.Closed, openedTwice.State);
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
}

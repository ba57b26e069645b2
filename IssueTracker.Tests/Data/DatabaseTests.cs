using IssueTracker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

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

    [Fact]
    public async Task Connection_UsesWalNormalSyncForeignKeysAndBusyTimeout()
    {
        await using var context = db.NewContext();
        await context.Database.OpenConnectionAsync();

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
    public async Task IssueListQueries_UseAnIndex_NotATableScanAndSort()
    {
        await using var context = db.NewContext();
        await context.Database.OpenConnectionAsync();
        // The board's query: one space, one status, newest first.
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = """
            EXPLAIN QUERY PLAN
            SELECT Id FROM Issues WHERE SpaceId = '00000000-0000-0000-0000-000000000001' AND Status = 0
            ORDER BY UpdatedAt DESC LIMIT 20
            """;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(3));

        Assert.Contains(plan, p => p.Contains("USING INDEX IX_Issues_SpaceId_Status_UpdatedAt"));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE"));
    }
}

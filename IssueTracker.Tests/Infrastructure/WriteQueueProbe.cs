using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Infrastructure;

/// <summary>Holds SQLite's write lock from outside and watches the API's write limiter, for the write-queue tests.</summary>
public static class WriteQueueProbe
{
    /// <summary>What another process does when it holds SQLite's write lock (a backup, a migration, a script).</summary>
    public static async Task<Microsoft.Data.Sqlite.SqliteConnection> HoldWriteLockAsync(IssueTrackerFactory app)
    {
        var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={app.DatabasePath}");
        await blocker.OpenAsync();
        await using var begin = blocker.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        await begin.ExecuteNonQueryAsync();
        return blocker;
    }

    /// <summary>Waits until the API's write limiter has this many writes running and waiting (what a request sees).</summary>
    public static async Task WaitForWritesAsync(IssueTrackerFactory app, int inProgress, int queued)
    {
        var limiter = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>>().Value.GlobalLimiter!;
        var write = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = app.Services };
        (write.Request.Method, write.Request.Path) = ("POST", "/api/issues");
        for (var waited = 0; waited < 10_000; waited += 20)
        {
            var stats = limiter.GetStatistics(write)!;
            if (stats.CurrentAvailablePermits == 1 - inProgress && stats.CurrentQueuedCount == queued) return;
            await Task.Delay(20);
        }
        throw new TimeoutException($"The write limiter never had {inProgress} running and {queued} waiting.");
    }

    public static async Task ReleaseAsync(Microsoft.Data.Sqlite.SqliteConnection blocker)
    {
        await using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }
        await blocker.DisposeAsync();
    }
}

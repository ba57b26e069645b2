using IssueTracker.Web.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Setup;

/// <summary>
/// Start-up work that needs both the database and the services, so it lives above both: migrations, the built-in
/// users, the admin bootstrap and (when enabled) demo data.
/// </summary>
public static class DatabaseStartup
{
    /// <summary>Brings the schema up to date, then the admin bootstrap and (when enabled) demo data.</summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await SqliteConnectionSetup.InitializeAsync(db.Database.GetDbConnection(), ct);
            // REVIEW: migrating at start-up suits one SQLite instance; several instances on PostgreSQL should run
            // migrations as a deployment step (dotnet ef database update / a migration bundle) instead.
            await db.Database.MigrateAsync(ct);
            await SqliteConnectionSetup.AnalyzeNewIndexesAsync(db.Database.GetDbConnection(), ct);
        }

        await using var scope = services.CreateAsyncScope();
        await QualityMonitorAccount.EnsureAsync(scope.ServiceProvider, ct);
        await Handles.BackfillAsync(dbFactory, ct);
        await AdminBootstrap.RunAsync(scope.ServiceProvider, ct);
        await DemoData.SeedIfEnabledAsync(scope.ServiceProvider, ct);
    }
}

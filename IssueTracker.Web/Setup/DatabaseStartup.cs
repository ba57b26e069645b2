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
            var sqlite = db.Database.IsSqlite();
            if (sqlite) await SqliteConnectionSetup.InitializeAsync(db.Database.GetDbConnection(), ct);
            // Several instances starting at once on PostgreSQL are safe: EF holds a database lock while it migrates
            // (EF Core 9+), so one applies the migrations and the others then find the schema up to date.
            await db.Database.MigrateAsync(ct);
            if (sqlite) await SqliteConnectionSetup.AnalyzeNewIndexesAsync(db.Database.GetDbConnection(), ct);
        }

        await using var scope = services.CreateAsyncScope();
        await QualityMonitorAccount.EnsureAsync(scope.ServiceProvider, ct);
        await Handles.BackfillAsync(dbFactory, ct);
        await AdminBootstrap.RunAsync(scope.ServiceProvider, ct);
        await DemoData.SeedIfEnabledAsync(scope.ServiceProvider, ct);
    }
}

using IssueTracker.Web.Data.Sqlite;
using IssueTracker.Web.Services;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IssueTracker.Web.Data;

/// <summary>Registers the database and prepares it at start-up: migrations, the admin bootstrap, demo data.</summary>
public static class DatabaseSetup
{
    public const string ConnectionStringName = "IssueTracker";

    public static IServiceCollection AddIssueTrackerDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var dataFolder = Path.Combine(environment.ContentRootPath, "App_Data");
            Directory.CreateDirectory(dataFolder);
            connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "issuetracker.db") }.ToString();
        }
        var options = configuration.GetSection(IssueTrackerOptions.Section).Get<IssueTrackerOptions>() ?? new IssueTrackerOptions();
        connectionString = SqliteConnectionSetup.WithBusyTimeout(connectionString, options.Database.BusyTimeoutMs);
        var connectionSetup = new SqliteConnectionSetup(options.Database.Synchronous, options.Database.BusyTimeoutMs);

        // The factory serves the services (one short-lived context per operation); AddDbContextFactory also registers
        // a scoped context, made by the same factory, which Identity's stores use.
        services.AddSingleton(new SqliteWriteQueue(TimeSpan.FromMilliseconds(options.Database.BusyTimeoutMs)));
        services.AddDbContextFactory<ApplicationDbContext>((sp, db) => db
            .UseSqlite(connectionString)
            .AddInterceptors(connectionSetup, sp.GetRequiredService<SqliteWriteQueue>()));
        services.Replace(ServiceDescriptor.Singleton<IDbContextFactory<ApplicationDbContext>>(sp =>
            new SqliteDbContextFactory(sp.GetRequiredService<DbContextOptions<ApplicationDbContext>>(), connectionString, connectionSetup)));
        services.AddDataProtection().SetApplicationName("IssueTracker").PersistKeysToDbContext<ApplicationDbContext>();
        return services;
    }

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
        }

        await using var scope = services.CreateAsyncScope();
        await SystemUsers.EnsureAsync(scope.ServiceProvider, ct);
        await AdminBootstrap.RunAsync(scope.ServiceProvider, ct);
        await SeedData.SeedIfEnabledAsync(scope.ServiceProvider, ct);
    }
}

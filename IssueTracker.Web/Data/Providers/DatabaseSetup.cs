using IssueTracker.Web.Data.Postgres;
using IssueTracker.Web.Data.Sqlite;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IssueTracker.Web.Data.Providers;

/// <summary>
/// Registers the database <c>IssueTracker:Database:Provider</c> names: SQLite with its connection set-up and write
/// queue (Data/Sqlite), or PostgreSQL with its commit signal for several instances (Data/Postgres); data-protection
/// keys in it either way. The features' own interceptors (the change feed's publisher, the webhook outbox) are
/// registered as <see cref="IInterceptor"/> by the features and join every context.
/// </summary>
public static class DatabaseSetup
{
    public const string ConnectionStringName = "IssueTracker";

    public static IServiceCollection AddIssueTrackerDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(IssueTrackerOptions.Section).Get<IssueTrackerOptions>() ?? new IssueTrackerOptions();
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        switch (options.Database.Provider.Trim().ToLowerInvariant())
        {
            case "sqlite" or "":
                AddSqlite(services, connectionString, options.Database, environment);
                break;
            case "postgres" or "postgresql":
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException(
                        "IssueTracker:Database:Provider is postgres, so ConnectionStrings:IssueTracker must be an Npgsql connection string (Host=…;Database=…;Username=…;Password=…).");
                PostgresSetup.Add(services, connectionString);
                break;
            default:
                throw new InvalidOperationException($"IssueTracker:Database:Provider must be sqlite or postgres, not '{options.Database.Provider}'.");
        }
        services.AddDataProtection().SetApplicationName("IssueTracker").PersistKeysToDbContext<ApplicationDbContext>();
        return services;
    }

    private static void AddSqlite(IServiceCollection services, string? connectionString, IssueTrackerOptions.DatabaseOptions options, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var dataFolder = Path.Combine(environment.ContentRootPath, "App_Data");
            Directory.CreateDirectory(dataFolder);
            connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "issuetracker.db") }.ToString();
        }
        connectionString = SqliteConnectionSetup.WithBusyTimeout(connectionString, options.BusyTimeoutMs);
        var connectionSetup = new SqliteConnectionSetup(options.Synchronous, options.BusyTimeoutMs, options.MemoryMapMb);

        // The factory serves the services (one short-lived context per operation); AddDbContextFactory also registers
        // a scoped context, made by the same factory, which Identity's stores use.
        services.AddSingleton(new SqliteWriteQueue(TimeSpan.FromMilliseconds(options.BusyTimeoutMs)));
        services.AddDbContextFactory<ApplicationDbContext>((sp, db) => db
            .UseSqlite(connectionString)
            .AddInterceptors([connectionSetup, sp.GetRequiredService<SqliteWriteQueue>(), .. sp.GetServices<IInterceptor>()]));
        services.Replace(ServiceDescriptor.Singleton<IDbContextFactory<ApplicationDbContext>>(sp =>
            new SqliteDbContextFactory(sp.GetRequiredService<DbContextOptions<ApplicationDbContext>>(), connectionString, connectionSetup)));
    }
}

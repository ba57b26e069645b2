using IssueTracker.Web.Data.Sqlite;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IssueTracker.Web.Data.Providers;

/// <summary>
/// Registers the database: SQLite with its connection set-up and write queue (Data/Sqlite), data-protection keys. The
/// features' own interceptors (the change feed's publisher, the webhook outbox) are registered as
/// <see cref="IInterceptor"/> by the features and join every context.
/// </summary>
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
            .AddInterceptors([connectionSetup, sp.GetRequiredService<SqliteWriteQueue>(), .. sp.GetServices<IInterceptor>()]));
        services.Replace(ServiceDescriptor.Singleton<IDbContextFactory<ApplicationDbContext>>(sp =>
            new SqliteDbContextFactory(sp.GetRequiredService<DbContextOptions<ApplicationDbContext>>(), connectionString, connectionSetup)));
        services.AddDataProtection().SetApplicationName("IssueTracker").PersistKeysToDbContext<ApplicationDbContext>();
        return services;
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace IssueTracker.Web.Data.Postgres;

/// <summary>
/// PostgreSQL: pooled contexts over one data source, writes side by side (no write queue: row locks, the unique
/// indexes and the conditional updates the services use keep them correct), and the change feed heard from every
/// instance's commits (<see cref="PostgresCommitSignal"/>) instead of from this process's own.
/// </summary>
internal static class PostgresSetup
{
    public static void Add(IServiceCollection services, string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = "IssueTracker" };
        // Statements are prepared on each connection after their second use (unless the connection string sets a
        // number of its own), so PostgreSQL settles on a generic plan for each: the list and board queries join five
        // tables, and planning them took several times longer than running them.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0) builder.ConnectionStringBuilder.MaxAutoPrepare = 256;
        // Made by the container, so that it closes their connections when the app stops.
        services.AddSingleton(_ => builder.Build());
        services.AddPooledDbContextFactory<PostgresDbContext>((sp, db) => db
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>())
            .AddInterceptors(sp.GetServices<IInterceptor>()));
        services.AddSingleton<IDbContextFactory<ApplicationDbContext>, ApplicationContexts>();
        // The scoped context Identity's stores and the data-protection key store use; also how `dotnet ef` finds the
        // PostgreSQL context through the app's own host.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PostgresDbContext>>().CreateDbContext());
        services.AddScoped<ApplicationDbContext>(sp => sp.GetRequiredService<PostgresDbContext>());
        services.AddSingleton<ICommitSignal>(_ => new PostgresCommitSignal(connectionString));
    }

    /// <summary>The services ask for the model's context; on PostgreSQL that is this provider's type.</summary>
    private sealed class ApplicationContexts(IDbContextFactory<PostgresDbContext> contexts) : IDbContextFactory<ApplicationDbContext>
    {
        public ApplicationDbContext CreateDbContext() => contexts.CreateDbContext();

        public async Task<ApplicationDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await contexts.CreateDbContextAsync(cancellationToken);
    }
}

using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Bench;

/// <summary>
/// The app's own database, Identity and service registrations over one SQLite file (or PostgreSQL database), for the bench commands: the
/// Identity part of the model depends on Identity's options, so a bare DbContext would see a different model.
/// </summary>
internal static class BenchServices
{
    public static ServiceProvider Build(string connectionString, bool postgres = false)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:IssueTracker"] = connectionString,
                ["IssueTracker:Database:Provider"] = postgres ? "postgres" : "sqlite",
            })
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddIssueTrackerDatabase(configuration, new BenchEnvironment())
            .AddIssueTrackerServices()
            .AddSingleton<CommandCapture>();
        services.ConfigureDbContext<ApplicationDbContext>((sp, db) => db.AddInterceptors(sp.GetRequiredService<CommandCapture>()));
        services.AddIssueTrackerIdentity();
        return services.BuildServiceProvider();
    }

    public static IDbContextFactory<ApplicationDbContext> Factory(this IServiceProvider services) =>
        services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();

    private sealed class BenchEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "IssueTracker.Web";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}

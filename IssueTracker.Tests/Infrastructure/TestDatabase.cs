using IssueTracker.Web;
using IssueTracker.Web.Setup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IssueTracker.Tests.Infrastructure;

/// <summary>
/// A real SQLite database file per test class, migrated, with the app's own service registrations and a fake clock.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "issuetracker-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider? _provider;

    public FakeTimeProvider Clock { get; } = new(Start);
    public string FilePath => Path.Combine(_folder, "test.db");
    public IServiceProvider Services => _provider ?? throw new InvalidOperationException("Not initialized.");
    public TestData Data => new(Services);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:IssueTracker"] = new SqliteConnectionStringBuilder { DataSource = FilePath }.ToString(),
                ["IssueTracker:SeedDemoData"] = "false",
            })
            .Build();
        var environment = new TestHostEnvironment(_folder);
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(environment)
            .AddSingleton<TimeProvider>(Clock)
            .AddIssueTrackerDatabase(configuration, environment)
            .AddIssueTrackerServices();
        services.AddOptions<IssueTrackerOptions>().Bind(configuration.GetSection(IssueTrackerOptions.Section));
        services.AddIssueTrackerIdentity();
        // Webhook secrets are encrypted with the app's data-protection keys (in the database there; ephemeral here).
        services.AddDataProtection();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await _provider.InitializeDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>A service as the app would resolve it within one request.</summary>
    public T Get<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public ApplicationDbContext NewContext() => Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();

    private sealed class TestHostEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "IssueTracker.Web";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

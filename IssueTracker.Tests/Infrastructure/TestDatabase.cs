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
/// A real database per test class, migrated, with the app's own service registrations and a fake clock: a SQLite
/// file, or a PostgreSQL database of its own when the suite runs on PostgreSQL (<see cref="TestProvider"/>).
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "issuetracker-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider? _provider;
    private string? _postgres;
    private readonly bool _onPostgres = TestProvider.IsPostgres;
    private readonly bool _ownsDatabase = true;

    public TestDatabase() { }

    private TestDatabase(string? postgres)
    {
        (_onPostgres, _postgres, _ownsDatabase) = (true, postgres, postgres is null);
    }

    /// <summary>
    /// Services on PostgreSQL whatever the suite runs on: a new database, or another instance on <paramref name="database"/>
    /// (another <see cref="TestDatabase"/>'s <see cref="Postgres"/>), as a second app instance sees it.
    /// </summary>
    public static async Task<TestDatabase> OnPostgresAsync(string? database = null)
    {
        var db = new TestDatabase(database);
        await db.InitializeAsync();
        return db;
    }

    /// <summary>The PostgreSQL database's connection string, when on PostgreSQL.</summary>
    public string? Postgres => _postgres;

    public FakeTimeProvider Clock { get; } = new(Start);
    /// <summary>The SQLite file (SQLite-only tests read it directly).</summary>
    public string FilePath => Path.Combine(_folder, "test.db");
    public IServiceProvider Services => _provider ?? throw new InvalidOperationException("Not initialized.");
    public TestData Data => new(Services);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        if (_onPostgres) _postgres ??= await TestProvider.CreatePostgresDatabaseAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:IssueTracker"] = _postgres ?? new SqliteConnectionStringBuilder { DataSource = FilePath }.ToString(),
                ["IssueTracker:Database:Provider"] = _postgres is null ? "sqlite" : "postgres",
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
        // The app's host starts it; on a shared database it is what brings committed changes to the live feed.
        await _provider.GetRequiredService<Web.Live.ChangeFeedReader>().StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.GetRequiredService<Web.Live.ChangeFeedReader>().StopAsync(CancellationToken.None);
            await _provider.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        if (_postgres is not null && _ownsDatabase) await TestProvider.DropPostgresDatabaseAsync(_postgres);
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// Returns once the live feed has heard every event committed so far: at once on SQLite (published at commit), after
    /// the database's notification on PostgreSQL (read from the table).
    /// </summary>
    public async Task FeedCaughtUpAsync()
    {
        var latest = await Get<Web.Live.EventService>().LatestIdAsync();
        var feed = Services.GetRequiredService<Web.Live.ChangeFeed>();
        for (var waited = 0; feed.LastPublishedId < latest && waited < 10_000; waited += 20) await Task.Delay(20);
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

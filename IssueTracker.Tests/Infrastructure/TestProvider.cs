using Npgsql;

namespace IssueTracker.Tests.Infrastructure;

/// <summary>
/// Which database the service and API fixtures (<see cref="TestDatabase"/>, <see cref="IssueTrackerFactory"/>) run on.
/// SQLite by default, as <c>dotnet test</c> on a fresh machine; with <c>ISSUETRACKER_TEST_PROVIDER=postgres</c> the same
/// tests run on PostgreSQL, each fixture in a database of its own on the server <c>ISSUETRACKER_TEST_POSTGRES</c> names
/// (an Npgsql connection string without a database). <c>.ci/run</c> starts a throwaway server and runs both.
/// </summary>
public static class TestProvider
{
    public const string ServerVariable = "ISSUETRACKER_TEST_POSTGRES";
    public const string ProviderVariable = "ISSUETRACKER_TEST_PROVIDER";

    /// <summary>The PostgreSQL server tests may use, or null when none is configured.</summary>
    public static string? PostgresServer => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server ? server : null;

    /// <summary>True when the shared fixtures run on PostgreSQL.</summary>
    public static bool IsPostgres { get; } = ReadProvider();

    private static bool ReadProvider()
    {
        var provider = Environment.GetEnvironmentVariable(ProviderVariable)?.Trim().ToLowerInvariant();
        if (provider is null or "" or "sqlite") return false;
        if (provider is not ("postgres" or "postgresql"))
            throw new InvalidOperationException($"{ProviderVariable} must be sqlite or postgres, not '{provider}'.");
        if (PostgresServer is null)
            throw new InvalidOperationException($"{ProviderVariable}=postgres needs {ServerVariable}, a connection string to a PostgreSQL server (Host=…;Port=…;Username=…).");
        return true;
    }

    /// <summary>A new, empty database on the test server; its connection string.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var server = PostgresServer ?? throw new InvalidOperationException($"{ServerVariable} is not set.");
        var name = "it_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database <see cref="CreatePostgresDatabaseAsync"/> made, closing whatever is still connected.</summary>
    public static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{builder.Database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// A test of PostgreSQL itself (its provider seam, several instances on one database): runs where a server is
/// configured (<c>ISSUETRACKER_TEST_POSTGRES</c>, which <c>.ci/run</c> sets after starting one), and is skipped with the
/// reason elsewhere.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestProvider.PostgresServer is null)
            Skip = $"PostgreSQL test skipped: no server configured. Set {TestProvider.ServerVariable} to an Npgsql connection string (Host=127.0.0.1;Port=54329;Username=postgres), or run .ci/run, which starts one.";
    }
}

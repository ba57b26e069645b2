using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IssueTracker.Web.Api;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Bench;

/// <summary>
/// <c>IssueTracker.Bench budget --db FILE --token T [--runs 500]</c>: where one request's time goes, stage by stage, for
/// get issue and the filtered list (the benchmark member, space CUST, open + high): authentication (the bearer token
/// resolved as the auth handler resolves it), access (the member's visible spaces), the SQL alone (the statements the
/// service runs, replayed raw and prepared on one connection), EF's share (the service call less its SQL and access),
/// and JSON (the answer serialized with the API's options). Each stage is timed in-process on its own, p50 of
/// <c>runs</c> after a warm-up; bench/run.sh subtracts their sum from the endpoint's p50 for what HTTP and ASP.NET
/// add. Prints <c>key=value</c> pairs in ms.
/// </summary>
public static class Budget
{
    public static async Task<int> RunCommandAsync(string[] args)
    {
        var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--") && x.i + 1 < args.Length).ToDictionary(x => x.a[2..], x => args[x.i + 1]);
        if (!options.TryGetValue("db", out var file) || !options.TryGetValue("token", out var token))
        {
            Console.Error.WriteLine("usage: budget --db FILE --token T [--runs N]");
            return 2;
        }
        var runs = int.Parse(options.GetValueOrDefault("runs") ?? "500", CultureInfo.InvariantCulture);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file }.ToString();
        await using var services = BenchServices.Build(connectionString);
        var factory = services.Factory();
        var tokens = services.GetRequiredService<TokenService>();
        var issues = services.GetRequiredService<IssueService>();
        var capture = services.GetRequiredService<CommandCapture>();
        // The schema the app would run on: it applies pending migrations at start-up too.
        await using (var db = await factory.CreateDbContextAsync()) await db.Database.MigrateAsync();
        var actor = (await tokens.AuthenticateTokenAsync(token))?.UserId ?? throw new InvalidOperationException("The token does not authenticate.");
        Guid space, one;
        await using (var db = await factory.CreateDbContextAsync())
        {
            space = await db.Spaces.Where(s => s.Key == "CUST").Select(s => s.Id).SingleAsync();
            one = await db.Issues.Where(i => i.SpaceId == space).OrderByDescending(i => i.UpdatedAt).Select(i => i.Id).FirstAsync();
        }
        var list = new IssueQuery { SpaceId = space, Statuses = [IssueStatus.Open], Priorities = [IssuePriority.High], Size = 20 };

        var search = new IssueQuery { SpaceId = space, Q = "pipeline", Size = 20 };
        var getDto = (await issues.GetAsync(one, actor))!;
        var listDto = await issues.ListAsync(list, actor);
        await using var sql = new SqlReplay(connectionString);
        var stages = new List<(string Name, Func<Task> Call)>
        {
            ("auth", () => tokens.AuthenticateTokenAsync(token)),
            ("access", async () =>
            {
                await using var db = await factory.CreateDbContextAsync();
                await Access.VisibleSpaceIdsAsync(db, actor, default);
            }),
            ("get_service", () => issues.GetAsync(one, actor)),
            ("get_sql", sql.Add(capture, () => issues.GetAsync(one, actor))),
            ("get_json", () => Task.FromResult(JsonSerializer.SerializeToUtf8Bytes(getDto, ApiJson.Options))),
            ("list_service", () => issues.ListAsync(list, actor)),
            ("list_sql", sql.Add(capture, () => issues.ListAsync(list, actor))),
            ("list_json", () => Task.FromResult(JsonSerializer.SerializeToUtf8Bytes(listDto, ApiJson.Options))),
            ("search_service", () => issues.ListAsync(search, actor)),
            ("search_sql", sql.Add(capture, () => issues.ListAsync(search, actor))),
        };
        // Five seconds of every stage in turn first: the JIT recompiles hot code optimized only after it has run a
        // while (tiered compilation), and the endpoints these are compared with have run for seconds. Then each stage
        // on its own, as a server doing one kind of request runs it.
        for (var warm = Stopwatch.StartNew(); warm.Elapsed.TotalSeconds < 5;)
            foreach (var stage in stages) await stage.Call();
        var results = new List<(string Name, double Value)>();
        foreach (var (name, call) in stages)
        {
            var times = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                await call();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            results.Add((name, Median(times)));
        }
        results.Add(("get_statements", sql.Count(0)));
        results.Add(("list_statements", sql.Count(1)));
        results.Add(("search_statements", sql.Count(2)));
        results.Add(("get_bytes", JsonSerializer.SerializeToUtf8Bytes(getDto, ApiJson.Options).Length));
        results.Add(("list_bytes", JsonSerializer.SerializeToUtf8Bytes(listDto, ApiJson.Options).Length));
        Console.WriteLine(string.Join(' ', results.Select(r => FormattableString.Invariant($"{r.Name}={r.Value:0.###}"))));
        return 0;
    }

    /// <summary>The pragmas the app sets on its connections, with its default settings.</summary>
    internal static readonly IssueTracker.Web.Data.Sqlite.SqliteConnectionSetup AppPragmas =
        new(new IssueTracker.Web.IssueTrackerOptions.DatabaseOptions().Synchronous, new IssueTracker.Web.IssueTrackerOptions.DatabaseOptions().BusyTimeoutMs, new IssueTracker.Web.IssueTrackerOptions.DatabaseOptions().MemoryMapMb);

    private static double Median(List<double> times)
    {
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>
    /// The statements a service call runs, captured as EF sends them, then prepared once on one open connection: the
    /// SQL alone, rows read, without EF.
    /// </summary>
    private sealed class SqlReplay(string connectionString) : IAsyncDisposable
    {
        private readonly SqliteConnection _connection = new(connectionString);
        private readonly List<List<SqliteCommand>> _sets = [];

        public int Count(int set) => _sets[set].Count;

        public Func<Task> Add(CommandCapture capture, Func<Task> call)
        {
            if (_connection.State != System.Data.ConnectionState.Open)
            {
                _connection.Open();
                AppPragmas.Apply(_connection); // the app's, memory map included: the same reads, not slower ones
            }
            capture.Commands.Clear();
            call().GetAwaiter().GetResult();
            var commands = capture.Commands.Select(s => BenchSql.Prepare(_connection, s)).ToList();
            capture.Commands.Clear();
            _sets.Add(commands);
            return async () =>
            {
                foreach (var command in commands)
                {
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync()) { }
                }
            };
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _sets.SelectMany(s => s)) await command.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Bench;

/// <summary>
/// <c>IssueTracker.Bench bench-sql --db FILE [--status open --priority high --page 1 --q text --sort priority --runs 200 --service]</c>:
/// times the exact SQL the issue list runs (count and page, for the benchmark member's spaces) straight against SQLite,
/// with a prepared command on one open connection: the floor no HTTP endpoint can beat. Prints p50 and p99 in ms.
/// With <c>--service</c> it times the service call instead (IssueService.ListAsync), with its allocations per call.
/// <c>--commits N</c> times N raw commits of the rows a create writes; with <c>--service</c>, N calls of IssueService.CreateAsync.
/// </summary>
public static class BenchSql
{
    public static async Task<int> RunCommandAsync(string[] args)
    {
        var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--") && x.i + 1 < args.Length).ToDictionary(x => x.a[2..], x => args[x.i + 1]);
        if (!options.TryGetValue("db", out var file)) { Console.Error.WriteLine("usage: bench-sql --db FILE [...]"); return 2; }
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file }.ToString();
        await using var services = BenchServices.Build(connectionString);
        var factory = services.Factory();
        await using var db = await factory.CreateDbContextAsync();
        var member = await db.Users.Where(u => u.Email == BenchData.MemberEmail).Select(u => u.Id).SingleAsync();
        var space = await db.Spaces.Where(s => s.Key == (options.GetValueOrDefault("space") ?? "CUST")).Select(s => s.Id).SingleAsync();
        if (options.TryGetValue("commits", out var commitCount))
            return args.Contains("--service")
                ? await TimeAsync(int.Parse(commitCount, CultureInfo.InvariantCulture), () => services.GetRequiredService<IssueService>()
                    .CreateAsync(new CreateIssueRequest { Title = "Bench create", SpaceId = space, Priority = IssuePriority.High }, member))
                : await CommitsAsync(connectionString, space, member, int.Parse(commitCount, CultureInfo.InvariantCulture));
        var query = new IssueQuery
        {
            SpaceId = space,
            Statuses = options.TryGetValue("status", out var st) ? [Enum.Parse<IssueStatus>(st.Replace("_", ""), true)] : [],
            Priorities = options.TryGetValue("priority", out var pr) ? [Enum.Parse<IssuePriority>(pr, true)] : [],
            Q = options.GetValueOrDefault("q"),
            Sort = options.GetValueOrDefault("sort") == "priority" ? IssueSortField.Priority : IssueSortField.UpdatedAt,
            Page = int.Parse(options.GetValueOrDefault("page") ?? "1", CultureInfo.InvariantCulture),
            Size = 20,
        };
        var service = services.GetRequiredService<IssueService>();
        var runs = int.Parse(options.GetValueOrDefault("runs") ?? "200", CultureInfo.InvariantCulture);
        if (args.Contains("--service"))
            return await TimeAsync(runs, () => service.ListAsync(query, member));
        // The statements the service really runs for this list, captured as EF sends them: the access read, the count
        // and the page.
        var capture = services.GetRequiredService<CommandCapture>();
        capture.Commands.Clear();
        await service.ListAsync(query, member);
        var countSql = capture.Commands.Single(c => c.Text.Contains("COUNT(*)", StringComparison.Ordinal));
        var pageSql = capture.Commands[^1];

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        Budget.AppPragmas.Apply(connection);
        await using var count = Prepare(connection, countSql);
        await using var page = Prepare(connection, pageSql);
        var times = new List<double>();
        for (var i = 0; i < runs + 20; i++)
        {
            var watch = Stopwatch.StartNew();
            await count.ExecuteScalarAsync();
            await using (var reader = await page.ExecuteReaderAsync())
                while (await reader.ReadAsync()) { }
            if (i >= 20) times.Add(watch.Elapsed.TotalMilliseconds); // the first 20 warm the page cache
        }
        times.Sort();
        Console.WriteLine(FormattableString.Invariant($"p50_ms={times[times.Count / 2]:F3} p99_ms={times[(int)(times.Count * 0.99)]:F3} runs={runs}"));
        return 0;
    }

    /// <summary>Times one call of the service layer (what an endpoint adds HTTP, authentication and JSON to).</summary>
    private static async Task<int> TimeAsync(int runs, Func<Task> call)
    {
        var times = new List<double>();
        for (var i = 0; i < runs + 20; i++)
        {
            var watch = Stopwatch.StartNew();
            await call();
            if (i >= 20) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine(FormattableString.Invariant($"p50_ms={times[times.Count / 2]:F3} p99_ms={times[(int)(times.Count * 0.99)]:F3} runs={runs} allocated_kb_per_call={GC.GetTotalAllocatedBytes() / 1024.0 / (runs + 20):F1} gen0_collections={GC.CollectionCount(0)}"));
        return 0;
    }

    /// <summary>
    /// The floor for creates: the same rows an issue create writes (issue, its history line, the space's counter), one
    /// transaction per issue with the app's durability (WAL, synchronous=NORMAL), from one connection. Prints commits/s.
    /// </summary>
    private static async Task<int> CommitsAsync(string connectionString, Guid space, Guid member, int count)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            await pragma.ExecuteNonQueryAsync();
        }
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            var command = connection.CreateCommand();
            command.Transaction = tx;
            var now = DateTime.UtcNow;
            var id = Ids.New(now).ToString().ToUpperInvariant();
            command.CommandText = """
                UPDATE Spaces SET LastIssueNumber = LastIssueNumber + 1 WHERE Id = $space;
                INSERT INTO Issues (Id, SpaceId, Number, Title, Description, Status, Priority, ReporterId, CreatedAt, UpdatedAt, Version)
                VALUES ($id, $space, (SELECT LastIssueNumber FROM Spaces WHERE Id = $space), 'Bench create', '', 0, 1, $member, $now, $now, 1);
                INSERT INTO IssueEvents (Id, IssueId, Kind, NewValue, ActorId, CreatedAt) VALUES ($event, $id, 0, 'Bench create', $member, $now);
                """;
            command.Parameters.AddWithValue("$space", space.ToString().ToUpperInvariant());
            command.Parameters.AddWithValue("$member", member.ToString().ToUpperInvariant());
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$event", Ids.New(now).ToString().ToUpperInvariant());
            command.Parameters.AddWithValue("$now", now.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        Console.WriteLine(FormattableString.Invariant($"commits_per_s={count / watch.Elapsed.TotalSeconds:F0} commits={count}"));
        return 0;
    }

    internal static SqliteCommand Prepare(SqliteConnection connection, CapturedCommand captured)
    {
        var command = connection.CreateCommand();
        command.CommandText = captured.Text;
        foreach (var (name, value) in captured.Parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.Prepare();
        return command;
    }
}

using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using IssueTracker.Web.Data.Sqlite;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Bench;

/// <summary>
/// <c>IssueTracker.Bench seed-bench --issues 100000 --db FILE [--seed 42]</c>: a benchmark dataset written
/// through the real, migrated schema (search index triggers included) with plain prepared inserts in one transaction.
/// The same seed gives the same data. Prints the member token the benchmark uses.
/// </summary>
public static class BenchData
{
    public const string MemberEmail = "bench.member@bench.local";
    public const string MemberToken = "itk_bench_member_token_0123456789";
    /// <summary>A person in no space, for checking that live events do not leak.</summary>
    public const string OutsiderToken = "itk_bench_outsider_token_012345678";
    public const string Password = "bench-password-2026";
    /// <summary>A space admin's token (Bob Smith, admin of every space), for the webhook benchmark's set-up.</summary>
    public const string SpaceAdminToken = "itk_bench_spaceadmin_token_0123456";
    /// <summary>
    /// The live-board benchmark's ten people (live.N@bench.local, N = 0..9): person N is in space N % 3 and, for N &lt; 5,
    /// also in space (N + 1) % 3, so every space has people who must see its changes and people who must not.
    /// </summary>
    public const int LivePeople = 10;

    public static IEnumerable<int> LiveSpacesOf(int person) => person < 5 ? [person % 3, (person + 1) % 3] : [person % 3];
    /// <summary>The issue that gets 500 history events, for the history benchmark.</summary>
    public const int LongHistoryNumber = 1;

    public static async Task<int> SeedCommandAsync(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: seed-bench --db FILE [--issues 100000] [--seed 42]");
            return 2;
        }
        var watch = Stopwatch.StartNew();
        if (File.Exists(options.Db)) File.Delete(options.Db);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = options.Db }.ToString();
        await using (var services = BenchServices.Build(connectionString))
        await using (var db = await services.Factory().CreateDbContextAsync())
        {
            await SqliteConnectionSetup.InitializeAsync(db.Database.GetDbConnection(), CancellationToken.None);
            await db.Database.MigrateAsync();
        }
        var counts = await SeedAsync(connectionString, options.Issues, options.Seed);
        await using (var connection = new SqliteConnection(connectionString))
            await SqliteConnectionSetup.InitializeAsync(connection, CancellationToken.None);
        Console.WriteLine($"seed-bench: {counts} in {watch.Elapsed.TotalSeconds:F1} s -> {options.Db}");
        Console.WriteLine($"member token: {MemberToken}");
        return 0;
    }

    private sealed record Options(string Db, int Issues, int Seed)
    {
        public static Options? Parse(string[] args)
        {
            string? db = null;
            int issues = 100_000, seed = 42;
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--db": db = args[i + 1]; break;
                    case "--issues": issues = int.Parse(args[i + 1]); break;
                    case "--seed": seed = int.Parse(args[i + 1]); break;
                    default: return null;
                }
            }
            return db is null || issues < 1 ? null : new Options(Path.GetFullPath(db), issues, seed);
        }
    }

    private static async Task<string> SeedAsync(string connectionString, int issueCount, int seed)
    {
        var random = new Random(seed);
        var now = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            await pragma.ExecuteNonQueryAsync();
        }
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        var insert = new Inserts(connection, tx);

        // People: one password hash for all (hashing 8 times would cost seconds for nothing).
        var hash = new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), Password);
        string[] names = ["Bench Member", "Bob Smith", "Priya Patel", "Marco Rossi", "Aiko Tanaka", "Samuel Okafor", "Lena Fischer", "Diego Alvarez"];
        var users = names.Select((name, i) => (Id: Ids.New(now.AddSeconds(-i)), Name: name, Email: i == 0 ? MemberEmail : $"bench.user{i}@bench.local")).ToArray();
        foreach (var (id, name, email) in users)
            await insert.RunAsync("INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PasswordHash, SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, DisplayName, IsAdmin, IsSystem, CreatedAt) VALUES ($1,$2,$3,$2,$3,1,$4,$5,$5,0,0,1,0,$6,0,0,$7)",
                id, email, email.ToUpperInvariant(), hash, Guid.NewGuid().ToString("N"), name, now);
        await insert.RunAsync("INSERT INTO PersonalAccessTokens (Id, UserId, Name, TokenHash, Prefix, CreatedAt) VALUES ($1,$2,'bench',$3,$4,$5)",
            Ids.New(now), users[0].Id, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(MemberToken))), MemberToken[..8], now);
        await insert.RunAsync("INSERT INTO PersonalAccessTokens (Id, UserId, Name, TokenHash, Prefix, CreatedAt) VALUES ($1,$2,'bench',$3,$4,$5)",
            Ids.New(now.AddSeconds(-1)), users[1].Id, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(SpaceAdminToken))), SpaceAdminToken[..8], now);
        // Someone in no space: what the live-events benchmark checks nothing leaks to.
        var outsider = Ids.New(now.AddSeconds(-100));
        await insert.RunAsync("INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PasswordHash, SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, DisplayName, IsAdmin, IsSystem, CreatedAt) VALUES ($1,$2,$3,$2,$3,1,$4,$5,$5,0,0,1,0,$6,0,0,$7)",
            outsider, "bench.outsider@bench.local", "BENCH.OUTSIDER@BENCH.LOCAL", hash, Guid.NewGuid().ToString("N"), "Bench Outsider", now);
        await insert.RunAsync("INSERT INTO PersonalAccessTokens (Id, UserId, Name, TokenHash, Prefix, CreatedAt) VALUES ($1,$2,'bench',$3,$4,$5)",
            Ids.New(now), outsider, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(OutsiderToken))), OutsiderToken[..8], now);

        var live = Enumerable.Range(0, LivePeople).Select(n => Ids.New(now.AddSeconds(-200 - n))).ToArray();
        foreach (var (person, n) in live.Select((x, i) => (x, i)))
            await insert.RunAsync("INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PasswordHash, SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, DisplayName, IsAdmin, IsSystem, CreatedAt) VALUES ($1,$2,$3,$2,$3,1,$4,$5,$5,0,0,1,0,$6,0,0,$7)",
                person, $"live.{n}@bench.local", $"LIVE.{n}@BENCH.LOCAL", hash, Guid.NewGuid().ToString("N"), $"Live Person {n}", now);

        // Spaces, memberships (the benchmark's member is a plain member, so access checks are part of the cost), products.
        string[] keys = ["CUST", "FIN", "MKT"];
        var spaces = keys.Select(k => (Id: Ids.New(now), Key: k)).ToArray();
        var products = new List<(Guid Id, Guid Space)>();
        foreach (var (space, index) in spaces.Select((s, i) => (s, i)))
        {
            await insert.RunAsync("INSERT INTO Spaces (Id, Key, Name, LastIssueNumber, CreatedAt) VALUES ($1,$2,$3,0,$4)", space.Id, space.Key, $"{space.Key} space", now);
            foreach (var (user, u) in users.Select((x, i) => (x, i)))
                await insert.RunAsync("INSERT INTO SpaceMembers (SpaceId, UserId, Role, CreatedAt) VALUES ($1,$2,$3,$4)",
                    space.Id, user.Id, u == 1 ? (int)SpaceRole.Admin : (int)SpaceRole.Member, now);
            foreach (var (person, n) in live.Select((x, i) => (x, i)).Where(x => LiveSpacesOf(x.i).Contains(index)))
                await insert.RunAsync("INSERT INTO SpaceMembers (SpaceId, UserId, Role, CreatedAt) VALUES ($1,$2,$3,$4)", space.Id, person, (int)SpaceRole.Member, now);
            for (var p = 0; p < (index == 0 ? 4 : 3); p++)
            {
                var product = (Id: Ids.New(now), Space: space.Id);
                products.Add(product);
                await insert.RunAsync("INSERT INTO Products (Id, SpaceId, Name, CreatedAt) VALUES ($1,$2,$3,$4)", product.Id, space.Id, $"{space.Key} product {p + 1}", now);
            }
        }

        var alerts = new List<(Guid Id, Guid Product, Guid Space)>();
        for (var a = 0; a < 2000; a++)
        {
            var product = products[a % products.Count];
            var alert = (Id: Ids.New(now), Product: product.Id, Space: product.Space);
            alerts.Add(alert);
            var firing = random.Next(3) == 0;
            await insert.RunAsync("INSERT INTO Alerts (Id, SpaceId, ProductId, \"Check\", Fingerprint, Kind, Status, Title, Message, OccurrenceCount, FirstSeenAt, LastSeenAt, ResolvedAt, CreatedAt, UpdatedAt) VALUES ($1,$2,$3,$4,$4,$5,$6,$7,$8,1,$9,$9,$10,$9,$9)",
                alert.Id, alert.Space, alert.Product, $"check_{a}", random.Next(6), firing ? 0 : 1, $"Check {a} failed", "Observed value outside its threshold",
                now.AddDays(-random.Next(60)), firing ? null : now);
        }

        // Issues with realistic spreads, then their comments and history.
        // Titles repeat a small domain vocabulary; descriptions and comments draw from 5,000 words with a skew (few
        // common, many rare), as real text does. The searched term ("pipeline") is in about 1% of descriptions.
        string[] words = ["customer", "orders", "nulls", "freshness", "volume", "schema", "drift", "late", "duplicate", "revenue", "ledger", "events", "sessions", "attribution", "currency", "rows", "missing", "backfill", "timezone", "export"];
        string Sentence(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => words[random.Next(words.Length)]));
        string Text(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => "w" + (int)(Math.Pow(random.NextDouble(), 3) * 5000)));
        var numbers = new int[spaces.Length];
        int historyRows = 0, commentRows = 0;
        for (var i = 0; i < issueCount; i++)
        {
            var s = i % spaces.Length;
            var number = ++numbers[s];
            var created = now.AddMinutes(-random.Next(2 * 365 * 24 * 60));
            var status = random.Next(10) switch { < 4 => 0, < 6 => 1, _ => 2 };
            var priority = random.Next(10) switch { < 2 => 0, < 6 => 1, < 9 => 2, _ => 3 };
            var spaceProducts = products.Where(p => p.Space == spaces[s].Id).ToList();
            var product = random.Next(10) == 0 ? (Guid?)null : spaceProducts[random.Next(spaceProducts.Count)].Id;
            var assignee = random.Next(5) == 0 ? (Guid?)null : users[random.Next(users.Length)].Id;
            var reporter = users[random.Next(users.Length)].Id;
            var alert = random.Next(50) == 0 ? alerts.Where(a => a.Space == spaces[s].Id).ElementAt(random.Next(600)).Id : (Guid?)null;
            var updated = created.AddMinutes(random.Next(60 * 24 * 30));
            if (updated > now) updated = now;
            var id = Ids.New(created);
            // Someone responded to every issue that left Open, within ten hours and before its last change.
            var acknowledged = status == 0 ? (DateTime?)null : created.AddMinutes(random.Next(1, 600)) is var ack && ack < updated ? ack : updated;
            await insert.RunAsync("INSERT INTO Issues (Id, SpaceId, Number, Title, Description, Status, Priority, ProductId, AssigneeId, ReporterId, AlertId, CreatedAt, UpdatedAt, ResolvedAt, AcknowledgedAt, Version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,1)",
                id, spaces[s].Id, number, Capitalize(Sentence(5)), Text(30) + (random.Next(100) == 0 ? " upstream pipeline failed" : ""), status, priority, product, assignee, reporter, alert, created, updated, status == 2 ? updated : null, acknowledged);

            var events = number == LongHistoryNumber && s == 0 ? 500 : 1 + random.Next(19);
            for (var e = 0; e < events; e++)
            {
                var at = created.AddSeconds(e * 60);
                await insert.RunAsync("INSERT INTO IssueEvents (Id, IssueId, Kind, OldValue, NewValue, ActorId, CreatedAt) VALUES ($1,$2,$3,$4,$5,$6,$7)",
                    Ids.New(at), id, e == 0 ? 0 : 3 + random.Next(3), e == 0 ? null : "open", e == 0 ? "created" : "in_progress", users[random.Next(users.Length)].Id, at);
                historyRows++;
            }
            var comments = random.Next(5);
            for (var c = 0; c < comments; c++)
            {
                var at = created.AddMinutes(c * 30 + 5);
                await insert.RunAsync("INSERT INTO Comments (Id, IssueId, AuthorId, Content, CreatedAt) VALUES ($1,$2,$3,$4,$5)",
                    Ids.New(at), id, users[random.Next(users.Length)].Id, Text(15), at);
                commentRows++;
            }
        }
        for (var s = 0; s < spaces.Length; s++)
            await insert.RunAsync("UPDATE Spaces SET LastIssueNumber = $1 WHERE Id = $2", numbers[s], spaces[s].Id);
        await tx.CommitAsync();
        return $"{issueCount:N0} issues, {historyRows:N0} history rows, {commentRows:N0} comments, {alerts.Count:N0} alerts";
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Prepared commands reused per SQL text: the fast way to bulk-insert into SQLite.</summary>
    private sealed class Inserts(SqliteConnection connection, SqliteTransaction tx)
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new();

        public async Task RunAsync(string sql, params object?[] values)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.Transaction = tx;
                command.CommandText = sql;
                for (var i = 1; i <= values.Length; i++) command.Parameters.Add(new SqliteParameter("$" + i, null));
                command.Prepare();
                _commands[sql] = command;
            }
            for (var i = 0; i < values.Length; i++)
                command.Parameters[i].Value = values[i] switch
                {
                    null => DBNull.Value,
                    Guid g => g.ToString().ToUpperInvariant(),
                    DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF"),
                    var v => v,
                };
            await command.ExecuteNonQueryAsync();
        }
    }
}

using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using IssueTracker.Web.Data.Sqlite;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Bench;

/// <summary>
/// <c>IssueTracker.Bench seed-bench --issues 100000 (--db FILE | --postgres CONNECTION) [--seed 42]</c>: a benchmark
/// dataset written into the real, migrated schema (<see cref="RowSink"/>: prepared inserts on SQLite, COPY on
/// PostgreSQL). The same seed gives the same data on both. Prints the member token the benchmark uses.
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
            Console.Error.WriteLine("usage: seed-bench (--db FILE | --postgres CONNECTION) [--issues 100000] [--seed 42]");
            return 2;
        }
        var watch = Stopwatch.StartNew();
        var postgres = options.Postgres is not null;
        string connectionString;
        if (postgres)
        {
            connectionString = options.Postgres!;
            await RowSink.RecreatePostgresDatabaseAsync(connectionString);
        }
        else
        {
            if (File.Exists(options.Db)) File.Delete(options.Db);
            connectionString = new SqliteConnectionStringBuilder { DataSource = options.Db }.ToString();
        }
        await using (var services = BenchServices.Build(connectionString, postgres))
        await using (var db = await services.Factory().CreateDbContextAsync())
        {
            if (!postgres) await SqliteConnectionSetup.InitializeAsync(db.Database.GetDbConnection(), CancellationToken.None);
            await db.Database.MigrateAsync();
        }
        var counts = await SeedAsync(connectionString, postgres, options.Issues, options.Seed);
        if (!postgres)
        {
            await using var connection = new SqliteConnection(connectionString);
            await SqliteConnectionSetup.InitializeAsync(connection, CancellationToken.None);
        }
        Console.WriteLine($"seed-bench: {counts} in {watch.Elapsed.TotalSeconds:F1} s -> {(postgres ? "PostgreSQL " + new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database : options.Db)}");
        Console.WriteLine($"member token: {MemberToken}");
        return 0;
    }

    private sealed record Options(string? Db, string? Postgres, int Issues, int Seed)
    {
        public static Options? Parse(string[] args)
        {
            string? db = null, postgres = null;
            int issues = 100_000, seed = 42;
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--db": db = args[i + 1]; break;
                    case "--postgres": postgres = args[i + 1]; break;
                    case "--issues": issues = int.Parse(args[i + 1]); break;
                    case "--seed": seed = int.Parse(args[i + 1]); break;
                    default: return null;
                }
            }
            return (db is null) == (postgres is null) || issues < 1 ? null : new Options(db is null ? null : Path.GetFullPath(db), postgres, issues, seed);
        }
    }

    private static async Task<string> SeedAsync(string connectionString, bool postgres, int issueCount, int seed)
    {
        var random = new Random(seed);
        var now = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var rows = postgres ? await RowSink.PostgresAsync(connectionString) : await RowSink.SqliteAsync(connectionString);

        // People: one password hash for all (hashing 8 times would cost seconds for nothing).
        var hash = new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), Password);
        string[] names = ["Bench Member", "Bob Smith", "Priya Patel", "Marco Rossi", "Aiko Tanaka", "Samuel Okafor", "Lena Fischer", "Diego Alvarez"];
        var users = names.Select((name, i) => (Id: Ids.New(now.AddSeconds(-i)), Name: name, Email: i == 0 ? MemberEmail : $"bench.user{i}@bench.local")).ToArray();
        foreach (var (id, name, email) in users)
            await rows.AddAsync("AspNetUsers", ["Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "DisplayName", "IsAdmin", "IsSystem", "CreatedAt"], id, email, email.ToUpperInvariant(), email, email.ToUpperInvariant(), true, hash, Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), false, false, true, 0, name, false, false, now);
        await rows.AddAsync("PersonalAccessTokens", ["Id", "UserId", "Name", "TokenHash", "Prefix", "Scopes", "CreatedAt"], Ids.New(now), users[0].Id, "bench", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(MemberToken))), MemberToken[..8], "read write admin", now);
        await rows.AddAsync("PersonalAccessTokens", ["Id", "UserId", "Name", "TokenHash", "Prefix", "Scopes", "CreatedAt"], Ids.New(now.AddSeconds(-1)), users[1].Id, "bench", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(SpaceAdminToken))), SpaceAdminToken[..8], "read write admin", now);
        // Someone in no space: what the live-events benchmark checks nothing leaks to.
        var outsider = Ids.New(now.AddSeconds(-100));
        await rows.AddAsync("AspNetUsers", ["Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "DisplayName", "IsAdmin", "IsSystem", "CreatedAt"], outsider, "bench.outsider@bench.local", "BENCH.OUTSIDER@BENCH.LOCAL", "bench.outsider@bench.local", "BENCH.OUTSIDER@BENCH.LOCAL", true, hash, Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), false, false, true, 0, "Bench Outsider", false, false, now);
        await rows.AddAsync("PersonalAccessTokens", ["Id", "UserId", "Name", "TokenHash", "Prefix", "Scopes", "CreatedAt"], Ids.New(now), outsider, "bench", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(OutsiderToken))), OutsiderToken[..8], "read write admin", now);

        var live = Enumerable.Range(0, LivePeople).Select(n => Ids.New(now.AddSeconds(-200 - n))).ToArray();
        foreach (var (person, n) in live.Select((x, i) => (x, i)))
            await rows.AddAsync("AspNetUsers", ["Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "DisplayName", "IsAdmin", "IsSystem", "CreatedAt"], person, $"live.{n}@bench.local", $"LIVE.{n}@BENCH.LOCAL", $"live.{n}@bench.local", $"LIVE.{n}@BENCH.LOCAL", true, hash, Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), false, false, true, 0, $"Live Person {n}", false, false, now);

        // Spaces, memberships (the benchmark's member is a plain member, so access checks are part of the cost), products.
        string[] keys = ["CUST", "FIN", "MKT"];
        var spaces = keys.Select(k => (Id: Ids.New(now), Key: k)).ToArray();
        var products = new List<(Guid Id, Guid Space)>();
        foreach (var (space, index) in spaces.Select((s, i) => (s, i)))
        {
            // Issue i goes to space i % 3, numbered in order: the last number is known before the issues are written.
            var lastNumber = (issueCount - index + spaces.Length - 1) / spaces.Length;
            await rows.AddAsync("Spaces", ["Id", "Key", "Name", "LastIssueNumber", "CreatedAt"], space.Id, space.Key, $"{space.Key} space", lastNumber, now);
            foreach (var (user, u) in users.Select((x, i) => (x, i)))
                await rows.AddAsync("SpaceMembers", ["SpaceId", "UserId", "Role", "CreatedAt"], space.Id, user.Id, u == 1 ? (int)SpaceRole.Admin : (int)SpaceRole.Member, now);
            foreach (var (person, n) in live.Select((x, i) => (x, i)).Where(x => LiveSpacesOf(x.i).Contains(index)))
                await rows.AddAsync("SpaceMembers", ["SpaceId", "UserId", "Role", "CreatedAt"], space.Id, person, (int)SpaceRole.Member, now);
            for (var p = 0; p < (index == 0 ? 4 : 3); p++)
            {
                var product = (Id: Ids.New(now), Space: space.Id);
                products.Add(product);
                await rows.AddAsync("Products", ["Id", "SpaceId", "Name", "CreatedAt"], product.Id, space.Id, $"{space.Key} product {p + 1}", now);
            }
        }

        var alerts = new List<(Guid Id, Guid Product, Guid Space)>();
        for (var a = 0; a < 2000; a++)
        {
            var product = products[a % products.Count];
            var alert = (Id: Ids.New(now), Product: product.Id, Space: product.Space);
            alerts.Add(alert);
            var firing = random.Next(3) == 0;
            await rows.AddAsync("Alerts", ["Id", "SpaceId", "ProductId", "Check", "Fingerprint", "Kind", "Status", "Title", "Message", "OccurrenceCount", "FirstSeenAt", "LastSeenAt", "ResolvedAt", "CreatedAt", "UpdatedAt"], alert.Id, alert.Space, alert.Product, $"check_{a}", $"check_{a}", random.Next(6), firing ? 0 : 1, $"Check {a} failed", "Observed value outside its threshold", 1, now.AddDays(-random.Next(60)), now.AddDays(-random.Next(60)), firing ? null : now, now.AddDays(-random.Next(60)), now.AddDays(-random.Next(60)));
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
            await rows.AddAsync("Issues", ["Id", "SpaceId", "Number", "Title", "Description", "Status", "Priority", "ProductId", "AssigneeId", "ReporterId", "AlertId", "CreatedAt", "UpdatedAt", "ResolvedAt", "AcknowledgedAt", "Version", "SlaNotified"], id, spaces[s].Id, number, Capitalize(Sentence(5)), Text(30) + (random.Next(100) == 0 ? " upstream pipeline failed" : ""), status, priority, product, assignee, reporter, alert, created, updated, status == 2 ? updated : null, acknowledged, 1, 0);

            var events = number == LongHistoryNumber && s == 0 ? 500 : 1 + random.Next(19);
            for (var e = 0; e < events; e++)
            {
                var at = created.AddSeconds(e * 60);
                await rows.AddAsync("IssueEvents", ["Id", "IssueId", "Kind", "OldValue", "NewValue", "ActorId", "CreatedAt"], Ids.New(at), id, e == 0 ? 0 : 3 + random.Next(3), e == 0 ? null : "open", e == 0 ? "created" : "in_progress", users[random.Next(users.Length)].Id, at);
                historyRows++;
            }
            var comments = random.Next(5);
            for (var c = 0; c < comments; c++)
            {
                var at = created.AddMinutes(c * 30 + 5);
                await rows.AddAsync("Comments", ["Id", "IssueId", "AuthorId", "Content", "CreatedAt"], Ids.New(at), id, users[random.Next(users.Length)].Id, Text(15), at);
                commentRows++;
            }
        }
        await rows.CompleteAsync();
        return $"{issueCount:N0} issues, {historyRows:N0} history rows, {commentRows:N0} comments, {alerts.Count:N0} alerts";
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}

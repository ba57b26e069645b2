using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Setup;

/// <summary>
/// A believable data team for demos and first runs: three spaces, products, people, SLAs, alerts, and issues with
/// comments and history over the last four months, so the insights page tells a story: more issues lately, resolved
/// faster than at first, and one check in each space that fires every week or so and is a false positive each time. Everything goes through the services, so demo data follows the same rules
/// as real use; a clock the seed moves gives each step its time in the past. It runs only on an empty database, and
/// the same seed always gives the same data.
/// </summary>
public static class DemoData
{
    public const string DemoEmail = "jane@demo.local";
    public const string DemoPassword = "demo-password-2026";
    /// <summary>A fixed token so the README's curl examples run verbatim against the demo. Demo data only.</summary>
    public const string DemoApiToken = "itk_demo_jane_3f9c2a7b41d84e6c";

    private static readonly (string Name, string Email)[] People =
    [
        ("Jane Developer", DemoEmail),
        ("Bob Smith", "bob@demo.local"),
        ("Priya Patel", "priya@demo.local"),
        ("Marco Rossi", "marco@demo.local"),
        ("Aiko Tanaka", "aiko@demo.local"),
        ("Samuel Okafor", "samuel@demo.local"),
        ("Lena Fischer", "lena@demo.local"),
        ("Diego Alvarez", "diego@demo.local"),
    ];

    private static readonly (string Key, string Name, string[] Products)[] Spaces =
    [
        ("CUST", "Customer Data", ["Customer Events", "Customer 360", "Identity Graph"]),
        ("FIN", "Finance Analytics", ["Transactions Ledger", "Revenue Dashboard", "FX Rates"]),
        ("MKT", "Marketing Insights", ["Campaign Attribution", "Web Sessions"]),
    ];

    private static readonly (string Title, string Description)[] Problems =
    [
        ("Customer ID nulls increased", "Seeing **15%** null rate in `customer_id` column since the last deploy.\n\n- Expected: < 0.5%\n- Observed: 15.2%"),
        ("Missing transactions for Jan 14", "## Summary\n\nNo transaction records loaded for 2026-01-14.\n\n## Impact\n\nDaily revenue reporting is blocked."),
        ("Duplicate rows after backfill", "The backfill job re-inserted rows for the last 3 days. `count(*)` vs `count(distinct id)` differ by 48,213."),
        ("Late arriving events break daily totals", "Events arriving > 6 h late are not picked up by the daily aggregate.\n\n```sql\nselect date, count(*) from events group by 1\n```"),
        ("Schema drift: `amount` became a string", "Upstream changed `amount` from `DECIMAL(18,2)` to `VARCHAR`. Casts fail downstream."),
        ("Freshness SLA missed for nightly load", "The nightly load finished at 09:40 UTC, 3 h 40 min after the SLA."),
        ("Currency codes not ISO 4217", "Found values like `EURO` and `US$` in `currency`. See [ISO 4217](https://www.iso.org/iso-4217-currency-codes.html)."),
        ("Row count dropped 40% week over week", "Volume check failed: 1.2 M rows vs 2.0 M expected. Likely a partition filter bug."),
        ("Timezone offsets applied twice", "Timestamps in `event_time` are shifted by +2 h for CET sources."),
        ("Email addresses not masked in staging", "PII check found unmasked emails in `stg_customers`. Needs masking before analysts get access."),
        ("Negative quantities in order lines", "12 rows with `quantity < 0` that are not returns."),
        ("Dashboard shows stale numbers", "Revenue dashboard still shows yesterday's numbers at noon; the extract did not refresh."),
        ("Orphaned foreign keys in orders", "3,104 orders reference customers that do not exist in `dim_customer`."),
        ("Distribution shift in session length", "Median session length jumped from 4 min to 19 min; probably a tracking change."),
        ("Attribution window misconfigured", "Campaign attribution uses a 90-day window instead of the agreed 30 days."),
        ("FX rates missing for weekends", "No rates for Saturday and Sunday; conversions fall back to 1.0."),
        ("Country field has free text", "`country` contains values like 'germany', 'DE', 'Deutschland'."),
        ("Test accounts leaking into metrics", "Internal test accounts (`@example.com`) are counted in active users."),
        ("Identity graph merges unrelated users", "Merging on phone number alone links 1,800 unrelated profiles."),
        ("Web sessions double counted on mobile", "The app sends `session_start` twice on resume."),
    ];

    private static readonly string[] CommentTexts =
    [
        "Looking into it now.",
        "Root cause: the upstream pipeline failed at 02:10 UTC and retried with a stale watermark.",
        "I can reproduce this with yesterday's partition.",
        "Fix deployed; waiting for the next run to confirm.",
        "Adding a dbt test so this is caught earlier: `not_null` on the column.",
        "This also affects the finance export, raising priority.",
        "Confirmed fixed after today's load. Resolving.",
        "Talked to the source team; they will send a corrected file tomorrow.",
    ];

    /// <summary>Issues people report per space (the monitors open more).</summary>
    public const int PersonIssuesPerSpace = 40;
    /// <summary>How far back the demo's history goes.</summary>
    public const int HistoryDays = 120;

    public static async Task SeedIfEnabledAsync(IServiceProvider services, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<IssueTrackerOptions>>().Value;
        var environment = services.GetRequiredService<IHostEnvironment>();
        if (!(options.SeedDemoData ?? environment.IsDevelopment())) return;

        var dbFactory = services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.Spaces.AnyAsync(ct)) return;
        }
        await SeedAsync(services, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, ct);
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoData)).LogInformation("Seeded demo data.");
    }

    public static async Task SeedAsync(IServiceProvider services, DateTime now, CancellationToken ct)
    {
        var random = new Random(2026);
        var users = services.GetRequiredService<UserService>();
        var userManager = services.GetRequiredService<UserManager<ApplicationUser>>();
        var people = new List<(Guid Id, string Name)>();
        foreach (var (name, email) in People)
        {
            var existing = await userManager.FindByEmailAsync(email);
            people.Add((existing?.Id ?? (await users.CreateUserAsync(
                new CreateUserRequest { Email = email, Name = name, Password = DemoPassword }, isAdmin: email == DemoEmail, ct)).Id, name));
        }
        var jane = people[0].Id;
        await services.GetRequiredService<TokenService>().EnsureAsync(jane, "Demo token", DemoApiToken, ct);

        // The services with the seed's clock: each step below runs at its own time in the past, in time order.
        var clock = new SeedClock();
        T With<T>() where T : notnull => ActivatorUtilities.CreateInstance<T>(services, clock);
        var spaceService = With<SpaceService>();
        var productService = With<ProductService>();
        var issues = With<IssueService>();
        var comments = With<CommentService>();
        var alerts = With<AlertService>();
        var slas = services.GetRequiredService<SlaService>();
        var steps = new List<(DateTime At, Func<Task> Run)>();
        var start = now.AddDays(-HistoryDays - 2);
        DateTime At(double daysAgo) => now.AddDays(-daysAgo);

        var spaceIndex = 0;
        foreach (var (key, spaceName, productNames) in Spaces)
        {
            clock.Now = start;
            var space = await spaceService.CreateAsync(new CreateSpaceRequest { Key = key, Name = spaceName }, jane, ct);
            // Everyone is in every space, with a spread of roles; Jane is an instance admin anyway.
            var workers = new List<Guid> { jane };
            for (var u = 1; u < people.Count; u++)
            {
                var role = (u + spaceIndex) % 4 == 1 ? SpaceRole.Admin : (u + spaceIndex) % 5 == 3 ? SpaceRole.Viewer : SpaceRole.Member;
                await spaceService.SetMemberRoleAsync(space.Id, people[u].Id, new SetMemberRoleRequest { Role = role }, jane, ct);
                if (role != SpaceRole.Viewer) workers.Add(people[u].Id);
            }
            var products = new List<ProductDto>();
            foreach (var productName in productNames)
                products.Add(await productService.CreateAsync(new CreateProductRequest { SpaceId = space.Id, Name = productName, Description = $"{productName}, owned by the {spaceName} team." }, jane, ct));

            await slas.SetAsync(space.Id, new SpaceSlaDto
            {
                Critical = new SlaTargetDto { Acknowledge = "PT30M", Resolve = "PT8H" },
                High = new SlaTargetDto { Acknowledge = "PT2H", Resolve = "P1D" },
                Medium = new SlaTargetDto { Resolve = "P3D" },
                Low = new SlaTargetDto { Resolve = "P7D" },
            }, jane, ct);

            // Two monitored checks per space: one still failing, one that failed for a while and passes again. Their
            // reports open (and resolve) issues by the alert rules.
            for (var i = 0; i < 2; i++)
                PlanAlert(steps, alerts, products[i], failing: i == 0, reports: 2 + random.Next(6), firstSeen: At(10 + random.Next(10)), lastSeen: At(random.NextDouble()), jane, random, ct);
            PlanNoisyCheck(steps, alerts, issues, products[^1], workers, jane, random, now, ct);

            for (var n = 1; n <= PersonIssuesPerSpace; n++)
            {
                var problem = Problems[(n * 7 + spaceIndex * 3) % Problems.Length];
                // More issues lately: the square root bunches the creation times towards now.
                var created = At(1 + (HistoryDays - 1) * (1 - Math.Sqrt(random.NextDouble())));
                PlanIssue(steps, issues, comments, space.Id, problem, products[random.Next(products.Count)].Id, workers, random, created, now, ct);
            }
            spaceIndex++;
        }

        foreach (var (at, run) in steps.OrderBy(s => s.At))
        {
            clock.Now = at;
            await run();
        }
    }

    /// <summary>One person's issue: reported, maybe assigned, discussed, worked on, resolved or re-prioritised.</summary>
    private static void PlanIssue(
        List<(DateTime At, Func<Task> Run)> steps, IssueService issues, CommentService comments, Guid spaceId, (string Title, string Description) problem,
        Guid productId, List<Guid> workers, Random random, DateTime created, DateTime now, CancellationToken ct)
    {
        var reporter = workers[random.Next(workers.Count)];
        var assignee = random.Next(5) == 0 ? (Guid?)null : workers[random.Next(workers.Count)];
        var worker = assignee ?? workers[random.Next(workers.Count)];
        // Older issues are mostly resolved; the last weeks' are still being worked on.
        var age = (now - created).TotalDays;
        var status = age > 21 && random.Next(8) > 0 ? IssueStatus.Resolved : (IssueStatus)random.Next(3);
        var priority = (IssuePriority)random.Next(4);
        // The team got faster: the first months' issues took days from report to fix, the last weeks' hours.
        var pace = Math.Clamp(age / HistoryDays, 0.02, 1);
        var span = TimeSpan.FromHours((2 + 70 * pace) * (0.5 + random.NextDouble()));
        IssueDto? issue = null;
        var time = created;
        DateTime Later() => time = new DateTime(Math.Min(now.Ticks, (time + span * (0.05 + random.NextDouble() * 0.3)).Ticks), DateTimeKind.Utc);
        void Step(DateTime at, Func<Task> run) => steps.Add((at, run));
        Task Patch(Guid actor, UpdateIssueRequest patch) => issues.UpdateAsync(issue!.Id, patch, actor, ct: ct);

        Step(created, async () => issue = (await issues.CreateAsync(new CreateIssueRequest
        {
            SpaceId = spaceId,
            Title = problem.Title,
            Description = problem.Description,
            Priority = priority,
            ProductId = productId,
        }, reporter, ct: ct)).Issue);
        if (assignee is { } who) Step(Later(), () => Patch(reporter, new UpdateIssueRequest { AssigneeId = who }));
        for (var c = random.Next(4); c > 0; c--)
        {
            var author = c % 2 == 1 ? worker : reporter;
            var content = CommentTexts[random.Next(CommentTexts.Length)];
            Step(Later(), () => comments.AddAsync(issue!.Id, new CommentRequest { Content = content }, author, ct));
        }
        if (status != IssueStatus.Open) Step(Later(), () => Patch(worker, new UpdateIssueRequest { Status = IssueStatus.InProgress }));
        var reason = random.Next(20) switch
        {
            < 12 => IssueResolution.Fixed,
            < 15 => IssueResolution.FalsePositive,
            < 17 => IssueResolution.ExpectedChange,
            < 19 => IssueResolution.WontFix,
            _ => IssueResolution.Other,
        };
        if (status == IssueStatus.Resolved)
            Step(Later(), () => Patch(worker, new UpdateIssueRequest { Status = IssueStatus.Resolved, Resolution = reason }));
        if (random.Next(4) == 0 && priority != IssuePriority.Critical)
            Step(Later(), () => Patch(worker, new UpdateIssueRequest { Priority = priority + 1 }));
    }

    /// <summary>Daily results of one check, as a monitor reports them: failing from the first, passing at the last unless still failing.</summary>
    private static void PlanAlert(
        List<(DateTime At, Func<Task> Run)> steps, AlertService alerts, ProductDto product, bool failing, int reports, DateTime firstSeen, DateTime lastSeen,
        Guid reporter, Random random, CancellationToken ct)
    {
        var slug = product.Name.ToLowerInvariant().Replace(' ', '_');
        var freshness = failing;
        var threshold = freshness ? 60d : 1_800_000d;
        for (var i = 0; i < reports; i++)
        {
            var at = firstSeen + (lastSeen - firstSeen) * i / Math.Max(1, reports - 1);
            var passing = !failing && i == reports - 1;
            var value = passing
                ? (freshness ? 20 + random.Next(30) : 1_900_000 + random.Next(200_000))
                : (freshness ? 90 + random.Next(180) : 900_000 + random.Next(700_000));
            var request = new ReportAlertRequest
            {
                ProductId = product.Id,
                Check = freshness ? $"{slug}_freshness" : $"{slug}_row_count",
                Kind = freshness ? AlertKind.Freshness : AlertKind.Volume,
                Status = passing ? AlertStatus.Resolved : AlertStatus.Firing,
                Title = freshness ? $"Freshness check failed on {product.Name}" : $"Row count below threshold on {product.Name}",
                Message = freshness ? $"Last load finished {value} minutes after the schedule (SLA {threshold} min)." : $"{value:N0} rows, expected at least {threshold:N0}.",
                ObservedAt = at,
                Value = value,
                Threshold = threshold,
            };
            steps.Add((at, () => alerts.ReportAsync(request, reporter, ct: ct)));
        }
    }

    /// <summary>
    /// A check that fires every week or so and is wrong each time: each episode opens an issue (linked to the last
    /// one), which someone resolves as a false positive the next day or the one after; the check passes again meanwhile.
    /// </summary>
    private static void PlanNoisyCheck(
        List<(DateTime At, Func<Task> Run)> steps, AlertService alerts, IssueService issues, ProductDto product, List<Guid> workers, Guid reporter,
        Random random, DateTime now, CancellationToken ct)
    {
        var slug = product.Name.ToLowerInvariant().Replace(' ', '_');
        ReportAlertRequest Report(DateTime at, bool passing, double value) => new()
        {
            ProductId = product.Id,
            Check = $"{slug}_null_rate",
            Kind = AlertKind.NullRate,
            Status = passing ? AlertStatus.Resolved : AlertStatus.Firing,
            Title = $"Null rate above threshold on {product.Name}",
            Message = $"{value:0.0}% nulls in a key column (threshold 2%).",
            ObservedAt = at,
            Value = value,
            Threshold = 2,
        };
        for (var fired = now.AddDays(-HistoryDays + 5); fired < now.AddDays(-2); fired = fired.AddDays(8 + random.NextDouble() * 4))
        {
            var at = fired;
            var triager = workers[random.Next(workers.Count)];
            steps.Add((at, () => alerts.ReportAsync(Report(at, passing: false, 2.1 + random.NextDouble()), reporter, ct: ct)));
            steps.Add((at.AddHours(20 + random.NextDouble() * 20), async () =>
            {
                var open = (await issues.ListAsync(new IssueQuery { ProductId = product.Id, Statuses = [IssueStatus.Open], Size = 5 }, triager, ct)).Items
                    .FirstOrDefault(i => i.Alert is not null && i.Title.StartsWith("Null rate", StringComparison.Ordinal));
                if (open is not null)
                    await issues.UpdateAsync(open.Id, new UpdateIssueRequest
                    {
                        Status = IssueStatus.Resolved,
                        Resolution = IssueResolution.FalsePositive,
                        ResolutionNote = "Late partitions fill in within the hour; the check runs too early.",
                    }, triager, ct: ct);
            }
            ));
            steps.Add((at.AddHours(44), () => alerts.ReportAsync(Report(at.AddHours(44), passing: true, 0.4), reporter, ct: ct)));
        }
    }

    /// <summary>The seed's own time, moved to each step's moment before the step runs.</summary>
    private sealed class SeedClock : TimeProvider
    {
        public DateTime Now { get; set; }

        public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(Now, DateTimeKind.Utc));
    }
}

using IssueTracker.Web.Contracts;
using IssueTracker.Web.Data;
using IssueTracker.Web.Domain;
using IssueTracker.Web.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Setup;

/// <summary>
/// A believable data team for demos and first runs: three spaces, products, people, alerts, and issues with comments
/// and history spread over the last weeks. Written directly (not through the services) so that its history can carry
/// past timestamps; it runs only on an empty database, and the same seed always gives the same data.
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
        var userIds = new List<Guid>();
        foreach (var (name, email) in People)
        {
            var existing = await services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>().FindByEmailAsync(email);
            userIds.Add(existing?.Id ?? (await users.CreateUserAsync(
                new CreateUserRequest { Email = email, Name = name, Password = DemoPassword }, isAdmin: email == DemoEmail, ct)).Id);
        }
        await services.GetRequiredService<TokenService>().EnsureAsync(userIds[0], "Demo token", DemoApiToken, ct);

        var dbFactory = services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var start = now.AddDays(-42);
        DateTime At(double daysAgo) => now.AddDays(-daysAgo);

        var spaceIndex = 0;
        foreach (var (key, spaceName, productNames) in Spaces)
        {
            var space = new Space { Id = Ids.New(start), Key = key, Name = spaceName, CreatedAt = start };
            db.Spaces.Add(space);
            // Everyone is in every space, with a spread of roles; Jane is an instance admin anyway.
            var members = new List<Guid>();
            for (var u = 0; u < userIds.Count; u++)
            {
                var role = u == 0 || (u + spaceIndex) % 4 == 1 ? SpaceRole.Admin : (u + spaceIndex) % 5 == 3 ? SpaceRole.Viewer : SpaceRole.Member;
                db.SpaceMembers.Add(new SpaceMember { SpaceId = space.Id, UserId = userIds[u], Role = role, CreatedAt = start });
                if (role != SpaceRole.Viewer) members.Add(userIds[u]);
            }

            var products = productNames.Select(p => new DataProduct
            {
                Id = Ids.New(start), SpaceId = space.Id, Name = p, Description = $"{p}, owned by the {spaceName} team.", CreatedAt = start,
            }).ToList();
            db.Products.AddRange(products);

            var alerts = products.Take(2).Select((p, i) => new Alert
            {
                Id = Ids.New(start),
                SpaceId = space.Id,
                ProductId = p.Id,
                Check = i == 0 ? $"{p.Name.ToLowerInvariant().Replace(' ', '_')}_freshness" : $"{p.Name.ToLowerInvariant().Replace(' ', '_')}_row_count",
                Kind = i == 0 ? AlertKind.Freshness : AlertKind.Volume,
                Status = i == 0 ? AlertStatus.Firing : AlertStatus.Resolved,
                Title = i == 0 ? $"Freshness check failed on {p.Name}" : $"Row count below threshold on {p.Name}",
                Message = i == 0 ? "Last load finished 3h40m after the SLA." : "1.2M rows, expected at least 1.8M.",
                OccurrenceCount = 2 + random.Next(6),
                FirstSeenAt = At(10 + random.Next(10)),
                LastSeenAt = At(random.NextDouble()),
                CreatedAt = At(20),
                UpdatedAt = At(random.NextDouble()),
            }).ToList();
            foreach (var alert in alerts)
            {
                alert.Fingerprint = alert.Check;
                if (alert.Status == AlertStatus.Resolved) alert.ResolvedAt = alert.LastSeenAt;
            }
            db.Alerts.AddRange(alerts);
            foreach (var alert in alerts) AddOccurrences(db, alert, random);

            for (var n = 1; n <= 20; n++)
            {
                var problem = Problems[(n * 7 + spaceIndex * 3) % Problems.Length];
                if (n <= alerts.Count) problem = (alerts[n - 1].Title, $"Opened from the alert `{alerts[n - 1].Check}`.\n\n> {alerts[n - 1].Message}");
                var created = At(1 + random.NextDouble() * 40);
                var reporter = members[random.Next(members.Count)];
                var assignee = random.Next(5) == 0 ? (Guid?)null : members[random.Next(members.Count)];
                var product = products[random.Next(products.Count)];
                var alert = n <= alerts.Count ? alerts[n - 1] : null;
                if (alert is not null) product = products.Single(p => p.Id == alert.ProductId);
                var status = (IssueStatus)(n % 3);
                var priority = (IssuePriority)random.Next(4);
                var issue = new Issue
                {
                    Id = Ids.New(created),
                    SpaceId = space.Id,
                    Number = n,
                    Title = problem.Title,
                    Description = problem.Description,
                    Status = IssueStatus.Open,
                    Priority = priority,
                    ProductId = product.Id,
                    AssigneeId = assignee,
                    ReporterId = reporter,
                    AlertId = alert?.Id,
                    CreatedAt = created,
                    UpdatedAt = created,
                    Version = 1,
                };
                db.Issues.Add(issue);
                var events = new List<(IssueEventKind Kind, string? Old, string? New, Guid Actor, DateTime At)>
                {
                    (IssueEventKind.Created, null, issue.Title, reporter, created),
                };
                if (alert is not null) events.Add((IssueEventKind.AlertLinked, null, alert.Title, reporter, created));

                var time = created;
                DateTime Later() => time = new DateTime(Math.Min(now.Ticks, time.AddHours(1 + random.NextDouble() * Math.Max(1, (now - time).TotalHours / 4)).Ticks), DateTimeKind.Utc);
                var worker = assignee ?? members[random.Next(members.Count)];
                if (assignee is not null)
                    events.Add((IssueEventKind.AssigneeChanged, null, People[userIds.IndexOf(assignee.Value)].Name, reporter, Later()));

                for (var c = 0; c < random.Next(4); c++)
                {
                    var author = c % 2 == 0 ? worker : reporter;
                    var content = CommentTexts[random.Next(CommentTexts.Length)];
                    var at = Later();
                    db.Comments.Add(new Comment { Id = Ids.New(at), IssueId = issue.Id, AuthorId = author, Content = content, CreatedAt = at });
                    events.Add((IssueEventKind.CommentAdded, null, content, author, at));
                }
                if (status != IssueStatus.Open)
                {
                    events.Add((IssueEventKind.StatusChanged, "open", "in_progress", worker, Later()));
                    issue.Status = IssueStatus.InProgress;
                }
                if (status == IssueStatus.Resolved)
                {
                    var at = Later();
                    events.Add((IssueEventKind.StatusChanged, "in_progress", "resolved", worker, at));
                    issue.Status = IssueStatus.Resolved;
                    issue.ResolvedAt = at;
                }
                if (random.Next(4) == 0)
                {
                    var raised = (IssuePriority)Math.Min(3, (int)priority + 1);
                    if (raised != priority)
                    {
                        events.Add((IssueEventKind.PriorityChanged, WireNames.Of(priority), WireNames.Of(raised), worker, Later()));
                        issue.Priority = raised;
                    }
                }
                foreach (var e in events)
                {
                    db.IssueEvents.Add(new IssueEvent
                    {
                        Id = Ids.New(e.At), IssueId = issue.Id, Kind = e.Kind, OldValue = e.Old, NewValue = e.New, ActorId = e.Actor, CreatedAt = e.At,
                    });
                    issue.UpdatedAt = e.At > issue.UpdatedAt ? e.At : issue.UpdatedAt;
                    issue.Version++;
                }
            }
            space.LastIssueNumber = 20;
            spaceIndex++;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Daily check results leading up to the alert's current state, with the measured value and threshold.</summary>
    private static void AddOccurrences(ApplicationDbContext db, Alert alert, Random random)
    {
        var freshness = alert.Kind == AlertKind.Freshness;
        var threshold = freshness ? 60d : 1_800_000d;
        for (var i = 0; i < alert.OccurrenceCount; i++)
        {
            var at = alert.FirstSeenAt + (alert.LastSeenAt - alert.FirstSeenAt) * i / Math.Max(1, alert.OccurrenceCount - 1);
            var last = i == alert.OccurrenceCount - 1;
            var status = last ? alert.Status : AlertStatus.Firing;
            var value = status == AlertStatus.Firing
                ? (freshness ? 90 + random.Next(180) : 900_000 + random.Next(700_000))
                : (freshness ? 20 + random.Next(30) : 1_900_000 + random.Next(200_000));
            db.AlertOccurrences.Add(new AlertOccurrence
            {
                Id = Ids.New(at), AlertId = alert.Id, Status = status, ObservedAt = at, ReceivedAt = at, Value = value, Threshold = threshold,
                Message = freshness ? $"Last load finished {value} minutes after the schedule (SLA {threshold} min)." : $"{value:N0} rows, expected at least {threshold:N0}.",
            });
        }
    }
}

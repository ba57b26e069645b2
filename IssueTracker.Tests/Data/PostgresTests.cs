using System.Net.Http.Json;
using System.Threading.Channels;
using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Pages.Board;
using IssueTracker.Web.Data.Postgres;
using IssueTracker.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Npgsql;

namespace IssueTracker.Tests.Data;

/// <summary>
/// PostgreSQL's side of the provider seam, on a server of its own (<see cref="PostgresFactAttribute"/>): change ids
/// in commit order, the feed's catch-up after a lost connection, outbox claims that skip locked rows. The service
/// and API tests run on PostgreSQL too (<see cref="TestProvider"/>); these are what SQLite has no counterpart of.
/// </summary>
[Trait("Provider", "postgres")]
public sealed class PostgresTests
{
    private static ChangeEvent Event(Guid actorId, Guid spaceId, string type = ChangeTypes.IssueUpdated) =>
        new() { Type = type, At = DateTime.UtcNow, ActorId = actorId, ActorName = "Jane", SpaceId = spaceId };

    private static async Task<List<ChangeEvent>> NextAsync(ChannelReader<ChangeEvent> feed, int count, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var events = new List<ChangeEvent>();
        try
        {
            while (events.Count < count) events.Add(await feed.ReadAsync(timeout.Token));
        }
        catch (OperationCanceledException)
        {
        }
        return events;
    }

    [Fact]
    public void Model_HasNoChangesWithoutAPostgresMigration()
    {
        // The context as the app builds it (Identity's options shape the model), on PostgreSQL; nothing connects.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["IssueTracker:Database:Provider"] = "postgres",
            ["ConnectionStrings:IssueTracker"] = "Host=localhost;Database=model-only",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton(TimeProvider.System)
            .AddIssueTrackerDatabase(configuration, new HostingEnvironment { ContentRootPath = Path.GetTempPath() })
            .AddIssueTrackerServices();
        services.AddIssueTrackerIdentity();
        using var provider = services.BuildServiceProvider();
        using var context = provider.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();

        Assert.IsType<PostgresDbContext>(context);
        Assert.False(context.Database.HasPendingModelChanges(), "The model changed: add a PostgreSQL migration too (see ApplicationDbContext remarks).");
    }

    [Fact]
    public void SearchText_BecomesATsQuery_WordsQuotedAsPrefixes_AndASplitWordAPhrase()
    {
        // Case and accents are PostgreSQL's to fold (to_tsquery 'simple', unaccent), as they are in the index.
        Assert.Equal("'Customer':* & 'nulls':*", PostgresIssueSearch.ToTsQuery("Customer nulls"));
        Assert.Equal("('customer' <-> 'id':*) & 'jan':*", PostgresIssueSearch.ToTsQuery("customer_id 'jan"));
        Assert.Equal("'drop':* & 'table':*", PostgresIssueSearch.ToTsQuery("drop'); table:* |"));
        Assert.Null(PostgresIssueSearch.ToTsQuery("%_!"));
    }

    [PostgresFact]
    public async Task EventIds_FollowCommitOrder_NotInsertOrder()
    {
        // Arrange: a transaction that wrote an event and is still open, so its id was taken first.
        await using var db = await TestDatabase.OnPostgresAsync();
        var team = await db.Data.TeamAsync();
        var factory = db.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        await using var slow = await factory.CreateDbContextAsync();
        await using var transaction = await slow.Database.BeginTransactionAsync();
        var early = Event(team.Member.Id, team.Space.Id);
        slow.ChangeEvents.Add(early);
        await slow.SaveChangesAsync();

        // Act: another writes an event and commits first; then the first commits.
        await using (var quick = await factory.CreateDbContextAsync())
        {
            quick.ChangeEvents.Add(Event(team.Member.Id, team.Space.Id, ChangeTypes.IssueCreated));
            await quick.SaveChangesAsync();
        }
        var seenBetween = await ReadTypesAfterAsync(factory, 0);
        await transaction.CommitAsync();

        // Assert: a reader that saw the first commit and resumes after it still finds the second: its id is higher.
        await using var reader = await factory.CreateDbContextAsync();
        var newest = await reader.ChangeEvents.OrderByDescending(e => e.Id).Take(2).Select(e => e.Type).ToListAsync();
        Assert.Equal([ChangeTypes.IssueUpdated, ChangeTypes.IssueCreated], newest);
        Assert.DoesNotContain(ChangeTypes.IssueUpdated, seenBetween.TakeLast(1));
    }

    private static async Task<List<string>> ReadTypesAfterAsync(IDbContextFactory<ApplicationDbContext> factory, long after)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.ChangeEvents.Where(e => e.Id > after).OrderBy(e => e.Id).Select(e => e.Type).ToListAsync();
    }

    [PostgresFact]
    public async Task Feed_AfterItsListeningConnectionIsKilled_StillPublishesWhatWasCommittedMeanwhile()
    {
        // Arrange
        await using var db = await TestDatabase.OnPostgresAsync();
        var team = await db.Data.TeamAsync();
        using var stop = new CancellationTokenSource();
        var feed = db.Services.GetRequiredService<ChangeFeed>().Subscribe(stop.Token);
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        // Everything committed so far heard (the team's and the issue's events), so what comes next is the update.
        await db.FeedCaughtUpAsync();
        while (feed.TryRead(out _)) { }

        // Act: the server drops the listening connection (once it is listening); a change commits while nobody listens.
        await using (var admin = new NpgsqlConnection(db.Postgres))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'IssueTracker change feed' AND datname = current_database()", admin);
            long killed = 0;
            for (var waited = 0; killed == 0 && waited < 10_000; waited += 50)
            {
                killed = (long)(await kill.ExecuteScalarAsync())!;
                if (killed == 0) await Task.Delay(50);
            }
            Assert.Equal(1L, killed);
        }
        await db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Priority = IssuePriority.High }, team.Member.Id);

        // Assert: it arrives all the same (the reader reads the table after reconnecting, or at its next look).
        var after = await NextAsync(feed, 1, ChangeFeedReaderPoll + TimeSpan.FromSeconds(10));
        Assert.Equal(ChangeTypes.IssueUpdated, Assert.Single(after).Type);
    }

    private static readonly TimeSpan ChangeFeedReaderPoll = TimeSpan.FromSeconds(5);

    [PostgresFact]
    public async Task OutboxClaims_SkipRowsAnotherSenderIsClaiming_InsteadOfWaitingOrTakingThemTwice()
    {
        // Arrange: two due deliveries.
        await using var db = await TestDatabase.OnPostgresAsync();
        var team = await db.Data.TeamAsync();
        var factory = db.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        var now = DateTime.UtcNow;
        Guid[] ids = [Guid.NewGuid(), Guid.NewGuid()];
        await using (var setup = await factory.CreateDbContextAsync())
        {
            var hook = new Webhook { Id = Guid.NewGuid(), SpaceId = team.Space.Id, Url = "https://example.com/hook", ProtectedSecret = "x", CreatedById = team.Admin.Id, CreatedAt = now, Active = true };
            setup.Webhooks.Add(hook);
            foreach (var id in ids)
                setup.WebhookDeliveries.Add(new WebhookDelivery { Id = id, WebhookId = hook.Id, Type = ChangeTypes.IssueCreated, Status = DeliveryStatus.Pending, NextAttemptAt = now.AddMinutes(-1), CreatedAt = now });
            await setup.SaveChangesAsync();
        }

        // Act: one sender claims the first, its transaction still open; another claims both.
        await using var first = await factory.CreateDbContextAsync();
        await using var transaction = await first.Database.BeginTransactionAsync();
        var firstClaim = await OutboxClaims.ClaimDeliveriesAsync(first, [ids[0]], now, now.AddMinutes(2), CancellationToken.None);
        await using var second = await factory.CreateDbContextAsync();
        var secondClaim = await OutboxClaims.ClaimDeliveriesAsync(second, ids, now, now.AddMinutes(2).AddTicks(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        await transaction.CommitAsync();
        await using var third = await factory.CreateDbContextAsync();
        var thirdClaim = await OutboxClaims.ClaimDeliveriesAsync(third, ids, now, now.AddMinutes(2).AddTicks(2), CancellationToken.None);

        // Assert: each delivery claimed once, the second sender without waiting for the first.
        Assert.Equal([ids[0]], firstClaim);
        Assert.Equal([ids[1]], secondClaim);
        Assert.Empty(thirdClaim);
    }
}

/// <summary>Two app instances on one PostgreSQL database, each with its own change feed (a WebApplicationFactory each).</summary>
[Trait("Provider", "postgres")]
public sealed class TwoInstancesApiTests
{
    private sealed class Instance(string database) : IssueTrackerFactory(null, database);

    [PostgresFact]
    public async Task AChangeThroughInstanceA_ReachesAnEventStreamOnInstanceB()
    {
        var database = await TestProvider.CreatePostgresDatabaseAsync();
        try
        {
            await using var a = new Instance(database);
            await using var b = new Instance(database);
            _ = a.Server;
            _ = b.Server;
            var team = await a.TeamAsync();
            await using var stream = await EventStream.OpenAsync(b.WithToken(team.Member.Token), $"/api/events?space_id={team.Space.Id}");

            var created = await team.Member.Client.PostAsJsonAsync("/api/issues",
                new { space_id = team.Space.Id, title = "Missing transactions for Jan 14" }, IssueTrackerFactory.Json);
            var issue = await ApiAssert.JsonAsync(created, System.Net.HttpStatusCode.Created);

            var heard = await stream.NextEventAsync(TimeSpan.FromSeconds(10));
            Assert.NotNull(heard);
            Assert.Equal("issue.created", heard.Type);
            Assert.Equal(issue.GetProperty("key").GetString(), heard.Data.GetProperty("issue_key").GetString());
            // Once each: instance B's stream heard it from the database, not twice.
            Assert.Null(await stream.NextEventAsync(TimeSpan.FromSeconds(1)));
        }
        finally
        {
            await TestProvider.DropPostgresDatabaseAsync(database);
        }
    }

    [PostgresFact]
    public async Task AnAccessChangeThroughInstanceA_HoldsOnInstanceB_FromItsVeryNextRequest()
    {
        var database = await TestProvider.CreatePostgresDatabaseAsync();
        try
        {
            await using var a = new Instance(database);
            await using var b = new Instance(database);
            var team = await a.TeamAsync();
            var created = await team.Admin.Client.PostAsJsonAsync("/api/issues", new { space_id = team.Space.Id, title = "Customer ID nulls increased" }, IssueTrackerFactory.Json);
            var issueId = (await ApiAssert.JsonAsync(created, System.Net.HttpStatusCode.Created)).GetProperty("id").GetString();
            var made = await team.Member.Client.PostAsJsonAsync("/api/tokens", new { name = "nightly dbt run" }, IssueTrackerFactory.Json);
            var script = await ApiAssert.JsonAsync(made, System.Net.HttpStatusCode.Created);
            var scriptOnB = b.WithToken(script.GetProperty("token").GetString()!);
            var memberOnB = b.WithToken(team.Member.Token);
            // Instance B has resolved both tokens and the member's spaces, and keeps them.
            for (var i = 0; i < 2; i++)
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, (await scriptOnB.GetAsync($"/api/issues/{issueId}")).StatusCode);
                Assert.Equal(System.Net.HttpStatusCode.OK, (await memberOnB.GetAsync($"/api/issues/{issueId}")).StatusCode);
            }

            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await team.Member.Client.DeleteAsync($"/api/tokens/{script.GetProperty("id").GetString()}")).StatusCode);
            await ApiAssert.ProblemAsync(await scriptOnB.GetAsync($"/api/issues/{issueId}"), System.Net.HttpStatusCode.Unauthorized);

            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await team.Admin.Client.DeleteAsync($"/api/spaces/{team.Space.Id}/members/{team.Member.User.Id}")).StatusCode);
            await ApiAssert.ProblemAsync(await memberOnB.GetAsync($"/api/issues/{issueId}"), System.Net.HttpStatusCode.NotFound);
            var list = await ApiAssert.JsonAsync(await memberOnB.GetAsync("/api/issues"));
            Assert.Equal(0, list.GetProperty("total").GetInt32());
        }
        finally
        {
            await TestProvider.DropPostgresDatabaseAsync(database);
        }
    }
}

/// <summary>Instance A and instance B (services over one PostgreSQL database, each with its own feed), for a page on B.</summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public TestDatabase? A { get; private set; }
    public TestDatabase? B { get; private set; }

    public async Task InitializeAsync()
    {
        if (TestProvider.PostgresServer is null) return;
        A = await TestDatabase.OnPostgresAsync();
        B = await TestDatabase.OnPostgresAsync(A.Postgres);
    }

    public async Task DisposeAsync()
    {
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
    }
}

[Trait("Provider", "postgres")]
public sealed class TwoInstancesBoardTests(TwoInstances instances) : MudTestContext(instances.B ?? new TestDatabase()), IClassFixture<TwoInstances>
{
    [PostgresFact]
    public async Task AMoveOnInstanceA_MovesTheCardOnABoardOnInstanceB()
    {
        var a = instances.A!;
        var team = await a.Data.TeamAsync();
        var issue = await a.Data.IssueAsync(team.Space.Id, team.Member.Id, "Customer ID nulls increased");
        SignIn(team.Member);
        RenderProviders();
        var board = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        board.WaitForAssertion(() => Assert.Single(board.FindAll($"[data-testid=column-{IssueStatus.Open}] [data-testid=issue-card]")), TimeSpan.FromSeconds(10));

        await a.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Admin.Id);

        board.WaitForAssertion(() =>
        {
            Assert.Empty(board.FindAll($"[data-testid=column-{IssueStatus.Open}] [data-testid=issue-card]"));
            Assert.Equal(issue.Key, Assert.Single(board.FindAll($"[data-testid=column-{IssueStatus.InProgress}] [data-testid=issue-card]")).GetAttribute("data-key"));
        }, TimeSpan.FromSeconds(10));
    }

    [PostgresFact]
    public async Task ItsOwnMove_HeardAMomentLater_MovesTheCardWithoutAWord_ButAnotherInstancesChangeIsSaid()
    {
        var a = instances.A!;
        var team = await a.Data.TeamAsync();
        var mine = await a.Data.IssueAsync(team.Space.Id, team.Member.Id, "Late arriving events");
        var theirs = await a.Data.IssueAsync(team.Space.Id, team.Member.Id, "Duplicate rows");
        // Instance B hears A's commits a moment later: the board opens once it has heard these two, so that what it
        // says (or does not) is about the moves below. (Opened before, it would note the second creation once.)
        await instances.B!.FeedCaughtUpAsync();
        SignIn(team.Member);
        RenderProviders();
        var board = RenderAt<BoardPage>($"/?space_id={team.Space.Id}");
        board.WaitForAssertion(() => Assert.Equal(2, board.FindAll($"[data-testid=column-{IssueStatus.Open}] [data-testid=issue-card]").Count), TimeSpan.FromSeconds(10));

        // This board's own drop: the card moves, and its event (heard from the database after the write) says nothing.
        board.Find($"[data-testid=issue-card][data-key='{mine.Key}']").ParentElement!.DragStart();
        board.Find($"[data-testid=column-{IssueStatus.InProgress}] [data-testid=drop-zone]").DragEnter();
        board.Find($"[data-testid=column-{IssueStatus.InProgress}] [data-testid=drop-zone]").Drop();
        board.WaitForAssertion(() => Assert.Contains(mine.Key, board.FindAll($"[data-testid=column-{IssueStatus.InProgress}] [data-testid=issue-card]").Select(c => c.GetAttribute("data-key"))), TimeSpan.FromSeconds(10));
        await Task.Delay(1500);
        Assert.Equal("", board.Find("[data-testid=live-note]").TextContent.Trim());

        // Someone else's change through instance A: said.
        await a.Get<IssueService>().UpdateAsync(theirs.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Admin.Id);
        board.WaitForAssertion(() => Assert.Contains("Alice Admin", board.Find("[data-testid=live-note]").TextContent), TimeSpan.FromSeconds(10));
    }
}

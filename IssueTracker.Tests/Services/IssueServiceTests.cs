using IssueTracker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Tests.Services;

public sealed class IssueServiceTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private IssueService Issues => db.Get<IssueService>();

    private async Task<IReadOnlyList<HistoryEntryDto>> HistoryAsync(Guid issueId, Guid actorId) =>
        (await Issues.HistoryAsync(issueId, 1, 100, actorId))!.Items;

    [Fact]
    public async Task Create_AnswersExactlyWhatAReadOfTheIssueReturns()
    {
        // Arrange: every reference an issue can carry.
        var team = await db.Data.TeamAsync();
        await db.Data.ManualAlertsAsync(team.Space.Id, team.Admin.Id);
        var alert = (await db.Get<AlertService>().ReportAsync(new ReportAlertRequest
        {
            ProductId = team.Product.Id,
            Check = "orders_freshness",
            Kind = AlertKind.Freshness,
            Status = AlertStatus.Firing,
            Title = "Orders are stale",
        }, team.Member.Id)).Alert;

        // Act
        var created = (await db.Get<IssueService>().CreateAsync(new CreateIssueRequest
        {
            SpaceId = team.Space.Id,
            Title = "Orders are stale",
            Description = "Since 02:10",
            Priority = IssuePriority.High,
            AssigneeId = team.Member.Id,
            AlertId = alert.Id,
        }, team.Member.Id)).Issue;

        // Assert: the create's answer is built without reading the row back; it must be the read's answer.
        Assert.Equal(await db.Get<IssueService>().GetAsync(created.Id, team.Member.Id), created);
        Assert.Equal((team.Product.Id, team.Member.Id, alert.Id), (created.Product!.Id, created.Assignee!.Id, created.Alert!.Id));
    }

    [Fact]
    public async Task ADeactivatedPerson_SeesAndChangesNothing_FromThatMomentOn()
    {
        // Arrange: their open pages end at the next revalidation, within a minute; the services do not wait for it.
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        var admin = await db.Data.UserAsync("Root Admin", admin: true);

        // Act
        await db.Get<UserService>().DeactivateAsync(team.Member.Id, admin.Id);

        // Assert
        Assert.Null(await Issues.GetAsync(issue.Id, team.Member.Id));
        Assert.Equal(0, (await Issues.ListAsync(new IssueQuery { SpaceId = team.Space.Id }, team.Member.Id)).Total);
        await Assert.ThrowsAsync<NotFoundException>(() => Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Title = "Still me" }, team.Member.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => db.Get<CommentService>().AddAsync(issue.Id, new CommentRequest { Content = "Still here" }, team.Member.Id));
    }

    [Fact]
    public async Task Create_AsMember_NumbersPerSpaceAndWritesCreatedEvent()
    {
        // Arrange
        var team = await db.Data.TeamAsync();
        var other = await db.Data.SpaceAsync(team.Admin.Id, name: "Finance");
        var now = db.Clock.GetUtcNow().UtcDateTime;

        // Act
        var first = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        var second = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Missing transactions for Jan 14");
        var elsewhere = await db.Data.IssueAsync(other.Id, team.Admin.Id);

        // Assert
        Assert.Equal($"{team.Space.Key}-1", first.Key);
        Assert.Equal($"{team.Space.Key}-2", second.Key);
        Assert.Equal($"{other.Key}-1", elsewhere.Key);
        Assert.Equal(IssueStatus.Open, first.Status);
        Assert.Equal(IssuePriority.Medium, first.Priority);
        Assert.Equal(team.Member.Id, first.Reporter.Id);
        Assert.Equal(now, first.CreatedAt);
        var created = Assert.Single(await HistoryAsync(first.Id, team.Member.Id));
        Assert.Equal(IssueEventKind.Created, created.Action);
        Assert.Equal(first.Title, created.NewValue);
        Assert.Equal("Jane Developer", created.Actor.Name);
    }

    [Fact]
    public async Task Create_ConcurrentInOneSpace_GivesDistinctConsecutiveNumbers()
    {
        var team = await db.Data.TeamAsync();

        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => db.Data.IssueAsync(team.Space.Id, team.Member.Id, $"Issue {i}"))));

        Assert.All(created, i => Assert.StartsWith(team.Space.Key + "-", i.Key));
        Assert.Equal(Enumerable.Range(1, 20), created.Select(i => int.Parse(i.Key.Split('-')[1])).Order());
    }

    [Fact]
    public async Task Create_WithAllFields_LinksProductAssigneeAndTrimsTitle()
    {
        var team = await db.Data.TeamAsync();

        var result = await Issues.CreateAsync(new CreateIssueRequest
        {
            SpaceId = team.Space.Id,
            Title = "  Missing transactions  ",
            Description = "## Summary",
            Priority = IssuePriority.Critical,
            ProductId = team.Product.Id,
            AssigneeId = team.Member.Id,
        }, team.Admin.Id);

        var issue = result.Issue;
        Assert.False(result.Replayed);
        Assert.Equal("Missing transactions", issue.Title);
        Assert.Equal("## Summary", issue.Description);
        Assert.Equal(IssuePriority.Critical, issue.Priority);
        Assert.Equal(new NamedRef(team.Product.Id, "Customer Events"), issue.Product);
        Assert.Equal(new UserRef(team.Member.Id, "Jane Developer"), issue.Assignee);
        Assert.Equal(issue, await Issues.GetAsync(issue.Id, team.Member.Id));
    }

    [Theory]
    [InlineData(null, "title")]
    [InlineData("   ", "title")]
    public async Task Create_WithoutTitle_IsValidationErrorAndCreatesNothing(string? title, string field)
    {
        var team = await db.Data.TeamAsync();

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            Issues.CreateAsync(new CreateIssueRequest { SpaceId = team.Space.Id, Title = title }, team.Member.Id));

        Assert.Equal(["Title is required."], error.Errors[field]);
        Assert.Equal(0, (await Issues.ListAsync(new IssueQuery { SpaceId = team.Space.Id }, team.Admin.Id)).Total);
    }

    [Fact]
    public async Task Create_WithBadReferences_ReportsEachField()
    {
        var team = await db.Data.TeamAsync();
        var other = await db.Data.SpaceAsync(team.Admin.Id);
        var foreignProduct = await db.Data.ProductAsync(other.Id, team.Admin.Id);
        var outsider = await db.Data.UserAsync("Olga Outsider");

        var error = await Assert.ThrowsAsync<ValidationException>(() => Issues.CreateAsync(new CreateIssueRequest
        {
            SpaceId = team.Space.Id,
            Title = new string('x', 201),
            Description = new string('d', 100_001),
            ProductId = foreignProduct.Id,
            AssigneeId = outsider.Id,
            AlertId = Guid.NewGuid(),
        }, team.Member.Id));

        Assert.Equal(["title", "description"], error.Errors.Keys.Take(2));
        // Field errors about references are found once the basic shape is valid.
        var refs = await Assert.ThrowsAsync<ValidationException>(() => Issues.CreateAsync(new CreateIssueRequest
        {
            SpaceId = team.Space.Id,
            Title = "ok",
            ProductId = foreignProduct.Id,
            AssigneeId = outsider.Id,
            AlertId = Guid.NewGuid(),
        }, team.Member.Id));
        Assert.Equal(new[] { "alert_id", "assignee_id", "product_id" }, refs.Errors.Keys.Order());
    }

    [Fact]
    public async Task Create_InUnknownOrInvisibleSpace_IsValidationErrorOnSpaceId()
    {
        var team = await db.Data.TeamAsync();
        var outsider = await db.Data.UserAsync("Olga Outsider");

        var unknown = await Assert.ThrowsAsync<ValidationException>(() => Issues.CreateAsync(new CreateIssueRequest { SpaceId = Guid.NewGuid(), Title = "x" }, team.Member.Id));
        var invisible = await Assert.ThrowsAsync<ValidationException>(() => Issues.CreateAsync(new CreateIssueRequest { SpaceId = team.Space.Id, Title = "x" }, outsider.Id));

        Assert.Equal(["Space does not exist."], unknown.Errors["space_id"]);
        Assert.Equal(["Space does not exist."], invisible.Errors["space_id"]);
    }

    [Fact]
    public async Task Create_AsViewer_IsForbidden()
    {
        var team = await db.Data.TeamAsync();

        var error = await Assert.ThrowsAsync<ForbiddenException>(() => db.Data.IssueAsync(team.Space.Id, team.Viewer.Id));

        Assert.Contains("viewer", error.Message);
    }

    [Fact]
    public async Task Create_FromAlert_TakesItsProductAndWritesAlertLinked()
    {
        var team = await db.Data.TeamAsync();
        await db.Data.ManualAlertsAsync(team.Space.Id, team.Admin.Id);
        var alert = (await db.Get<AlertService>().ReportAsync(new ReportAlertRequest
        {
            ProductId = team.Product.Id,
            Check = "orders_freshness",
            Kind = AlertKind.Freshness,
            Status = AlertStatus.Firing,
            Title = "Freshness check failed",
        }, team.Member.Id)).Alert;

        var issue = (await Issues.CreateAsync(new CreateIssueRequest { SpaceId = team.Space.Id, Title = "Freshness check failed", AlertId = alert.Id }, team.Member.Id)).Issue;

        Assert.Equal(team.Product.Id, issue.Product?.Id);
        Assert.Equal(new AlertRef(alert.Id, "Freshness check failed", AlertStatus.Firing), issue.Alert);
        var history = await HistoryAsync(issue.Id, team.Member.Id);
        Assert.Equal([IssueEventKind.Created, IssueEventKind.AlertLinked], history.Select(h => h.Action));
        Assert.Equal("Freshness check failed", history[1].NewValue);
    }

    [Fact]
    public async Task Create_FromAlertWithOtherProduct_IsValidationError()
    {
        var team = await db.Data.TeamAsync();
        await db.Data.ManualAlertsAsync(team.Space.Id, team.Admin.Id);
        var second = await db.Data.ProductAsync(team.Space.Id, team.Admin.Id, "Customer 360");
        var alert = (await db.Get<AlertService>().ReportAsync(new ReportAlertRequest
        {
            ProductId = team.Product.Id,
            Check = "c",
            Kind = AlertKind.Volume,
            Status = AlertStatus.Firing,
            Title = "Volume",
        }, team.Member.Id)).Alert;

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            Issues.CreateAsync(new CreateIssueRequest { SpaceId = team.Space.Id, Title = "x", AlertId = alert.Id, ProductId = second.Id }, team.Member.Id));

        Assert.Equal(["Product differs from the alert's product."], error.Errors["product_id"]);
    }

    [Fact]
    public async Task Create_TwentyParallelWithOneIdempotencyKey_CreatesExactlyOneIssue()
    {
        var team = await db.Data.TeamAsync();
        var request = new CreateIssueRequest { SpaceId = team.Space.Id, Title = "Missing transactions for Jan 14" };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            try { return (Result: (CreateIssueResult?)await db.Get<IssueService>().CreateAsync(request, team.Member.Id, "key-20"), Error: (Exception?)null); }
            catch (ConflictException e) { return (Result: (CreateIssueResult?)null, Error: (Exception?)e); }
        })));

        var list = await Issues.ListAsync(new IssueQuery { SpaceId = team.Space.Id }, team.Member.Id);
        Assert.Equal(1, list.Total);
        var successes = outcomes.Where(o => o.Result is not null).Select(o => o.Result!).ToList();
        Assert.NotEmpty(successes);
        Assert.All(successes, s => Assert.Equal(list.Items[0].Id, s.Issue.Id));
        Assert.Single(successes, s => !s.Replayed);
        // Every other call either replayed the result or was told the key is in flight: nothing else.
        Assert.Equal(20, successes.Count + outcomes.Count(o => o.Error is ConflictException));
    }

    [Fact]
    public async Task Create_RetryWithSameKey_ReplaysFirstResultEvenAfterChanges()
    {
        var team = await db.Data.TeamAsync();
        var request = new CreateIssueRequest { SpaceId = team.Space.Id, Title = "Duplicate rows after backfill" };
        var first = await Issues.CreateAsync(request, team.Member.Id, "retry-1");
        await Issues.UpdateAsync(first.Issue.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Member.Id);

        var retry = await Issues.CreateAsync(request with { }, team.Member.Id, "retry-1");

        Assert.True(retry.Replayed);
        Assert.Equal(first.Issue, retry.Issue);
        Assert.Equal(1, (await Issues.ListAsync(new IssueQuery { SpaceId = team.Space.Id }, team.Member.Id)).Total);
    }

    [Fact]
    public async Task Create_SameKeyDifferentBody_IsUnprocessable()
    {
        var team = await db.Data.TeamAsync();
        await Issues.CreateAsync(new CreateIssueRequest { SpaceId = team.Space.Id, Title = "One" }, team.Member.Id, "k");

        await Assert.ThrowsAsync<UnprocessableException>(() =>
            Issues.CreateAsync(new CreateIssueRequest { SpaceId = team.Space.Id, Title = "Two" }, team.Member.Id, "k"));
    }

    [Fact]
    public async Task Create_SameKeyOtherUser_IsIndependent()
    {
        var team = await db.Data.TeamAsync();
        var request = new CreateIssueRequest { SpaceId = team.Space.Id, Title = "One" };

        var mine = await Issues.CreateAsync(request, team.Member.Id, "shared");
        var theirs = await Issues.CreateAsync(request, team.Admin.Id, "shared");

        Assert.NotEqual(mine.Issue.Id, theirs.Issue.Id);
        Assert.False(theirs.Replayed);
    }

    [Fact]
    public async Task Create_KeyStillInFlight_IsConflict_UntilAbandoned()
    {
        var team = await db.Data.TeamAsync();
        var request = new CreateIssueRequest { SpaceId = team.Space.Id, Title = "One" };
        // A claim that never completed, as if its process died mid-request.
        Assert.Null(await db.Get<Idempotency>().ClaimAsync(team.Member.Id, "stuck", "issues.create", request, CancellationToken.None));

        await Assert.ThrowsAsync<ConflictException>(() => Issues.CreateAsync(request, team.Member.Id, "stuck"));
        db.Clock.Advance(Idempotency.AbandonedAfter + TimeSpan.FromSeconds(1));
        var created = await Issues.CreateAsync(request, team.Member.Id, "stuck");

        Assert.False(created.Replayed);
        Assert.Equal(1, (await Issues.ListAsync(new IssueQuery { SpaceId = team.Space.Id }, team.Member.Id)).Total);
    }

    [Fact]
    public async Task Create_FailedWithKey_ReleasesKeyForACorrectedRetry()
    {
        var team = await db.Data.TeamAsync();

        await Assert.ThrowsAsync<ValidationException>(() => Issues.CreateAsync(new CreateIssueRequest { SpaceId = team.Space.Id, Title = "" }, team.Member.Id, "fix-me"));
        await using (var context = db.NewContext())
            Assert.False(await context.IdempotencyRecords.AnyAsync(r => r.Key == "fix-me"));
    }

    [Fact]
    public async Task Create_KeyTooLong_IsValidationError()
    {
        var team = await db.Data.TeamAsync();

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            Issues.CreateAsync(new CreateIssueRequest { SpaceId = team.Space.Id, Title = "x" }, team.Member.Id, new string('k', 256)));

        Assert.Contains("idempotency_key", error.Errors.Keys);
    }

    [Fact]
    public async Task Update_EachField_WritesOneHistoryLinePerChangeWithValuesAsTheyRead()
    {
        var team = await db.Data.TeamAsync();
        var second = await db.Data.ProductAsync(team.Space.Id, team.Admin.Id, "Customer 360");
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, productId: team.Product.Id);
        db.Clock.Advance(TimeSpan.FromHours(1));
        var now = db.Clock.GetUtcNow().UtcDateTime;

        var updated = await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest
        {
            Title = "Customer ID nulls increased to 15%",
            Description = "Now 15.2%",
            Status = IssueStatus.InProgress,
            Priority = IssuePriority.High,
            AssigneeId = team.Member.Id,
            ProductId = second.Id,
        }, team.Member.Id);

        Assert.Equal(now, updated.UpdatedAt);
        Assert.Equal(issue.Version + 1, updated.Version);
        var history = (await HistoryAsync(issue.Id, team.Member.Id)).Skip(1).Select(h => (h.Action, h.OldValue, h.NewValue)).ToList();
        Assert.Equal(
        [
            (IssueEventKind.TitleChanged, "Customer ID nulls increased", "Customer ID nulls increased to 15%"),
            (IssueEventKind.DescriptionChanged, "Seeing 15% null rate in customer_id column", "Now 15.2%"),
            (IssueEventKind.StatusChanged, "open", "in_progress"),
            (IssueEventKind.PriorityChanged, "medium", "high"),
            (IssueEventKind.AssigneeChanged, null, "Jane Developer"),
            (IssueEventKind.ProductChanged, "Customer Events", "Customer 360"),
        ], history);
    }

    [Fact]
    public async Task Update_NullClearsAssigneeAndProduct()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, productId: team.Product.Id, assigneeId: team.Member.Id);

        var updated = await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { AssigneeId = (Guid?)null, ProductId = (Guid?)null }, team.Member.Id);

        Assert.Null(updated.Assignee);
        Assert.Null(updated.Product);
        var history = await HistoryAsync(issue.Id, team.Member.Id);
        Assert.Contains(history, h => h.Action == IssueEventKind.AssigneeChanged && h.OldValue == "Jane Developer" && h.NewValue == null);
        Assert.Contains(history, h => h.Action == IssueEventKind.ProductChanged && h.OldValue == "Customer Events" && h.NewValue == null);
    }

    [Fact]
    public async Task Update_ResolveAndReopen_SetsAndClearsResolvedAt()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        db.Clock.Advance(TimeSpan.FromMinutes(5));

        var resolved = await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved }, team.Member.Id);
        var reopened = await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.Open }, team.Member.Id);

        Assert.Equal(db.Clock.GetUtcNow().UtcDateTime, resolved.ResolvedAt);
        Assert.Null(reopened.ResolvedAt);
    }

    [Fact]
    public async Task Update_ThatChangesNothing_WritesNothingAndKeepsUpdatedAt()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, priority: IssuePriority.High);
        db.Clock.Advance(TimeSpan.FromHours(1));

        var same = await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Title = issue.Title, Priority = IssuePriority.High, Status = IssueStatus.Open, AssigneeId = (Guid?)null }, team.Member.Id);

        Assert.Equal(issue, same);
        Assert.Single(await HistoryAsync(issue.Id, team.Member.Id));
    }

    [Fact]
    public async Task Update_StaleVersion_IsPreconditionFailedAndChangesNothing()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Priority = IssuePriority.High }, team.Member.Id, expectedVersions: [issue.Version]);

        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Priority = IssuePriority.Low }, team.Member.Id, expectedVersions: [issue.Version]));

        Assert.Equal(IssuePriority.High, (await Issues.GetAsync(issue.Id, team.Member.Id))!.Priority);
    }

    [Fact]
    public async Task Update_ConcurrentPatches_LoseNoWrite()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);

        var results = await Task.WhenAll(Enumerable.Range(1, 10).Select(n => Task.Run(() =>
            db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Title = $"Title {n}" }, team.Member.Id))));

        // Each patch was applied on top of the one before it: ten versions, ten history lines, one final title.
        Assert.Equal(Enumerable.Range(issue.Version + 1, 10), results.Select(r => r.Version).Order());
        var history = (await HistoryAsync(issue.Id, team.Member.Id)).Where(h => h.Action == IssueEventKind.TitleChanged).ToList();
        Assert.Equal(10, history.Count);
        Assert.Equal(history[^1].NewValue, (await Issues.GetAsync(issue.Id, team.Member.Id))!.Title);
        Assert.All(history.Skip(1), (h, i) => Assert.Equal(history[i].NewValue, h.OldValue));
    }

    [Fact]
    public async Task Update_InvalidFields_ReportsAllAndChangesNothing()
    {
        var team = await db.Data.TeamAsync();
        var outsider = await db.Data.UserAsync("Olga Outsider");
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);

        var error = await Assert.ThrowsAsync<ValidationException>(() => Issues.UpdateAsync(issue.Id, new UpdateIssueRequest
        {
            Title = " ",
            Status = (IssueStatus?)null,
            Priority = IssuePriority.Critical,
            AssigneeId = outsider.Id,
            ProductId = Guid.NewGuid(),
        }, team.Member.Id));

        Assert.Equal(new[] { "assignee_id", "product_id", "status", "title" }, error.Errors.Keys.Order());
        Assert.Equal(issue, await Issues.GetAsync(issue.Id, team.Member.Id));
    }

    [Fact]
    public async Task Update_AsViewer_IsForbidden_AsOutsider_IsNotFound()
    {
        var team = await db.Data.TeamAsync();
        var outsider = await db.Data.UserAsync("Olga Outsider");
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        var patch = new UpdateIssueRequest { Priority = IssuePriority.Low };

        await Assert.ThrowsAsync<ForbiddenException>(() => Issues.UpdateAsync(issue.Id, patch, team.Viewer.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Issues.UpdateAsync(issue.Id, patch, outsider.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Issues.UpdateAsync(Guid.NewGuid(), patch, team.Member.Id));
    }

    [Fact]
    public async Task Get_OutsiderAndUnknown_AreNull_InstanceAdminSeesAll()
    {
        var team = await db.Data.TeamAsync();
        var outsider = await db.Data.UserAsync("Olga Outsider");
        var root = await db.Data.UserAsync("Root", admin: true);
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);

        Assert.Null(await Issues.GetAsync(issue.Id, outsider.Id));
        Assert.Null(await Issues.HistoryAsync(issue.Id, 1, 20, outsider.Id));
        Assert.Null(await Issues.GetAsync(Guid.NewGuid(), team.Member.Id));
        Assert.NotNull(await Issues.GetAsync(issue.Id, team.Viewer.Id));
        Assert.NotNull(await Issues.GetAsync(issue.Id, root.Id));
        Assert.Equal(issue.Id, (await Issues.GetByKeyAsync(issue.Key.ToLowerInvariant(), team.Viewer.Id))?.Id);
        Assert.Null(await Issues.GetByKeyAsync(issue.Key, outsider.Id));
    }

    [Fact]
    public async Task Delete_ByReporterOrSpaceAdmin_RemovesIssueCommentsAndHistory()
    {
        var team = await db.Data.TeamAsync();
        var mine = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        var theirs = await db.Data.IssueAsync(team.Space.Id, team.Admin.Id);
        await db.Get<CommentService>().AddAsync(mine.Id, new CommentRequest { Content = "Looking into it" }, team.Viewer.Id);

        await Issues.DeleteAsync(mine.Id, team.Member.Id);
        await Assert.ThrowsAsync<ForbiddenException>(() => Issues.DeleteAsync(theirs.Id, team.Member.Id));
        await Assert.ThrowsAsync<ForbiddenException>(() => Issues.DeleteAsync(theirs.Id, team.Viewer.Id));
        await Issues.DeleteAsync(theirs.Id, team.Admin.Id);

        Assert.Null(await Issues.GetAsync(mine.Id, team.Member.Id));
        Assert.Null(await Issues.GetAsync(theirs.Id, team.Admin.Id));
        await using var context = db.NewContext();
        Assert.False(await context.Comments.AnyAsync(c => c.IssueId == mine.Id));
        Assert.False(await context.IssueEvents.AnyAsync(e => e.IssueId == mine.Id || e.IssueId == theirs.Id));
    }

    [Fact]
    public async Task List_FiltersSortsAndPages()
    {
        var team = await db.Data.TeamAsync();
        var space = team.Space.Id;
        var low = await db.Data.IssueAsync(space, team.Member.Id, "Low one", IssuePriority.Low, team.Product.Id);
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        var critical = await db.Data.IssueAsync(space, team.Admin.Id, "Critical one", IssuePriority.Critical, assigneeId: team.Member.Id);
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        var high = await db.Data.IssueAsync(space, team.Member.Id, "High one", IssuePriority.High);
        await Issues.UpdateAsync(high.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved }, team.Member.Id);
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        await db.Get<CommentService>().AddAsync(low.Id, new CommentRequest { Content = "Upstream pipeline failed" }, team.Member.Id);

        async Task<IEnumerable<string>> Titles(IssueQuery q) => (await Issues.ListAsync(q with { SpaceId = space }, team.Member.Id)).Items.Select(i => i.Title);

        Assert.Equal(["Low one", "High one", "Critical one"], await Titles(new IssueQuery()));
        Assert.Equal(["Critical one", "High one", "Low one"], await Titles(new IssueQuery { Descending = false }));
        Assert.Equal(["Critical one", "High one", "Low one"], await Titles(new IssueQuery { Sort = IssueSortField.Priority }));
        Assert.Equal(["Low one", "High one", "Critical one"], await Titles(new IssueQuery { Sort = IssueSortField.Priority, Descending = false }));
        Assert.Equal(["High one", "Critical one", "Low one"], await Titles(new IssueQuery { Sort = IssueSortField.CreatedAt }));
        Assert.Equal(["Low one", "Critical one"], await Titles(new IssueQuery { Statuses = [IssueStatus.Open] }));
        Assert.Equal(["High one", "Critical one"], await Titles(new IssueQuery { Priorities = [IssuePriority.High, IssuePriority.Critical] }));
        Assert.Equal(["Low one"], await Titles(new IssueQuery { ProductId = team.Product.Id }));
        Assert.Equal(["Critical one"], await Titles(new IssueQuery { AssigneeId = team.Member.Id }));
        Assert.Equal(["Low one", "High one"], await Titles(new IssueQuery { Unassigned = true }));
        Assert.Equal(["Critical one"], await Titles(new IssueQuery { ReporterId = team.Admin.Id }));
        Assert.Equal(["Low one"], await Titles(new IssueQuery { Q = "PIPELINE" }));
        Assert.Equal(["Critical one"], await Titles(new IssueQuery { Q = critical.Key }));
        Assert.Equal(["High one"], await Titles(new IssueQuery { Q = "high" }));
        Assert.Empty(await Titles(new IssueQuery { Q = "100%" }));

        var page2 = await Issues.ListAsync(new IssueQuery { SpaceId = space, Page = 2, Size = 2 }, team.Member.Id);
        Assert.Equal((3, 2, 2), (page2.Total, page2.Page, page2.Size));
        Assert.Equal(["Critical one"], page2.Items.Select(i => i.Title));
        var past = await Issues.ListAsync(new IssueQuery { SpaceId = space, Page = 9 }, team.Member.Id);
        Assert.Equal(3, past.Total);
        Assert.Empty(past.Items);
    }

    [Fact]
    public async Task List_OverSeveralSpaces_PagesThroughOneOrder()
    {
        // Arrange: issues of two spaces interleaved, some priorities alike (updated_at breaks those ties).
        var team = await db.Data.TeamAsync();
        var other = await db.Data.SpaceAsync(team.Admin.Id, name: "Finance");
        IssuePriority[] priorities = [IssuePriority.Low, IssuePriority.Critical, IssuePriority.High, IssuePriority.Critical, IssuePriority.Medium, IssuePriority.High, IssuePriority.Low];
        foreach (var (priority, n) in priorities.Select((p, n) => (p, n)))
        {
            await db.Data.IssueAsync(n % 2 == 0 ? team.Space.Id : other.Id, team.Admin.Id, $"Issue {n}", priority);
            db.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        // Act: three pages of three, by priority.
        var pages = new List<PagedResult<IssueSummaryDto>>();
        for (var page = 1; page <= 3; page++)
            pages.Add(await Issues.ListSummariesAsync(new IssueQuery { Sort = IssueSortField.Priority, Page = page, Size = 3 }, team.Admin.Id));

        // Assert: most urgent first, the newer first among equals, each issue once.
        Assert.Equal(["Issue 3", "Issue 1", "Issue 5", "Issue 2", "Issue 4", "Issue 6", "Issue 0"], pages.SelectMany(p => p.Items).Select(i => i.Title));
        Assert.All(pages, p => Assert.Equal(7, p.Total));
    }

    [Fact]
    public async Task List_RecentlyResolvedOnly_LeavesOutIssuesResolvedBeforeTheWindow()
    {
        var team = await db.Data.TeamAsync();
        var old = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Resolved long ago");
        await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Still open");
        await Issues.UpdateAsync(old.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved }, team.Member.Id);
        db.Clock.Advance(IssueService.RecentlyResolvedWindow + TimeSpan.FromDays(1));
        var recent = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Resolved today");
        await Issues.UpdateAsync(recent.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved }, team.Member.Id);

        async Task<IEnumerable<string>> Titles(IssueQuery q) =>
            (await Issues.ListSummariesAsync(q with { SpaceId = team.Space.Id, RecentlyResolvedOnly = true }, team.Member.Id)).Items.Select(i => i.Title);

        Assert.Equal(["Resolved today"], await Titles(new IssueQuery { Statuses = [IssueStatus.Resolved] }));
        Assert.Equal(["Resolved today", "Still open"], await Titles(new IssueQuery()));
    }

    [Fact]
    public async Task List_ShowsOnlyVisibleSpaces()
    {
        var team = await db.Data.TeamAsync();
        var otherAdmin = await db.Data.UserAsync("Other Admin");
        var other = await db.Data.SpaceAsync(otherAdmin.Id);
        await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Mine");
        await db.Data.IssueAsync(other.Id, otherAdmin.Id, "Not mine");

        var mine = await Issues.ListAsync(new IssueQuery(), team.Member.Id);
        var filteredToOther = await Issues.ListAsync(new IssueQuery { SpaceId = other.Id }, team.Member.Id);

        Assert.Equal(["Mine"], mine.Items.Select(i => i.Title));
        Assert.Equal(0, filteredToOther.Total);
    }

    [Theory]
    [InlineData(0, 20, "page")]
    [InlineData(1, 0, "size")]
    [InlineData(1, 101, "size")]
    public async Task List_BadPaging_IsValidationError(int page, int size, string field)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Issues.ListAsync(new IssueQuery { Page = page, Size = size }, Guid.NewGuid()));

        Assert.Contains(field, error.Errors.Keys);
    }

    [Fact]
    public async Task LatestHistory_IsTheNewestEntriesOldestFirst_WithTheTotal_AndHiddenFromOutsiders()
    {
        var team = await db.Data.TeamAsync();
        var outsider = await db.Data.UserAsync("Outsider");
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        foreach (var priority in new[] { IssuePriority.High, IssuePriority.Low, IssuePriority.Critical })
            await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Priority = priority }, team.Member.Id);

        var latest = (await Issues.LatestHistoryAsync(issue.Id, 2, team.Member.Id))!;
        var all = (await Issues.LatestHistoryAsync(issue.Id, 10, team.Member.Id))!;

        Assert.Equal(4, latest.Total);
        Assert.Equal([("high", "low"), ("low", "critical")], latest.Items.Select(h => (h.OldValue, h.NewValue)));
        Assert.Equal((await HistoryAsync(issue.Id, team.Member.Id)).Select(h => h.Id), all.Items.Select(h => h.Id));
        Assert.Null(await Issues.LatestHistoryAsync(issue.Id, 2, outsider.Id));
        var error = await Assert.ThrowsAsync<ValidationException>(() => Issues.LatestHistoryAsync(issue.Id, 0, team.Member.Id));
        Assert.Contains("count", error.Errors.Keys);
    }
}

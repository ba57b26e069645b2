using IssueTracker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IssueTracker.Tests.Services;

/// <summary>Resolution reasons, acknowledgement, links and SLAs (README, "Use it": Triage).</summary>
public sealed class TriageTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private IssueService Issues => db.Get<IssueService>();
    private CommentService Comments => db.Get<CommentService>();
    private LinkService Links => db.Get<LinkService>();
    private SlaService Slas => db.Get<SlaService>();

    private async Task<HistoryEntryDto[]> HistoryOf(Guid issueId, Guid actorId) => (await Issues.HistoryAsync(issueId, 1, 100, actorId))!.Items.ToArray();

    [Fact]
    public async Task ResolveAsFalsePositive_KeepsReasonAndNote_InHistory_AndReopeningClearsThem()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);

        var resolved = await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest
        {
            Status = IssueStatus.Resolved,
            Resolution = IssueResolution.FalsePositive,
            ResolutionNote = "Threshold too tight for month end",
        }, team.Member.Id);
        Assert.Equal((IssueResolution.FalsePositive, "Threshold too tight for month end"), (resolved.Resolution!.Value, resolved.ResolutionNote!));

        var reopened = await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.Open }, team.Member.Id);
        Assert.Null(reopened.Resolution);
        Assert.Null(reopened.ResolutionNote);

        var lines = (await HistoryOf(issue.Id, team.Member.Id)).Where(h => h.Action is IssueEventKind.ResolutionChanged or IssueEventKind.ResolutionNoteChanged)
            .Select(h => (h.Action, h.OldValue, h.NewValue)).ToArray();
        Assert.Equal([
            (IssueEventKind.ResolutionChanged, null, "false_positive"),
            (IssueEventKind.ResolutionNoteChanged, null, "Threshold too tight for month end"),
            (IssueEventKind.ResolutionChanged, "false_positive", null),
            (IssueEventKind.ResolutionNoteChanged, "Threshold too tight for month end", null),
        ], lines);
    }

    [Fact]
    public async Task PlainResolve_KeepsResolutionNull_AsTheSeedExpects()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);

        var resolved = await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved }, team.Member.Id);

        Assert.Equal(IssueStatus.Resolved, resolved.Status);
        Assert.Null(resolved.Resolution);
    }

    [Fact]
    public async Task ResolutionOnAnOpenIssue_OrDuplicateWithoutOriginal_IsRefused_AndChangesNothing()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);

        var notResolved = await Assert.ThrowsAsync<ValidationException>(() =>
            Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Resolution = IssueResolution.Fixed }, team.Member.Id));
        var noOriginal = await Assert.ThrowsAsync<ValidationException>(() =>
            Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved, Resolution = IssueResolution.Duplicate }, team.Member.Id));
        var itself = await Assert.ThrowsAsync<ValidationException>(() => Issues.UpdateAsync(issue.Id,
            new UpdateIssueRequest { Status = IssueStatus.Resolved, Resolution = IssueResolution.Duplicate, DuplicateOf = issue.Id }, team.Member.Id));
        var tooLong = await Assert.ThrowsAsync<ValidationException>(() => Issues.UpdateAsync(issue.Id,
            new UpdateIssueRequest { Status = IssueStatus.Resolved, Resolution = IssueResolution.Other, ResolutionNote = new string('x', 2001) }, team.Member.Id));

        Assert.Contains("resolution", notResolved.Errors.Keys);
        Assert.Contains("duplicate_of", noOriginal.Errors.Keys);
        Assert.Contains("duplicate_of", itself.Errors.Keys);
        Assert.Contains("resolution_note", tooLong.Errors.Keys);
        var after = await Issues.GetAsync(issue.Id, team.Member.Id);
        Assert.Equal((IssueStatus.Open, issue.Version), (after!.Status, after.Version));
    }

    [Fact]
    public async Task ResolveAsDuplicate_LinksBothWays_WithHistoryOnBoth()
    {
        var team = await db.Data.TeamAsync();
        var original = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Missing transactions for Jan 14");
        var copy = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Jan 14 transactions missing");

        var resolved = await Issues.UpdateAsync(copy.Id, new UpdateIssueRequest
        {
            Status = IssueStatus.Resolved,
            Resolution = IssueResolution.Duplicate,
            DuplicateOf = original.Id,
        }, team.Member.Id);

        Assert.Equal(original.Id, resolved.DuplicateOf);
        var fromCopy = Assert.Single((await Links.ListAsync(copy.Id, team.Viewer.Id))!);
        var fromOriginal = Assert.Single((await Links.ListAsync(original.Id, team.Viewer.Id))!);
        Assert.Equal((LinkDirection.Duplicates, original.Key), (fromCopy.Type, fromCopy.Issue.Key));
        Assert.Equal((LinkDirection.DuplicatedBy, copy.Key, IssueStatus.Resolved), (fromOriginal.Type, fromOriginal.Issue.Key, fromOriginal.Issue.Status));
        Assert.Contains(await HistoryOf(original.Id, team.Member.Id), h => h.Action == IssueEventKind.LinkAdded && h.NewValue == $"duplicated_by {copy.Key}");
        Assert.Contains(await HistoryOf(copy.Id, team.Member.Id), h => h.Action == IssueEventKind.LinkAdded && h.NewValue == $"duplicates {original.Key}");
    }

    [Fact]
    public async Task Links_ShowBothDirections_AreRefusedTwice_AndRemoveWithHistory()
    {
        var team = await db.Data.TeamAsync();
        var a = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Upstream schema change");
        var b = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Null customer ids");

        var link = await Links.AddAsync(b.Id, new LinkRequest { Type = IssueLinkType.CausedBy, IssueId = a.Id }, team.Member.Id);
        await Assert.ThrowsAsync<ConflictException>(() => Links.AddAsync(b.Id, new LinkRequest { Type = IssueLinkType.CausedBy, IssueId = a.Id }, team.Member.Id));
        await Assert.ThrowsAsync<ForbiddenException>(() => Links.AddAsync(b.Id, new LinkRequest { Type = IssueLinkType.Blocks, IssueId = a.Id }, team.Viewer.Id));

        Assert.Equal((LinkDirection.CausedBy, a.Key), (link.Type, link.Issue.Key));
        Assert.Equal(LinkDirection.Causes, Assert.Single((await Links.ListAsync(a.Id, team.Member.Id))!).Type);

        await Links.RemoveAsync(a.Id, link.Id, team.Member.Id);

        Assert.Empty((await Links.ListAsync(a.Id, team.Member.Id))!);
        Assert.Empty((await Links.ListAsync(b.Id, team.Member.Id))!);
        Assert.Contains(await HistoryOf(b.Id, team.Member.Id), h => h.Action == IssueEventKind.LinkRemoved && h.OldValue == $"caused_by {a.Key}");
        Assert.Contains(await HistoryOf(a.Id, team.Member.Id), h => h.Action == IssueEventKind.LinkRemoved && h.OldValue == $"causes {b.Key}");
    }

    [Fact]
    public async Task ALinkToAnotherSpace_IsHiddenFromThoseWhoCannotSeeIt_AndCannotBeMadeToAnInvisibleIssue()
    {
        // Arrange: the admin of both spaces links an issue of each; the member sees only the first space.
        var team = await db.Data.TeamAsync();
        var secret = await db.Data.SpaceAsync(team.Admin.Id, name: "Finance");
        var visible = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        var hidden = await db.Data.IssueAsync(secret.Id, team.Admin.Id, "Payroll totals off");
        await Links.AddAsync(visible.Id, new LinkRequest { Type = IssueLinkType.RelatesTo, IssueId = hidden.Id }, team.Admin.Id);

        // Assert: the member's view of the visible issue has no link; the admin's has it.
        Assert.Empty((await Links.ListAsync(visible.Id, team.Member.Id))!);
        Assert.Single((await Links.ListAsync(visible.Id, team.Admin.Id))!);
        // Linking to it is refused exactly as for an issue that does not exist.
        var refused = await Assert.ThrowsAsync<ValidationException>(() =>
            Links.AddAsync(visible.Id, new LinkRequest { Type = IssueLinkType.Blocks, IssueId = hidden.Id }, team.Member.Id));
        var missing = await Assert.ThrowsAsync<ValidationException>(() =>
            Links.AddAsync(visible.Id, new LinkRequest { Type = IssueLinkType.Blocks, IssueId = Guid.NewGuid() }, team.Member.Id));
        Assert.Equal(missing.Errors["issue_id"], refused.Errors["issue_id"]);
        Assert.Null(await Links.ListAsync(hidden.Id, team.Member.Id));
    }

    [Fact]
    public async Task ALinkToAnotherSpace_InHistory_NamesTheOtherIssueOnlyToThoseWhoCanSeeIt()
    {
        // Arrange: the admin of both spaces links an issue of each, then removes the link; the member sees only the first space.
        var team = await db.Data.TeamAsync();
        var secret = await db.Data.SpaceAsync(team.Admin.Id, name: "Finance");
        var visible = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        var hidden = await db.Data.IssueAsync(secret.Id, team.Admin.Id, "Payroll totals off");
        var link = await Links.AddAsync(visible.Id, new LinkRequest { Type = IssueLinkType.Blocks, IssueId = hidden.Id }, team.Admin.Id);
        await Links.RemoveAsync(visible.Id, link.Id, team.Admin.Id);

        // Act
        var membersView = (await Issues.HistoryAsync(visible.Id, 1, 100, team.Member.Id))!.Items.Where(IsLink).ToList();
        var membersLatest = (await Issues.LatestHistoryAsync(visible.Id, 10, team.Member.Id))!.Items.Where(IsLink).ToList();
        var adminsView = (await Issues.HistoryAsync(visible.Id, 1, 100, team.Admin.Id))!.Items.Where(IsLink).ToList();

        // Assert: the kind of link stays, the key of an issue in a space the member cannot see does not.
        Assert.Equal(["blocks", "blocks"], membersView.Select(e => e.NewValue ?? e.OldValue));
        Assert.Equal(membersView.Select(e => (e.OldValue, e.NewValue)), membersLatest.Select(e => (e.OldValue, e.NewValue)));
        Assert.DoesNotContain(membersView, e => ChangeText.History(e).Contains(hidden.Key, StringComparison.Ordinal));
        Assert.Contains("blocks an issue you cannot see", ChangeText.History(membersView[0]), StringComparison.Ordinal);
        Assert.Equal([$"blocks {hidden.Key}", $"blocks {hidden.Key}"], adminsView.Select(e => e.NewValue ?? e.OldValue));
    }

    private static bool IsLink(HistoryEntryDto e) => e.Action is IssueEventKind.LinkAdded or IssueEventKind.LinkRemoved;

    [Fact]
    public async Task Acknowledgement_IsSetOnce_ByThePersonWhoFirstResponds()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        Assert.Null(issue.AcknowledgedAt);

        // A priority change is not a response; a comment by the viewer is.
        await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Priority = IssuePriority.High }, team.Member.Id);
        Assert.Null((await Issues.GetAsync(issue.Id, team.Member.Id))!.AcknowledgedAt);
        db.Clock.Advance(TimeSpan.FromMinutes(7));
        await Comments.AddAsync(issue.Id, new CommentRequest { Content = "Looking" }, team.Viewer.Id);
        var acknowledgedAt = (await Issues.GetAsync(issue.Id, team.Member.Id))!.AcknowledgedAt;
        db.Clock.Advance(TimeSpan.FromMinutes(3));
        await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress, AssigneeId = team.Admin.Id }, team.Admin.Id);

        Assert.Equal(db.Clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(3), acknowledgedAt);
        Assert.Equal(acknowledgedAt, (await Issues.GetAsync(issue.Id, team.Member.Id))!.AcknowledgedAt);
        await using var context = db.NewContext();
        Assert.Equal(team.Viewer.Id, context.Issues.Single(i => i.Id == issue.Id).AcknowledgedById);
    }

    [Fact]
    public async Task Sla_StatesAtTheEdges_FollowTheClock_AndAcknowledgingStopsItsDeadline()
    {
        // Arrange: critical must be acknowledged in 30 min and resolved in 4 h.
        var team = await db.Data.TeamAsync();
        await Slas.SetAsync(team.Space.Id, new SpaceSlaDto { Critical = new SlaTargetDto { Acknowledge = "PT30M", Resolve = "PT4H" } }, team.Admin.Id);
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, priority: IssuePriority.Critical);
        var created = issue.CreatedAt;
        Assert.Equal((created.AddMinutes(30), created.AddHours(4), SlaState.Ok), (issue.Sla!.AcknowledgeBy, issue.Sla.ResolveBy, issue.Sla.State));

        async Task<SlaState> StateAt(TimeSpan after)
        {
            db.Clock.SetUtcNow(created + after);
            return (await Issues.GetAsync(issue.Id, team.Member.Id))!.Sla!.State;
        }

        // Due soon under 20 % of the time left: 24 min into 30.
        Assert.Equal(SlaState.Ok, await StateAt(TimeSpan.FromMinutes(24) - TimeSpan.FromSeconds(1)));
        Assert.Equal(SlaState.DueSoon, await StateAt(TimeSpan.FromMinutes(24)));
        Assert.Equal(SlaState.DueSoon, await StateAt(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1)));
        // Acknowledged in time: the resolve deadline is what is left.
        await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { AssigneeId = team.Member.Id }, team.Admin.Id);
        Assert.Equal(SlaState.Ok, await StateAt(TimeSpan.FromMinutes(31)));
        Assert.Equal(SlaState.DueSoon, await StateAt(TimeSpan.FromMinutes(192)));
        Assert.Equal(SlaState.DueSoon, await StateAt(TimeSpan.FromHours(4)));
        Assert.Equal(SlaState.Breached, await StateAt(TimeSpan.FromHours(4) + TimeSpan.FromSeconds(1)));
        var breached = await Issues.ListAsync(new IssueQuery { SpaceId = team.Space.Id, Sla = [SlaState.Breached] }, team.Member.Id);
        Assert.Equal([issue.Key], breached.Items.Select(i => i.Key));

        // Resolved late stays breached (in the filter too), and is no longer due soon.
        await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved }, team.Member.Id);
        Assert.Equal(SlaState.Breached, await StateAt(TimeSpan.FromHours(5)));
        Assert.Equal([issue.Key], (await Issues.ListAsync(new IssueQuery { SpaceId = team.Space.Id, Sla = [SlaState.Breached] }, team.Member.Id)).Items.Select(i => i.Key));
        Assert.Empty((await Issues.ListAsync(new IssueQuery { SpaceId = team.Space.Id, Sla = [SlaState.DueSoon] }, team.Member.Id)).Items);
    }

    [Fact]
    public async Task Sla_MissedAcknowledgement_StaysBreached_AndInTimeIsMet()
    {
        var team = await db.Data.TeamAsync();
        await Slas.SetAsync(team.Space.Id, new SpaceSlaDto { High = new SlaTargetDto { Acknowledge = "PT1H", Resolve = "P1D" } }, team.Admin.Id);
        var late = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Late", priority: IssuePriority.High);
        var quick = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Quick", priority: IssuePriority.High);

        await Comments.AddAsync(quick.Id, new CommentRequest { Content = "On it" }, team.Admin.Id);
        db.Clock.Advance(TimeSpan.FromHours(2));
        await Comments.AddAsync(late.Id, new CommentRequest { Content = "Sorry, on it" }, team.Admin.Id);
        await Issues.UpdateAsync(quick.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved }, team.Admin.Id);

        Assert.Equal(SlaState.Breached, (await Issues.GetAsync(late.Id, team.Member.Id))!.Sla!.State);
        Assert.Equal(SlaState.Met, (await Issues.GetAsync(quick.Id, team.Member.Id))!.Sla!.State);
        var breached = await Issues.ListAsync(new IssueQuery { SpaceId = team.Space.Id, Sla = [SlaState.Breached] }, team.Member.Id);
        Assert.Equal(["Late"], breached.Items.Select(i => i.Title));
    }

    [Fact]
    public async Task SettingTheSla_MovesOpenIssuesDeadlines_AndAPriorityChangeFollowsIt()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, priority: IssuePriority.Low);
        Assert.Null(issue.Sla);

        await Slas.SetAsync(team.Space.Id, new SpaceSlaDto { Low = new SlaTargetDto { Resolve = "P7D" }, Critical = new SlaTargetDto { Resolve = "PT4H" } }, team.Admin.Id);
        Assert.Equal(issue.CreatedAt.AddDays(7), (await Issues.GetAsync(issue.Id, team.Member.Id))!.Sla!.ResolveBy);

        var raised = await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Priority = IssuePriority.Critical }, team.Member.Id);
        Assert.Equal(issue.CreatedAt.AddHours(4), raised.Sla!.ResolveBy);
        Assert.Null(raised.Sla.AcknowledgeBy);
        Assert.Equal(new SpaceSlaDto { Low = new SlaTargetDto { Resolve = "P7D" }, Critical = new SlaTargetDto { Resolve = "PT4H" } }, await Slas.GetAsync(team.Space.Id, team.Viewer.Id));
    }

    [Fact]
    public async Task SettingTheSla_NeedsASpaceAdmin_AndValidDurations()
    {
        var team = await db.Data.TeamAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => Slas.SetAsync(team.Space.Id, new SpaceSlaDto { Low = new SlaTargetDto { Resolve = "P7D" } }, team.Member.Id));
        var bad = await Assert.ThrowsAsync<ValidationException>(() => Slas.SetAsync(team.Space.Id, new SpaceSlaDto
        {
            Critical = new SlaTargetDto { Acknowledge = "half an hour", Resolve = "PT4H" },
            High = new SlaTargetDto { Acknowledge = "P2D", Resolve = "P1D" },
            Low = new SlaTargetDto { Resolve = "-PT1H" },
        }, team.Admin.Id));

        Assert.Equal(["critical.acknowledge", "high.acknowledge", "low.resolve"], bad.Errors.Keys.Order());
        Assert.Equal(new SpaceSlaDto(), await Slas.GetAsync(team.Space.Id, team.Member.Id));
    }

    [Theory]
    [InlineData("30m", "PT30M", "30m")]
    [InlineData("4h", "PT4H", "4h")]
    [InlineData("2d", "P2D", "2d")]
    [InlineData("1d 4h", "P1DT4H", "1d 4h")]
    [InlineData("90 min", "PT1H30M", "1h 30m")]
    [InlineData("1w", "P7D", "1w")]
    [InlineData("PT45M", "PT45M", "45m")]
    public async Task SlaDurations_AreTakenAsPeopleWriteThem_AndTheApiSaysThemInIso8601(string written, string iso, string shown)
    {
        var team = await db.Data.TeamAsync();

        var saved = await Slas.SetAsync(team.Space.Id, new SpaceSlaDto { High = new SlaTargetDto { Resolve = written } }, team.Admin.Id);

        Assert.Equal(iso, saved.High!.Resolve);
        Assert.Equal(shown, SlaDurations.Shorten(iso));
    }

    [Fact]
    public async Task SlaWatcher_TellsDueSoonThenBreached_OnceEach_ToAssigneeAndWatchers()
    {
        // Arrange
        var team = await db.Data.TeamAsync();
        await Slas.SetAsync(team.Space.Id, new SpaceSlaDto { Medium = new SlaTargetDto { Resolve = "PT10H" } }, team.Admin.Id);
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, priority: IssuePriority.Medium, assigneeId: team.Viewer.Id);
        var watcher = new SlaWatcher(db.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<IssueTracker.Web.Data.ApplicationDbContext>>(), db.Clock, NullLogger<SlaWatcher>.Instance);
        var inbox = db.Get<NotificationService>();
        await inbox.MarkAllReadAsync(team.Viewer.Id);
        await inbox.MarkAllReadAsync(team.Member.Id);
        async Task<string[]> News(UserDto user) => (await inbox.ListAsync(user.Id, unreadOnly: true, 1, 50)).Items.Where(n => n.Issue.Id == issue.Id).Select(n => n.Summary).ToArray();

        // Act: 8 h in (due soon), twice; then 10 h in (breached).
        db.Clock.SetUtcNow(issue.CreatedAt.AddHours(8));
        await watcher.SweepAsync(default);
        await watcher.SweepAsync(default);
        var dueSoon = await News(team.Viewer);
        db.Clock.SetUtcNow(issue.CreatedAt.AddHours(10).AddSeconds(1));
        await watcher.SweepAsync(default);

        // Assert
        var due = issue.CreatedAt.AddHours(10).ToString("yyyy-MM-dd HH:mm");
        Assert.Equal([$"SLA due soon: resolve by {due} UTC"], dueSoon);
        Assert.Equal([$"SLA breached: not resolved by {due} UTC", $"SLA due soon: resolve by {due} UTC"], await News(team.Viewer));
        Assert.Equal(2, (await News(team.Member)).Length);
        await using var context = db.NewContext();
        var told = context.ChangeEvents.Where(e => e.IssueId == issue.Id && e.Changes != null && e.Changes.Contains("\"sla\"")).OrderBy(e => e.Id).Select(e => e.Changes).ToList();
        Assert.Equal(["{\"sla\":{\"from\":\"ok\",\"to\":\"due_soon\"}}", "{\"sla\":{\"from\":\"due_soon\",\"to\":\"breached\"}}"], told);
    }

    [Fact]
    public async Task ChangingPriority_LongAfterABreachWasTold_DoesNotTellItAgain_ButANewDeadlineReachedLaterIs()
    {
        // Arrange: two issues; the first acknowledged late (a breach, told), the second in time.
        var team = await db.Data.TeamAsync();
        await Slas.SetAsync(team.Space.Id, new SpaceSlaDto { Medium = new SlaTargetDto { Acknowledge = "1h" }, High = new SlaTargetDto { Acknowledge = "1h", Resolve = "120d" } }, team.Admin.Id);
        var late = await db.Data.IssueAsync(team.Space.Id, team.Admin.Id, "Acknowledged late", IssuePriority.Medium, assigneeId: team.Member.Id);
        var inTime = await db.Data.IssueAsync(team.Space.Id, team.Admin.Id, "Acknowledged in time", IssuePriority.Medium, assigneeId: team.Member.Id);
        var watcher = new SlaWatcher(db.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<IssueTracker.Web.Data.ApplicationDbContext>>(), db.Clock, NullLogger<SlaWatcher>.Instance);
        var inbox = db.Get<NotificationService>();
        db.Clock.SetUtcNow(late.CreatedAt.AddMinutes(30));
        await Issues.UpdateAsync(inTime.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Member.Id);
        db.Clock.SetUtcNow(late.CreatedAt.AddHours(2));
        await watcher.SweepAsync(default);
        await Issues.UpdateAsync(late.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Member.Id);
        await inbox.MarkAllReadAsync(team.Member.Id);
        async Task<string[]> News(IssueDto issue) => (await inbox.ListAsync(team.Member.Id, unreadOnly: true, 1, 50)).Items.Where(n => n.Issue.Id == issue.Id).Select(n => n.Summary).ToArray();

        // Act: two months on, both raised to high (new deadlines); then the clock reaches the new resolve deadline's "due soon".
        db.Clock.SetUtcNow(late.CreatedAt.AddDays(60));
        await Issues.UpdateAsync(late.Id, new UpdateIssueRequest { Priority = IssuePriority.High }, team.Admin.Id);
        await Issues.UpdateAsync(inTime.Id, new UpdateIssueRequest { Priority = IssuePriority.High }, team.Admin.Id);
        await inbox.MarkAllReadAsync(team.Member.Id);
        await watcher.SweepAsync(default);
        var afterChange = (await News(late)).Concat(await News(inTime)).ToArray();
        db.Clock.SetUtcNow(late.CreatedAt.AddDays(100));
        await watcher.SweepAsync(default);

        // Assert: nothing about the old breach; the new deadline, when the clock reaches it.
        Assert.Empty(afterChange);
        Assert.Empty(await News(late));
        Assert.Equal([$"SLA due soon: resolve by {inTime.CreatedAt.AddDays(120):yyyy-MM-dd HH:mm} UTC"], await News(inTime));
    }

    [Fact]
    public async Task AlertAutoResolve_RecordsFixed()
    {
        var team = await db.Data.TeamAsync();
        var alerts = db.Get<AlertService>();
        await alerts.ReportAsync(new ReportAlertRequest { ProductId = team.Product.Id, Check = "orders.freshness", Kind = AlertKind.Freshness, Status = AlertStatus.Firing, Title = "Orders stale" }, team.Admin.Id);
        var opened = Assert.Single((await Issues.ListAsync(new IssueQuery { SpaceId = team.Space.Id }, team.Admin.Id)).Items, i => i.Alert is not null);

        await alerts.ReportAsync(new ReportAlertRequest { ProductId = team.Product.Id, Check = "orders.freshness", Kind = AlertKind.Freshness, Status = AlertStatus.Resolved, Title = "Orders stale" }, team.Admin.Id);

        var after = (await Issues.GetAsync(opened.Id, team.Admin.Id))!;
        Assert.Equal((IssueStatus.Resolved, IssueResolution.Fixed), (after.Status, after.Resolution!.Value));
    }
}

using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Services;

/// <summary>The rules that turn alerts into issues, one test per rule, on a real database with a fixed clock.</summary>
public sealed class AlertRulesTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private AlertService Alerts => db.Get<AlertService>();
    private IssueService Issues => db.Get<IssueService>();

    private static ReportAlertRequest Report(Team team, AlertStatus status, string check = "orders_freshness", AlertKind kind = AlertKind.Freshness,
        string message = "Last load finished 3h40m after the SLA", double? value = null, double? threshold = null) => new()
        {
            ProductId = team.Product.Id,
            Check = check,
            Kind = kind,
            Status = status,
            Title = "Freshness check failed on orders",
            Message = message,
            Value = value,
            Threshold = threshold,
        };

    private async Task<List<IssueSummaryDto>> AlertIssuesAsync(Team team, Guid alertId) =>
        (await Issues.ListSummariesAsync(new IssueQuery { AlertId = alertId, Sort = IssueSortField.CreatedAt, Descending = false }, team.Admin.Id)).Items.ToList();

    private async Task<List<(IssueEventKind Action, string? Old, string? New, string Actor)>> HistoryAsync(Guid issueId, Guid actorId) =>
        (await Issues.HistoryAsync(issueId, 1, 100, actorId))!.Items.Select(h => (h.Action, h.OldValue, h.NewValue, h.Actor.Name)).ToList();

    [Fact]
    public async Task FirstFiring_TheMonitorsWordsShowAsText_NeverAsMarkup()
    {
        // Arrange: a check name and message that would be a link, an image, emphasis and a table cell if pasted raw.
        var team = await db.Data.TeamAsync();
        const string check = "x` [click](javascript:alert(1)) | `y";
        const string message = "**urgent** ![pixel](https://evil.example/p.png) [login](https://evil.example) | cell\n# heading";

        // Act
        var result = await Alerts.ReportAsync(Report(team, AlertStatus.Firing, check: check, message: message), team.Member.Id);
        var issue = (await Issues.GetAsync((await AlertIssuesAsync(team, result.Alert.Id)).Single().Id, team.Member.Id))!;
        var html = new MarkdownRenderer().ToHtml(issue.Description);

        // Assert
        var body = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<body>" + html + "</body>").Body!;
        Assert.Empty(body.QuerySelectorAll("a, img, h1"));
        Assert.Equal(["Freshness", team.Product.Name], body.QuerySelectorAll("strong").Select(e => e.TextContent));
        Assert.Equal(check, body.QuerySelector("p code")!.TextContent);
        Assert.Contains(message.Replace("\n", " "), body.QuerySelector("blockquote")!.TextContent);
        Assert.True(body.QuerySelectorAll("tr").Any(r => r.TextContent.Trim().StartsWith("Check") && r.QuerySelectorAll("td").Length == 2), html);
    }

    [Fact]
    public async Task FirstFiring_CreatesAlertAndOneIssueByTheQualityMonitor()
    {
        var team = await db.Data.TeamAsync();

        var result = await Alerts.ReportAsync(Report(team, AlertStatus.Firing, value: 220, threshold: 60), team.Member.Id);

        Assert.True(result.Created);
        var issue = Assert.Single(await AlertIssuesAsync(team, result.Alert.Id));
        Assert.Equal(new IssueRef(issue.Id, issue.Key, "Freshness check failed on orders", IssueStatus.Open), result.Alert.Issue);
        var full = (await Issues.GetAsync(issue.Id, team.Member.Id))!;
        Assert.Equal(SystemUsers.QualityMonitorName, full.Reporter.Name);
        Assert.Equal(IssuePriority.High, full.Priority);
        Assert.Equal(team.Product.Id, full.Product?.Id);
        Assert.Contains("`orders_freshness`", full.Description);
        Assert.Contains("Customer Events", full.Description);
        Assert.Contains("Last load finished 3h40m after the SLA", full.Description);
        Assert.Contains("First seen", full.Description);
        Assert.Contains("| Observed | 220 |", full.Description);
        Assert.Contains("| Expected (threshold) | 60 |", full.Description);
        Assert.Equal(
            [IssueEventKind.Created, IssueEventKind.AlertLinked, IssueEventKind.AlertFired],
            (await HistoryAsync(issue.Id, team.Member.Id)).Select(h => h.Action));
        Assert.All(await HistoryAsync(issue.Id, team.Member.Id), h => Assert.Equal("Quality monitor", h.Actor));
    }

    [Theory]
    [InlineData(AlertKind.Freshness, IssuePriority.High)]
    [InlineData(AlertKind.Volume, IssuePriority.High)]
    [InlineData(AlertKind.Schema, IssuePriority.Critical)]
    [InlineData(AlertKind.NullRate, IssuePriority.Medium)]
    [InlineData(AlertKind.Distribution, IssuePriority.Medium)]
    [InlineData(AlertKind.Custom, IssuePriority.Medium)]
    public async Task NewIssue_TakesThePriorityOfItsKind(AlertKind kind, IssuePriority expected)
    {
        var team = await db.Data.TeamAsync();

        var alert = (await Alerts.ReportAsync(Report(team, AlertStatus.Firing, check: $"check_{kind}", kind: kind), team.Member.Id)).Alert;

        Assert.Equal(expected, (await AlertIssuesAsync(team, alert.Id)).Single().Priority);
    }

    [Fact]
    public async Task FiringAgainInTheSameEpisode_AddsOccurrencesButNoIssueAndNoHistory()
    {
        var team = await db.Data.TeamAsync();
        var first = await Alerts.ReportAsync(Report(team, AlertStatus.Firing), team.Member.Id);
        db.Clock.Advance(TimeSpan.FromMinutes(30));

        var again = await Alerts.ReportAsync(Report(team, AlertStatus.Firing, message: "Still late"), team.Member.Id);
        await Alerts.ReportAsync(Report(team, AlertStatus.Firing, message: "Still late"), team.Member.Id);

        Assert.False(again.Created);
        var issue = Assert.Single(await AlertIssuesAsync(team, first.Alert.Id));
        Assert.Single(await HistoryAsync(issue.Id, team.Member.Id), h => h.Action == IssueEventKind.AlertFired);
        var detail = (await Alerts.GetAsync(first.Alert.Id, team.Member.Id))!;
        Assert.Equal(3, detail.OccurrenceCount);
        Assert.Equal(db.Clock.GetUtcNow().UtcDateTime, detail.LastSeenAt);
        Assert.Equal(["Still late", "Still late", "Last load finished 3h40m after the SLA"], detail.LatestOccurrences.Select(o => o.Message));
    }

    [Fact]
    public async Task Resolving_WithAutoResolve_ResolvesTheIssueWithAComment()
    {
        var team = await db.Data.TeamAsync();
        var alert = (await Alerts.ReportAsync(Report(team, AlertStatus.Firing), team.Member.Id)).Alert;
        db.Clock.Advance(TimeSpan.FromHours(2));

        await Alerts.ReportAsync(Report(team, AlertStatus.Resolved, message: "Loaded on time"), team.Member.Id);

        var issue = (await Issues.GetAsync((await AlertIssuesAsync(team, alert.Id)).Single().Id, team.Member.Id))!;
        Assert.Equal(IssueStatus.Resolved, issue.Status);
        Assert.Equal(db.Clock.GetUtcNow().UtcDateTime, issue.ResolvedAt);
        var history = await HistoryAsync(issue.Id, team.Member.Id);
        Assert.Contains((IssueEventKind.AlertResolved, null, "Loaded on time", "Quality monitor"), history);
        Assert.Contains((IssueEventKind.StatusChanged, "open", "resolved", "Quality monitor"), history);
        var comment = Assert.Single((await db.Get<CommentService>().ListAsync(issue.Id, 1, 20, team.Member.Id))!.Items);
        Assert.Equal("Quality monitor", comment.Author.Name);
        Assert.Contains("`orders_freshness` passed at", comment.Content);
    }

    [Fact]
    public async Task Resolving_WithAutoResolveOff_OnlyRecordsIt()
    {
        var team = await db.Data.TeamAsync();
        await db.Get<ProductService>().SetAlertPolicyAsync(team.Product.Id, new AlertPolicyDto { AutoResolve = false }, team.Admin.Id);
        var alert = (await Alerts.ReportAsync(Report(team, AlertStatus.Firing), team.Member.Id)).Alert;

        await Alerts.ReportAsync(Report(team, AlertStatus.Resolved), team.Member.Id);
        db.Clock.Advance(TimeSpan.FromHours(1));
        await Alerts.ReportAsync(Report(team, AlertStatus.Firing), team.Member.Id);

        var issue = Assert.Single(await AlertIssuesAsync(team, alert.Id));
        Assert.Equal(IssueStatus.Open, issue.Status);
        // One alert_fired per firing episode: the first, and the one after the resolve.
        Assert.Equal(
            [IssueEventKind.Created, IssueEventKind.AlertLinked, IssueEventKind.AlertFired, IssueEventKind.AlertResolved, IssueEventKind.AlertFired],
            (await HistoryAsync(issue.Id, team.Member.Id)).Select(h => h.Action));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(7 * 24 * 3600, true)]
    [InlineData(7 * 24 * 3600 + 1, false)]
    public async Task FiringAfterResolve_ReopensWithinTheWindow_ElseOpensANewIssueLinkingThePrevious(int secondsAfterResolve, bool reopens)
    {
        var team = await db.Data.TeamAsync();
        var alert = (await Alerts.ReportAsync(Report(team, AlertStatus.Firing), team.Member.Id)).Alert;
        await Alerts.ReportAsync(Report(team, AlertStatus.Resolved), team.Member.Id);
        var first = (await AlertIssuesAsync(team, alert.Id)).Single();
        db.Clock.Advance(TimeSpan.FromSeconds(secondsAfterResolve));

        await Alerts.ReportAsync(Report(team, AlertStatus.Firing), team.Member.Id);

        var issues = await AlertIssuesAsync(team, alert.Id);
        if (reopens)
        {
            var reopened = Assert.Single(issues);
            Assert.Equal((first.Id, IssueStatus.Open, (DateTime?)null), (reopened.Id, reopened.Status, reopened.ResolvedAt));
            var history = await HistoryAsync(first.Id, team.Member.Id);
            // Reopening clears the automatic resolve's reason.
            Assert.Equal((IssueEventKind.StatusChanged, "resolved", "open", "Quality monitor"), history[^3]);
            Assert.Equal((IssueEventKind.ResolutionChanged, "fixed", null, "Quality monitor"), history[^2]);
            Assert.Equal(IssueEventKind.AlertFired, history[^1].Action);
        }
        else
        {
            Assert.Equal(2, issues.Count);
            Assert.Equal(IssueStatus.Resolved, issues[0].Status);
            Assert.Equal(IssueStatus.Open, issues[1].Status);
            var next = (await Issues.GetAsync(issues[1].Id, team.Member.Id))!;
            Assert.Contains($"[{first.Key}](/issues/{first.Id})", next.Description);
            // …and links it for real, both ways.
            var links = (await db.Get<LinkService>().ListAsync(next.Id, team.Member.Id))!;
            Assert.Equal([(LinkDirection.RelatesTo, first.Key)], links.Select(l => (l.Type, l.Issue.Key)));
            Assert.Equal([(LinkDirection.RelatesTo, next.Key)], (await db.Get<LinkService>().ListAsync(first.Id, team.Member.Id))!.Select(l => (l.Type, l.Issue.Key)));
        }
    }

    [Fact]
    public async Task ReopenWindow_ComesFromThePolicy()
    {
        var team = await db.Data.TeamAsync();
        await db.Get<SpaceService>().SetAlertPolicyAsync(team.Space.Id, new AlertPolicyDto { ReopenWindowHours = 1 }, team.Admin.Id);
        var alert = (await Alerts.ReportAsync(Report(team, AlertStatus.Firing), team.Member.Id)).Alert;
        await Alerts.ReportAsync(Report(team, AlertStatus.Resolved), team.Member.Id);
        db.Clock.Advance(TimeSpan.FromMinutes(61));

        await Alerts.ReportAsync(Report(team, AlertStatus.Firing), team.Member.Id);

        Assert.Equal(2, (await AlertIssuesAsync(team, alert.Id)).Count);
    }

    [Fact]
    public async Task FiringWhileTheIssueWasResolvedByHand_ReopensIt()
    {
        var team = await db.Data.TeamAsync();
        var alert = (await Alerts.ReportAsync(Report(team, AlertStatus.Firing), team.Member.Id)).Alert;
        var issue = (await AlertIssuesAsync(team, alert.Id)).Single();
        await Issues.UpdateAsync(issue.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved }, team.Member.Id);

        await Alerts.ReportAsync(Report(team, AlertStatus.Firing), team.Member.Id);

        Assert.Equal(IssueStatus.Open, (await Issues.GetAsync(issue.Id, team.Member.Id))!.Status);
    }

    [Fact]
    public async Task AutoOpenOff_RecordsTheAlertWithoutAnIssue()
    {
        var team = await db.Data.TeamAsync();
        await db.Data.ManualAlertsAsync(team.Space.Id, team.Admin.Id);

        var alert = (await Alerts.ReportAsync(Report(team, AlertStatus.Firing), team.Member.Id)).Alert;

        Assert.Null(alert.Issue);
        Assert.Empty(await AlertIssuesAsync(team, alert.Id));
    }

    [Fact]
    public async Task Policy_ProductOverridesSpace_SpaceOverridesDefaults_DefaultAssigneeIsSet()
    {
        var team = await db.Data.TeamAsync();
        await db.Get<SpaceService>().SetAlertPolicyAsync(team.Space.Id, new AlertPolicyDto
        {
            DefaultAssigneeId = team.Member.Id,
            Priorities = new() { [AlertKind.Freshness] = IssuePriority.Low, [AlertKind.Volume] = IssuePriority.Low },
        }, team.Admin.Id);
        var policy = await db.Get<ProductService>().SetAlertPolicyAsync(team.Product.Id, new AlertPolicyDto
        {
            Priorities = new() { [AlertKind.Freshness] = IssuePriority.Critical },
        }, team.Admin.Id);

        var freshness = (await Alerts.ReportAsync(Report(team, AlertStatus.Firing, check: "f"), team.Member.Id)).Alert;
        var volume = (await Alerts.ReportAsync(Report(team, AlertStatus.Firing, check: "v", kind: AlertKind.Volume), team.Member.Id)).Alert;
        var schema = (await Alerts.ReportAsync(Report(team, AlertStatus.Firing, check: "s", kind: AlertKind.Schema), team.Member.Id)).Alert;

        Assert.Equal(IssuePriority.Critical, (await AlertIssuesAsync(team, freshness.Id)).Single().Priority);
        Assert.Equal(IssuePriority.Low, (await AlertIssuesAsync(team, volume.Id)).Single().Priority);
        Assert.Equal(IssuePriority.Critical, (await AlertIssuesAsync(team, schema.Id)).Single().Priority);
        Assert.Equal(team.Member.Id, (await AlertIssuesAsync(team, freshness.Id)).Single().Assignee?.Id);
        Assert.Equal((true, true, 168, team.Member.Id), (policy.Effective!.AutoOpen, policy.Effective.AutoResolve, policy.Effective.ReopenWindowHours, policy.Effective.DefaultAssigneeId));
    }

    [Fact]
    public async Task Policy_RefusesAViewerAsDefaultAssigneeAndNonAdmins()
    {
        var team = await db.Data.TeamAsync();

        var viewer = await Assert.ThrowsAsync<ValidationException>(() =>
            db.Get<SpaceService>().SetAlertPolicyAsync(team.Space.Id, new AlertPolicyDto { DefaultAssigneeId = team.Viewer.Id, ReopenWindowHours = -1 }, team.Admin.Id));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            db.Get<ProductService>().SetAlertPolicyAsync(team.Product.Id, new AlertPolicyDto { AutoOpen = false }, team.Member.Id));

        Assert.Equal(new[] { "default_assignee_id", "reopen_window_hours" }, viewer.Errors.Keys.Order());
    }

    [Fact]
    public async Task ConcurrentFirstFirings_CreateOneAlertAndOneIssue()
    {
        var team = await db.Data.TeamAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() =>
            db.Get<AlertService>().ReportAsync(Report(team, AlertStatus.Firing, check: "simultaneous"), team.Member.Id))));

        Assert.Single(results, r => r.Created);
        var alertId = Assert.Single(results.Select(r => r.Alert.Id).Distinct());
        Assert.Single(await AlertIssuesAsync(team, alertId));
        Assert.Equal(12, (await Alerts.GetAsync(alertId, team.Member.Id))!.OccurrenceCount);
    }

    [Fact]
    public async Task Retry_WithTheSameIdempotencyKey_RecordsNothingTwice()
    {
        var team = await db.Data.TeamAsync();
        var report = Report(team, AlertStatus.Firing, check: "retried");

        var first = await Alerts.ReportAsync(report, team.Member.Id, "run-42");
        var retry = await Alerts.ReportAsync(report, team.Member.Id, "run-42");

        Assert.True(first.Created);
        Assert.True(retry.Replayed);
        Assert.True(retry.Created);
        Assert.Equal(first.Alert, retry.Alert);
        Assert.Equal(1, (await Alerts.GetAsync(first.Alert.Id, team.Member.Id))!.OccurrenceCount);
        Assert.Equal(1, (await Alerts.OccurrencesAsync(first.Alert.Id, 1, 20, team.Member.Id))!.Total);
        await Assert.ThrowsAsync<UnprocessableException>(() => Alerts.ReportAsync(Report(team, AlertStatus.Resolved, check: "retried"), team.Member.Id, "run-42"));
    }

    [Fact]
    public async Task IssueByHand_FromAnAlertWithAnOpenIssue_IsAConflict()
    {
        var team = await db.Data.TeamAsync();
        var alert = (await Alerts.ReportAsync(Report(team, AlertStatus.Firing), team.Member.Id)).Alert;

        var conflict = await Assert.ThrowsAsync<ConflictException>(() =>
            Issues.CreateAsync(new CreateIssueRequest { SpaceId = team.Space.Id, Title = "Again", AlertId = alert.Id }, team.Member.Id));

        Assert.Contains(alert.Issue!.Key, conflict.Message);
        Assert.Single(await AlertIssuesAsync(team, alert.Id));
    }

    [Fact]
    public async Task IssueByHand_LinksTheAlert_AndLaterEpisodesAreRecordedOnIt()
    {
        var team = await db.Data.TeamAsync();
        await db.Get<SpaceService>().SetAlertPolicyAsync(team.Space.Id, new AlertPolicyDto { AutoOpen = false, AutoResolve = false }, team.Admin.Id);
        var alert = (await Alerts.ReportAsync(Report(team, AlertStatus.Firing), team.Member.Id)).Alert;

        var issue = (await Issues.CreateAsync(new CreateIssueRequest { SpaceId = team.Space.Id, Title = "Freshness", AlertId = alert.Id }, team.Member.Id)).Issue;
        await Alerts.ReportAsync(Report(team, AlertStatus.Resolved), team.Member.Id);
        await Alerts.ReportAsync(Report(team, AlertStatus.Firing), team.Member.Id);

        Assert.Equal(issue.Id, (await Alerts.GetAsync(alert.Id, team.Member.Id))!.Issue?.Id);
        Assert.Equal(
            [IssueEventKind.Created, IssueEventKind.AlertLinked, IssueEventKind.AlertResolved, IssueEventKind.AlertFired],
            (await HistoryAsync(issue.Id, team.Member.Id)).Select(h => h.Action));
    }

    [Fact]
    public async Task Occurrences_KeepObservedTimeValueAndThreshold_NewestFirst_Paged()
    {
        var team = await db.Data.TeamAsync();
        var observed = db.Clock.GetUtcNow().UtcDateTime.AddMinutes(-5);
        var report = Report(team, AlertStatus.Firing, check: "row_count", kind: AlertKind.Volume, value: 1_200_000, threshold: 1_800_000);
        report.ObservedAt = observed;
        var alert = (await Alerts.ReportAsync(report, team.Member.Id)).Alert;
        for (var i = 0; i < 4; i++)
        {
            db.Clock.Advance(TimeSpan.FromMinutes(1));
            await Alerts.ReportAsync(Report(team, AlertStatus.Firing, check: "row_count", kind: AlertKind.Volume, value: 1_300_000 + i), team.Member.Id);
        }

        var page = (await Alerts.OccurrencesAsync(alert.Id, 3, 2, team.Member.Id))!;

        Assert.Equal((5, 1), (page.Total, page.Items.Count));
        var oldest = page.Items.Single();
        Assert.Equal((observed, 1_200_000d, 1_800_000d), (oldest.ObservedAt, oldest.Value!.Value, oldest.Threshold!.Value));
        Assert.Null(await Alerts.OccurrencesAsync(alert.Id, 1, 20, (await db.Data.UserAsync("Olga Outsider")).Id));
    }
}

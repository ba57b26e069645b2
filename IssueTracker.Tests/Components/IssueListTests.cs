using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Pages.Issues;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Components;

public sealed class IssueListTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    [Fact]
    public async Task List_ShowsTheIssuesOfTheFilterInTheUrl()
    {
        var team = await Db.Data.TeamAsync();
        await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Critical one", IssuePriority.Critical);
        await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Low one", IssuePriority.Low);
        SignIn(team.Member);
        RenderProviders();

        var cut = RenderAt<IssuesPage>($"/issues?space={team.Space.Id}&priority=critical");

        cut.WaitForAssertion(() => Assert.Contains("Critical one", cut.Find("[data-testid=issue-grid]").TextContent));
        Assert.DoesNotContain("Low one", cut.Find("[data-testid=issue-grid]").TextContent);
    }

    [Fact]
    public async Task Keys_OnARow_MoveItPrioritizeItAssignIt_AsOnTheBoard()
    {
        // Arrange
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Admin.Id, "Late arriving events", IssuePriority.Low);
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderAt<IssuesPage>($"/issues?space_id={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find($"[data-row-key='{issue.Key}']")));
        void Press(string key) => cut.Find($"[data-row-key='{issue.Key}']").ParentElement!.KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = key });
        string Note() => cut.Find("[data-testid=list-note]").TextContent;

        // Act + Assert: each key, said in the live region.
        Press("]");
        cut.WaitForAssertion(() => Assert.Equal($"{issue.Key} moved to In progress", Note()));
        Press("2");
        cut.WaitForAssertion(() => Assert.Equal($"{issue.Key} is now high priority", Note()));
        Press("i");
        cut.WaitForAssertion(() => Assert.Equal($"{issue.Key} is assigned to you", Note()));
        Press("x");

        // Assert: what was saved, and the row shows it.
        var saved = await Db.Get<IssueService>().GetAsync(issue.Id, team.Member.Id);
        Assert.Equal((IssueStatus.InProgress, IssuePriority.High, team.Member.Id), (saved!.Status, saved.Priority, saved.Assignee?.Id));
        cut.WaitForAssertion(() => Assert.Contains("Jane Developer", cut.Find($"[data-row-key='{issue.Key}']").Closest("tr")!.TextContent));
    }

    [Fact]
    public async Task Filters_ClosedShowAChipPerActiveFilter_ThatRemovesIt_AndOpenOnTheirButton()
    {
        // Arrange
        var team = await Db.Data.TeamAsync();
        SignIn(team.Member);
        RenderProviders();
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();

        // Act
        var cut = RenderAt<IssuesPage>($"/issues?space={team.Space.Id}&priority=critical,high&q=nulls");

        // Assert: closed, the bar names each filter in the address and holds no pickers.
        cut.WaitForAssertion(() => Assert.Equal(
            [$"Space: {team.Space.Name}", "Priority: Critical, High", "Text: nulls"],
            cut.FindAll("[data-testid=filter-chip]").Select(c => c.TextContent.Trim())));
        var toggle = cut.Find("[data-testid=filters-toggle]");
        Assert.Equal("Filters (3)", toggle.TextContent.Trim());
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));
        Assert.Empty(cut.FindAll("[data-testid=filter-panel]"));

        // Act + Assert: a chip's button takes its filter out of the address, and only that one.
        cut.Find("button[aria-label='Remove filter Priority: Critical, High']").Click();
        Assert.DoesNotContain("priority=", navigation.Uri);
        Assert.Contains("q=nulls", navigation.Uri);

        // Act + Assert: the button opens the pickers, named by their labels.
        cut.Find("[data-testid=filters-toggle]").Click();
        Assert.Equal("true", cut.Find("[data-testid=filters-toggle]").GetAttribute("aria-expanded"));
        Assert.Equal(cut.Find("[data-testid=filters-toggle]").GetAttribute("aria-controls"), cut.Find("[data-testid=filter-panel]").Id);
        Assert.NotNull(Field(cut, "Priority"));
        Assert.NotNull(Field(cut, "Text"));
    }

    [Fact]
    public async Task List_ChangedRowsUpdateInPlace_NewIssuesWaitBehindABar()
    {
        // Arrange
        var team = await Db.Data.TeamAsync();
        var older = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Older issue");
        await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Newer issue");
        SignIn(team.Member);
        RenderProviders();
        var cut = RenderAt<IssuesPage>($"/issues?space={team.Space.Id}");
        string[] Titles() => cut.FindAll("[data-testid=issue-grid] tbody tr").Select(r => r.TextContent).ToArray();
        cut.WaitForAssertion(() => Assert.Equal(2, Titles().Length));

        // Act: someone renames the older issue (sorted by last change it would jump to the top), then opens a new one.
        await Db.Get<IssueService>().UpdateAsync(older.Id, new UpdateIssueRequest { Title = "Older issue, renamed" }, team.Admin.Id);
        cut.WaitForAssertion(() => Assert.Contains("Older issue, renamed", Titles()[1]));
        await Db.Data.IssueAsync(team.Space.Id, team.Admin.Id, "Brand new issue");
        cut.WaitForAssertion(() => Assert.Contains("1 new issue", cut.Find("[data-testid=new-issues-bar]").TextContent));

        // Assert: the rows stayed put until asked.
        Assert.Equal(2, Titles().Length);
        cut.Find("[data-testid=new-issues-bar]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Brand new issue", Titles()[0]));
        Assert.Empty(cut.FindAll("[data-testid=new-issues-bar]"));
    }

    [Fact]
    public async Task BulkAssign_OffersOnlyPeopleWhoCanTakeEverySelectedIssue()
    {
        // Arrange: issues of two spaces; Jane is a member of the first only, Victor of both, Alice admin of both.
        var team = await Db.Data.TeamAsync();
        var other = await Db.Data.SpaceAsync(team.Admin.Id);
        await Db.Data.MemberAsync(other.Id, team.Viewer.Id, SpaceRole.Member, team.Admin.Id);
        await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Here");
        await Db.Data.IssueAsync(other.Id, team.Admin.Id, "There");
        SignIn(team.Admin);
        var providers = RenderProviders();
        var cut = RenderAt<IssuesPage>("/issues");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=issue-grid] tbody tr").Count));

        // Act: both selected, then the menu opened.
        foreach (var box in cut.FindAll("[data-testid=issue-grid] tbody tr input[type=checkbox]").ToList()) box.Change(true);
        cut.WaitForAssertion(() => Assert.Contains("2 selected", cut.Find("[data-testid=bulk-bar]").TextContent));
        cut.FindAll("[data-testid=bulk-bar] button").Single(b => b.TextContent.Contains("Assign to")).Click();

        // Assert
        providers.WaitForAssertion(() => Assert.Contains("Nobody (unassign)", providers.Markup));
        Assert.Contains("Alice Admin", providers.Markup);
        Assert.Contains("Victor Viewer", providers.Markup);
        Assert.DoesNotContain("Jane Developer", providers.Markup);
    }

    [Fact]
    public async Task BulkUpdate_ReportsEachIssue_AndRefusalsByReason()
    {
        var team = await Db.Data.TeamAsync();
        var otherAdmin = await Db.Data.UserAsync("Other Admin");
        var other = await Db.Data.SpaceAsync(otherAdmin.Id);
        await Db.Data.MemberAsync(other.Id, team.Member.Id, SpaceRole.Viewer, otherAdmin.Id);
        var mine = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Mine");
        var alsoMine = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Also mine");
        var readOnly = await Db.Data.IssueAsync(other.Id, otherAdmin.Id, "Read only");

        var results = await Db.Get<IssueService>().BulkUpdateAsync([mine.Id, alsoMine.Id, readOnly.Id], new UpdateIssueRequest { Priority = IssuePriority.Critical }, team.Member.Id);

        Assert.Equal([true, true, false], results.Select(r => r.Updated));
        Assert.Equal(
            $"2 updated, 1 refused: You are a viewer in this space; changing issues needs the member role. ({readOnly.Key})",
            BulkResultText.Summarize(results));
        Assert.Equal(IssuePriority.Medium, (await Db.Get<IssueService>().GetAsync(readOnly.Id, team.Member.Id))!.Priority);
    }

    [Fact]
    public void Csv_QuotesEveryCell_DefusesFormulas_AndHasWhatAReportNeeds()
    {
        var row = new IssueSummaryDto(Guid.NewGuid(), "CUST-1", "=HYPERLINK(\"x\"), \"quoted\"", IssueStatus.Resolved, IssuePriority.High,
            new NamedRef(Guid.NewGuid(), "Customer Data"), null, null, null,
            new DateTime(2026, 1, 15, 10, 30, 0, DateTimeKind.Utc), new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc), 1, IssueResolution.Duplicate);
        var export = new IssueExportRow(row, "Jane Developer", new DateTime(2026, 1, 15, 11, 0, 0, DateTimeKind.Utc), "Same root cause", "CUST-0", SlaState.Met);

        var lines = IssueCsv.Write([export], "https://tracker.example.com/").Split(Environment.NewLine);

        Assert.Equal("\"key\",\"title\",\"status\",\"priority\",\"space\",\"product\",\"assignee\",\"reporter\",\"created_at\",\"updated_at\",\"acknowledged_at\",\"resolved_at\","
                     + "\"resolution\",\"resolution_note\",\"duplicate_of\",\"sla\",\"link\"", lines[0]);
        Assert.Equal("\"CUST-1\",\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\",\"Resolved\",\"High\",\"Customer Data\",\"\",\"\",\"Jane Developer\","
                     + "\"2026-01-15T10:30:00Z\",\"2026-01-15T12:00:00Z\",\"2026-01-15T11:00:00Z\",\"2026-01-15T12:00:00Z\","
                     + "\"Duplicate\",\"Same root cause\",\"CUST-0\",\"met\",\"https://tracker.example.com/issues/CUST-1\"", lines[1]);
    }

    [Theory]
    [InlineData("=1+1", "\"'=1+1\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-1", "\"'-1\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("plain", "\"plain\"")]
    [InlineData("", "\"\"")]
    public void CsvCell_IsAlwaysQuoted_AndAFormulaStartIsText(string value, string cell) => Assert.Equal(cell, IssueCsv.Cell(value));

    [Fact]
    public void Filter_RoundTripsThroughTheUrl_AndIgnoresJunk()
    {
        var space = Guid.NewGuid();
        var filter = IssueQuery.FromAddress($"http://localhost/issues?space_id={space}&product_id=not-a-guid&priority=critical,bogus,high&assignee_id=me&q=%20%20nulls%20&resolved=all&status=in_progress&sort=sla");

        Assert.Equal(space, filter.SpaceId);
        Assert.Null(filter.ProductId);
        Assert.Equal([IssuePriority.Critical, IssuePriority.High], filter.Priorities);
        Assert.Equal([IssueStatus.InProgress], filter.Statuses);
        Assert.Equal("nulls", filter.Q);
        Assert.True(filter.AllResolved);
        Assert.True(filter.AssignedToActor);
        Assert.True(filter.SlaFirst);
        Assert.Equal($"issues?space_id={space}&status=in_progress&priority=critical,high&assignee_id=me&q=nulls&sort=sla&resolved=all", filter.ToAddress("issues"));
        Assert.Equal(filter.ToAddress("issues"), IssueQuery.FromAddress("http://localhost/" + filter.ToAddress("issues")).ToAddress("issues"));
        Assert.True(IssueQuery.FromAddress("http://localhost/issues?assignee_id=none").Unassigned);
    }

    [Fact]
    public void Filter_OldBookmarks_WithTheFormerNames_StillOpen()
    {
        var (space, product, alert) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var filter = IssueQuery.FromAddress($"http://localhost/?space={space}&product={product}&assignee=none&alert={alert}&order=sla");

        Assert.Equal((space, product, alert), (filter.SpaceId, filter.ProductId, filter.AlertId));
        Assert.True(filter.Unassigned);
        Assert.True(filter.SlaFirst);
    }

    [Fact]
    public void Api_RefusesWhatAPageIgnores_NamingTheParameter()
    {
        var query = new Microsoft.AspNetCore.Http.QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>
        {
            ["assignee_id"] = "me",
            ["priority"] = "urgent",
        });

        var error = Assert.Throws<ValidationException>(() => IssueQuery.FromApi(query));

        Assert.Equal(["assignee_id", "priority"], error.Errors.Keys.Order());
    }
}

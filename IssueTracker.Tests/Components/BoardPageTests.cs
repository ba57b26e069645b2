using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Issues;
using IssueTracker.Web.Components.Pages.Board;
using IssueTracker.Web.Contracts;
using IssueTracker.Web.Domain;
using IssueTracker.Web.Services;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace IssueTracker.Tests.Components;

public sealed class BoardPageTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    private async Task<(Team Team, IssueDto Open, IssueDto Busy, IssueDto Done)> BoardAsync()
    {
        var team = await Db.Data.TeamAsync();
        var open = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Customer ID nulls increased", IssuePriority.Critical, team.Product.Id, team.Member.Id);
        var busy = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Late arriving events", IssuePriority.Low);
        var done = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Duplicate rows", IssuePriority.High);
        var issues = Db.Get<IssueService>();
        await issues.UpdateAsync(busy.Id, new UpdateIssueRequest { Status = IssueStatus.InProgress }, team.Member.Id);
        await issues.UpdateAsync(done.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved }, team.Member.Id);
        return (team, open, busy, done);
    }

    private static string[] Keys(IRenderedComponent<BoardPage> cut, IssueStatus status) =>
        cut.FindAll($"[data-testid=column-{status}] [data-testid=issue-card]").Select(c => c.GetAttribute("data-key")!).ToArray();

    private static string Count(IRenderedComponent<BoardPage> cut, IssueStatus status) =>
        cut.Find($"[data-testid=column-{status}] [data-testid=column-count]").TextContent.Trim();

    [Fact]
    public async Task Board_ShowsThreeColumnsWithCountsAndCards()
    {
        var (team, open, busy, done) = await BoardAsync();
        SignIn(team.Member);
        RenderProviders();

        var cut = RenderAt<BoardPage>($"/?space={team.Space.Id}");

        cut.WaitForAssertion(() => Assert.Equal([open.Key], Keys(cut, IssueStatus.Open)));
        Assert.Equal([busy.Key], Keys(cut, IssueStatus.InProgress));
        Assert.Equal([done.Key], Keys(cut, IssueStatus.Resolved));
        Assert.Equal(("1", "1", "1"), (Count(cut, IssueStatus.Open), Count(cut, IssueStatus.InProgress), Count(cut, IssueStatus.Resolved)));
        Assert.Contains("last 14 days", cut.Find($"[data-testid=column-{IssueStatus.Resolved}]").TextContent);
    }

    [Fact]
    public async Task Board_TakesItsFiltersFromTheQueryString()
    {
        var (team, open, _, done) = await BoardAsync();
        SignIn(team.Member);
        RenderProviders();

        var byPriority = RenderAt<BoardPage>($"/?space={team.Space.Id}&priority=critical,high");
        byPriority.WaitForAssertion(() => Assert.Equal([open.Key], Keys(byPriority, IssueStatus.Open)));
        Assert.Empty(Keys(byPriority, IssueStatus.InProgress));
        Assert.Equal([done.Key], Keys(byPriority, IssueStatus.Resolved));

        var mine = RenderAt<BoardPage>($"/?space={team.Space.Id}&assignee=me");
        mine.WaitForAssertion(() => Assert.Equal([open.Key], Keys(mine, IssueStatus.Open)));
        Assert.Equal("0", Count(mine, IssueStatus.InProgress));

        var text = RenderAt<BoardPage>($"/?space={team.Space.Id}&q=late%20arriving");
        text.WaitForAssertion(() => Assert.Equal("1", Count(text, IssueStatus.InProgress)));
        Assert.Equal("0", Count(text, IssueStatus.Open));
    }

    [Fact]
    public async Task Board_ResolvedOlderThan14Days_OnlyWithAllResolved()
    {
        var (team, _, _, done) = await BoardAsync();
        Db.Clock.Advance(TimeSpan.FromDays(15));
        SignIn(team.Member);
        RenderProviders();

        var board = RenderAt<BoardPage>($"/?space={team.Space.Id}");
        board.WaitForAssertion(() => Assert.Equal("0", Count(board, IssueStatus.Resolved)));
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/?space={team.Space.Id}&resolved=all");

        board.WaitForAssertion(() => Assert.Equal([done.Key], Keys(board, IssueStatus.Resolved)));
    }

    [Fact]
    public async Task Drop_OnAnotherColumn_ChangesStatusThroughTheServiceAndWritesHistory()
    {
        var (team, open, _, _) = await BoardAsync();
        SignIn(team.Member);
        var providers = RenderProviders();
        var cut = RenderAt<BoardPage>($"/?space={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Equal([open.Key], Keys(cut, IssueStatus.Open)));
        var card = cut.FindComponents<IssueCard>().Single(c => c.Instance.Issue.Id == open.Id).Instance.Issue;

        var container = cut.FindComponent<MudDropContainer<IssueSummaryDto>>();
        await cut.InvokeAsync(() => container.Instance.ItemDropped.InvokeAsync(new MudItemDropInfo<IssueSummaryDto>(card, nameof(IssueStatus.InProgress), 0)));

        cut.WaitForAssertion(() => Assert.Contains(open.Key, Keys(cut, IssueStatus.InProgress)));
        Assert.Empty(Keys(cut, IssueStatus.Open));
        var history = (await Db.Get<IssueService>().HistoryAsync(open.Id, 1, 20, team.Member.Id))!.Items;
        Assert.Contains(history, h => h.Action == IssueEventKind.StatusChanged && h.OldValue == "open" && h.NewValue == "in_progress");
        providers.WaitForAssertion(() => Assert.Contains($"{open.Key} moved to In progress", providers.Markup));
    }

    [Fact]
    public async Task Drop_ByAViewer_IsRefusedVisiblyAndTheCardStays()
    {
        var (team, open, _, _) = await BoardAsync();
        SignIn(team.Viewer);
        var providers = RenderProviders();
        var cut = RenderAt<BoardPage>($"/?space={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Equal([open.Key], Keys(cut, IssueStatus.Open)));
        var card = cut.FindComponents<IssueCard>().Single(c => c.Instance.Issue.Id == open.Id).Instance.Issue;

        var container = cut.FindComponent<MudDropContainer<IssueSummaryDto>>();
        await cut.InvokeAsync(() => container.Instance.ItemDropped.InvokeAsync(new MudItemDropInfo<IssueSummaryDto>(card, nameof(IssueStatus.Resolved), 0)));

        providers.WaitForAssertion(() => Assert.Contains($"{open.Key} stays Open", providers.Markup));
        Assert.Equal([open.Key], Keys(cut, IssueStatus.Open));
        Assert.Equal(IssueStatus.Open, (await Db.Get<IssueService>().GetAsync(open.Id, team.Viewer.Id))!.Status);
    }

    [Fact]
    public async Task Card_ShowsKeyTitlePriorityWordProductAssigneeAgeAndAlertMark()
    {
        var team = await Db.Data.TeamAsync();
        await Db.Data.ManualAlertsAsync(team.Space.Id, team.Admin.Id);
        var alert = (await Db.Get<AlertService>().ReportAsync(new ReportAlertRequest
        {
            ProductId = team.Product.Id, Check = "freshness", Kind = AlertKind.Freshness, Status = AlertStatus.Firing, Title = "Freshness check failed",
        }, team.Member.Id)).Alert;
        var issue = (await Db.Get<IssueService>().CreateAsync(new CreateIssueRequest
        {
            SpaceId = team.Space.Id, Title = "Freshness check failed", AlertId = alert.Id, AssigneeId = team.Member.Id, Priority = IssuePriority.High,
        }, team.Member.Id)).Issue;
        var summary = (await Db.Get<IssueService>().ListSummariesAsync(new IssueQuery { SpaceId = team.Space.Id }, team.Member.Id)).Items.Single();
        Db.Clock.Advance(TimeSpan.FromDays(3));

        var cut = Render<IssueCard>(p => p.Add(x => x.Issue, summary));

        Assert.Contains(issue.Key, cut.Markup);
        Assert.Equal("Freshness check failed", cut.Find("[data-testid=issue-title]").TextContent.Trim());
        Assert.Equal("High", cut.Find("[data-testid=priority]").TextContent.Trim());
        Assert.Contains("Customer Events", cut.Markup);
        Assert.Equal("Jane Developer", cut.Find("img").GetAttribute("alt"));
        Assert.Contains("3 days ago", cut.Markup);
        Assert.Equal("Alert firing", cut.Find("[data-testid=alert-mark]").GetAttribute("aria-label"));
    }
}

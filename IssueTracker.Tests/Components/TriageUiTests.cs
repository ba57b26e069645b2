using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Pages.Issues;
using IssueTracker.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace IssueTracker.Tests.Components;

/// <summary>The resolve dialog, the SLA chip and the links panel, as a person sees and uses them.</summary>
public sealed class TriageUiTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    private IRenderedComponent<IssueDetailPage> RenderIssue(IssueDto issue)
    {
        RenderInteractively();
        var cut = Render<IssueDetailPage>(p => p.Add(x => x.Id, issue.Id));
        cut.WaitForAssertion(() => Assert.Contains(issue.Title, cut.Find("[data-testid=issue-title]").TextContent));
        return cut;
    }

    private static Task ChooseStatusAsync(IRenderedComponent<IssueDetailPage> cut, IssueStatus status)
    {
        var select = cut.FindComponents<MudSelect<IssueStatus>>().Single();
        // Not awaited: resolving waits for the dialog's answer.
        _ = cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(status));
        return Task.CompletedTask;
    }

    private static void Click(IRenderedComponent<MudProviders> providers, string text) =>
        providers.FindAll("button").Single(b => b.TextContent.Trim() == text).Click();

    [Fact]
    public async Task ResolvingOnTheDetailPage_AsksWhy_RefusesWithoutAReason_ThenShowsReasonAndNote()
    {
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        SignIn(team.Member);
        var providers = RenderProviders();
        var cut = RenderIssue(issue);

        await ChooseStatusAsync(cut, IssueStatus.Resolved);
        providers.WaitForAssertion(() => Assert.NotNull(providers.Find("[data-testid=resolve-dialog]")));
        Click(providers, "Resolve");
        providers.WaitForAssertion(() => Assert.Contains("Choose why it is resolved.", providers.Markup));
        Assert.Equal(IssueStatus.Open, (await Db.Get<IssueService>().GetAsync(issue.Id, team.Member.Id))!.Status);

        var reason = providers.FindComponents<MudSelect<IssueResolution?>>().Single();
        await providers.InvokeAsync(() => reason.Instance.ValueChanged.InvokeAsync(IssueResolution.FalsePositive));
        providers.Find("textarea[data-testid=resolve-note]").Input("Month-end volumes are always low");
        Click(providers, "Resolve");

        cut.WaitForAssertion(() => Assert.Contains("False positive", cut.Find("[data-testid=resolution]").TextContent));
        Assert.Equal("Month-end volumes are always low", cut.Find("[data-testid=resolution-note]").TextContent);
        var stored = (await Db.Get<IssueService>().GetAsync(issue.Id, team.Member.Id))!;
        Assert.Equal((IssueStatus.Resolved, IssueResolution.FalsePositive), (stored.Status, stored.Resolution!.Value));
    }

    [Fact]
    public async Task CancellingTheResolveDialog_LeavesTheIssueAsItWas()
    {
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        SignIn(team.Member);
        var providers = RenderProviders();
        var cut = RenderIssue(issue);

        await ChooseStatusAsync(cut, IssueStatus.Resolved);
        providers.WaitForAssertion(() => Assert.NotNull(providers.Find("[data-testid=resolve-dialog]")));
        Click(providers, "Cancel");

        providers.WaitForAssertion(() => Assert.Empty(providers.FindAll("[data-testid=resolve-dialog]")));
        var stored = (await Db.Get<IssueService>().GetAsync(issue.Id, team.Member.Id))!;
        Assert.Equal((IssueStatus.Open, issue.Version), (stored.Status, stored.Version));
    }

    [Theory]
    [InlineData(60, "ok", "3 h left")]
    [InlineData(200, "due_soon", "40 min left")]
    [InlineData(245, "breached", "5 min over")]
    public void SlaChip_ShowsTimeLeftAndItsState_InWordsAndColour(int minutesIn, string state, string text)
    {
        var created = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        var resolveBy = created.AddHours(4);
        var times = new SlaTimes(null, resolveBy, SlaRules.WarnAt(created, resolveBy), resolveBy, created.AddMinutes(1), null);

        var chip = Render(SlaChip.Render(times, created.AddMinutes(minutesIn)));

        var span = chip.Find("[data-testid=sla]");
        Assert.Equal(state, span.GetAttribute("data-state"));
        Assert.Equal(text, span.TextContent.Trim());
        Assert.Equal("SLA " + Labels.Of(Enum.Parse<SlaState>(state.Replace("_", ""), ignoreCase: true)).ToLowerInvariant() + ": resolve by 2026-03-01 12:00 UTC", span.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task LinksPanel_ShowsBothEndsWithStatus_AndRemovesALink()
    {
        var team = await Db.Data.TeamAsync();
        var cause = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Upstream schema change");
        var effect = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Null customer ids");
        await Db.Get<LinkService>().AddAsync(effect.Id, new LinkRequest { Type = IssueLinkType.CausedBy, IssueId = cause.Id }, team.Member.Id);
        SignIn(team.Member);
        var providers = RenderProviders();
        var cut = RenderIssue(cause);

        cut.WaitForAssertion(() => Assert.Contains($"causes {effect.Key} Null customer ids", string.Join(' ', cut.Find("[data-testid=link]").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
        Assert.Equal("Open", cut.Find("[data-testid=link] [data-testid=status]").TextContent.Trim());
        cut.Find($"button[aria-label='Remove link to {effect.Key}']").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=link]")));
        Assert.Empty((await Db.Get<LinkService>().ListAsync(effect.Id, team.Member.Id))!);
    }

    [Fact]
    public async Task InsightsPage_ShowsTheFigures_EachLinkingToTheIssuesBehindIt()
    {
        var team = await Db.Data.TeamAsync();
        var done = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Late events", priority: IssuePriority.High);
        await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Duplicate rows", priority: IssuePriority.Critical);
        Db.Clock.Advance(TimeSpan.FromHours(3));
        await Db.Get<IssueService>().UpdateAsync(done.Id, new UpdateIssueRequest { Status = IssueStatus.Resolved, Resolution = IssueResolution.FalsePositive }, team.Member.Id);
        SignIn(team.Viewer);
        RenderProviders();

        var cut = RenderAt<Web.Components.Pages.Insights.InsightsPage>($"/insights?space_id={team.Space.Id}");

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=figure-opened] a").TextContent.Trim()));
        Assert.Equal("1", cut.Find("[data-testid=figure-resolved] a").TextContent.Trim());
        var openNow = cut.Find("[data-testid=figure-open-now] a");
        Assert.Equal("1", openNow.TextContent.Trim());
        Assert.Contains($"space_id={team.Space.Id}", openNow.GetAttribute("href"));
        Assert.Contains("status=open,in_progress", openNow.GetAttribute("href"));
        Assert.Contains("3 h", cut.Find("[data-testid=priority-high]").TextContent);
        var falsePositives = cut.FindAll("[data-testid=resolutions] tr").Single(r => r.TextContent.Contains("False positive"));
        Assert.Contains("resolution=false_positive", falsePositives.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("1", falsePositives.QuerySelector("a")!.TextContent.Trim());

        // The weekly chart's numbers, each a link to the issues of that week: the two opened in the current one.
        var weeks = cut.FindAll("[data-testid=weekly-figures] tbody tr");
        var current = weeks.Last();
        var links = current.QuerySelectorAll("a");
        Assert.Equal(["2", "1"], links.Select(a => a.TextContent.Trim()));
        Assert.All(weeks.SkipLast(1), w => Assert.Equal(["0", "0"], w.QuerySelectorAll("a").Select(a => a.TextContent.Trim())));
        var opened = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost/"), links[0].GetAttribute("href")!).Query);
        var (from, to) = (DateTime.Parse(opened["created_from"]!, null, System.Globalization.DateTimeStyles.AdjustToUniversal),
            DateTime.Parse(opened["created_to"]!, null, System.Globalization.DateTimeStyles.AdjustToUniversal));
        Assert.InRange(done.CreatedAt, from, to);
        Assert.True(to - from <= TimeSpan.FromDays(7), $"A week's link spans {to - from}.");
        Assert.Contains("status=resolved", links[1].GetAttribute("href"));
        Assert.Contains("resolved_from=", links[1].GetAttribute("href"));
    }

    [Fact]
    public async Task Board_OrdersBySoonestSlaDeadline_WhenAsked_AndTheButtonSwitchesIt()
    {
        // Arrange: medium must be resolved within an hour, high within a week, so SLA order is not priority order.
        var team = await Db.Data.TeamAsync();
        await Db.Get<SlaService>().SetAsync(team.Space.Id, new SpaceSlaDto
        {
            High = new SlaTargetDto { Resolve = "P7D" },
            Medium = new SlaTargetDto { Resolve = "PT1H" },
        }, team.Admin.Id);
        var high = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Slow burner", priority: IssuePriority.High);
        var medium = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Due in an hour", priority: IssuePriority.Medium);
        SignIn(team.Member);
        RenderProviders();
        string[] OpenKeys(IRenderedComponent<Web.Components.Pages.Board.BoardPage> board) =>
            board.FindAll("[data-testid=column-Open] [data-testid=issue-card]").Select(c => c.GetAttribute("data-key")!).ToArray();

        // Act
        var byPriority = RenderAt<Web.Components.Pages.Board.BoardPage>($"/?space_id={team.Space.Id}");
        byPriority.WaitForAssertion(() => Assert.Equal([high.Key, medium.Key], OpenKeys(byPriority)));
        byPriority.Find("[data-testid=order-sla]").Click();

        // Assert: the button puts the order in the address; the board so addressed shows the soonest deadline first.
        Assert.EndsWith("sort=sla", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
        var bySla = RenderAt<Web.Components.Pages.Board.BoardPage>($"/?space_id={team.Space.Id}&order=sla");
        bySla.WaitForAssertion(() => Assert.Equal([medium.Key, high.Key], OpenKeys(bySla)));
        Assert.Equal("true", bySla.Find("[data-testid=order-sla]").GetAttribute("aria-pressed"));
        Assert.Equal("1 h left", bySla.Find($"[data-key={medium.Key}] [data-testid=sla]").TextContent.Trim());
    }
}

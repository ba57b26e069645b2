using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Pages.Issues;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Components;

public sealed class NewIssueDialogTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    private async Task<(IRenderedComponent<MudProviders> Providers, Task<IssueDto?> Result)> OpenAsync(NewIssuePrefill? prefill = null)
    {
        var providers = RenderProviders();
        Task<IssueDto?> result = Task.FromResult<IssueDto?>(null);
        await providers.InvokeAsync(() => { result = Services.GetRequiredService<IssueDialogs>().NewIssueAsync(prefill); });
        providers.WaitForAssertion(() => Assert.NotNull(providers.Find("input[data-testid=new-issue-title]")));
        return (providers, result);
    }

    private static void Click(IRenderedComponent<MudProviders> providers, string text) =>
        providers.FindAll("button").Single(b => b.TextContent.Trim() == text).Click();

    [Fact]
    public async Task TitleCounter_CountsCharactersAsTheServerDoes_AnEmojiIsOne()
    {
        var team = await Db.Data.TeamAsync();
        SignIn(team.Member);
        var (providers, _) = await OpenAsync(new NewIssuePrefill(SpaceId: team.Space.Id));

        providers.Find("input[data-testid=new-issue-title]").Input(string.Concat(Enumerable.Repeat("🚨", 200)));
        providers.WaitForAssertion(() => Assert.Contains("200 / 200", providers.Markup));
        Assert.DoesNotContain("At most 200 characters", providers.Markup);
        providers.Find("input[data-testid=new-issue-title]").Input(string.Concat(Enumerable.Repeat("🚨", 201)));

        providers.WaitForAssertion(() => Assert.Contains("At most 200 characters; this is 201.", providers.Markup));
    }

    [Fact]
    public async Task Create_WithoutTitle_ShowsTheServicesMessageAndCreatesNothing()
    {
        var team = await Db.Data.TeamAsync();
        SignIn(team.Member);
        var (providers, result) = await OpenAsync(new NewIssuePrefill(SpaceId: team.Space.Id));

        Click(providers, "Create issue");

        providers.WaitForAssertion(() => Assert.Contains("Title is required.", providers.Markup));
        Assert.False(result.IsCompleted);
        Assert.Equal(0, (await Db.Get<IssueService>().ListAsync(new IssueQuery { SpaceId = team.Space.Id }, team.Member.Id)).Total);
    }

    [Fact]
    public async Task Description_OffersTheSpacesPeopleAfterAt_AndTheMentionedPersonHearsOfIt()
    {
        var team = await Db.Data.TeamAsync();
        SignIn(team.Member);
        var (providers, result) = await OpenAsync(new NewIssuePrefill(SpaceId: team.Space.Id));
        providers.Find("input[data-testid=new-issue-title]").Input("Orders are late");

        providers.Find("textarea[data-testid=new-issue-description]").Input("Seen by @vic");
        providers.WaitForAssertion(() => Assert.Single(providers.FindAll("[data-testid=mention-picker] [role=option]")));
        providers.Find("[data-testid=mention-picker] [role=option]").Click();
        Click(providers, "Create issue");

        var issue = await result.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal($"Seen by @{team.Viewer.Handle} ", issue!.Description);
        var inbox = await Db.Get<NotificationService>().ListAsync(team.Viewer.Id, unreadOnly: true, 1, 10);
        Assert.Equal("mentioned you in the description", Assert.Single(inbox.Items).Summary);
    }

    [Fact]
    public async Task Create_WithTitleAndDescription_CreatesTheIssueAndClosesWithIt()
    {
        var team = await Db.Data.TeamAsync();
        SignIn(team.Member);
        var (providers, result) = await OpenAsync(new NewIssuePrefill(SpaceId: team.Space.Id, ProductId: team.Product.Id));

        providers.Find("input[data-testid=new-issue-title]").Input("Missing transactions for Jan 14");
        providers.Find("textarea[data-testid=new-issue-description]").Input("## Summary\n\nNo rows loaded.");
        Click(providers, "Create issue");

        var issue = await result.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(issue);
        Assert.Equal("Missing transactions for Jan 14", issue.Title);
        Assert.Equal("## Summary\n\nNo rows loaded.", issue.Description);
        Assert.Equal(team.Product.Id, issue.Product?.Id);
        Assert.Equal(team.Member.Id, issue.Reporter.Id);
        providers.WaitForAssertion(() => Assert.Contains($"Created {issue.Key}", providers.Markup));
        Assert.Empty(providers.FindAll("[data-testid=new-issue-dialog]"));
    }

    [Fact]
    public async Task Dialog_ForAViewerOnly_SaysSoAndOffersNoSpace()
    {
        var team = await Db.Data.TeamAsync();
        SignIn(team.Viewer);
        var providers = RenderProviders();

        await providers.InvokeAsync(() => { _ = Services.GetRequiredService<IssueDialogs>().NewIssueAsync(); });

        providers.WaitForAssertion(() => Assert.Contains("not a member of any space you can create issues in", providers.Markup));
        Assert.True(providers.FindAll("button").Single(b => b.TextContent.Trim() == "Create issue").HasAttribute("disabled"));
    }
}

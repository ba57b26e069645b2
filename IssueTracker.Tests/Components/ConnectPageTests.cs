using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Pages.Connect;

namespace IssueTracker.Tests.Components;

/// <summary>The "Connect your checks" page: the exact command for the space, for the people who may report to it.</summary>
public sealed class ConnectPageTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Member_SeesTheDbtCommand_WithTheSpaceAskedFor_AndWhereToMakeAToken()
    {
        var team = await Db.Data.TeamAsync();
        var other = await Db.Data.SpaceAsync(team.Admin.Id, name: "Finance");
        await Db.Data.MemberAsync(other.Id, team.Member.Id, SpaceRole.Member, team.Admin.Id);
        SignIn(team.Member);

        var cut = RenderAt<ConnectPage>($"/connect?space_id={team.Space.Id}");

        cut.WaitForAssertion(() => Assert.Contains($"/api/connectors/dbt?space={team.Space.Key}", cut.Find("[data-testid=connect-dbt-command]").TextContent));
        var command = cut.Find("[data-testid=connect-dbt-command]").TextContent;
        Assert.Contains("-F run_results=@target/run_results.json -F manifest=@target/manifest.json", command);
        Assert.Contains("Authorization: Bearer $ISSUETRACKER_TOKEN", command);
        Assert.Equal("tokens", cut.FindAll("a").Single(a => a.TextContent.Contains("Tokens page")).GetAttribute("href"));
        Assert.NotNull(cut.Find("button[aria-label='Copy the dbt command']"));
        Assert.Contains($"/api/connectors/great-expectations?space={team.Space.Key}", cut.Find("[data-testid=connect-gx-command]").TextContent);
        Assert.Contains("--data-binary @soda_results.json", cut.Find("[data-testid=connect-soda-command]").TextContent);
    }

    [Fact]
    public async Task ViewerOnly_IsToldTheyCannotReportYet()
    {
        var team = await Db.Data.TeamAsync();
        SignIn(team.Viewer);

        var cut = RenderAt<ConnectPage>("/connect");

        cut.WaitForAssertion(() => Assert.Contains("you are a member of none yet", cut.Find("[data-testid=connect-no-space]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=connect-dbt-command]"));
    }
}

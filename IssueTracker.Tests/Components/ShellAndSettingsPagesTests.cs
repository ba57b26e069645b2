using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Layout;
using IssueTracker.Web.Components.Pages.Spaces;
using IssueTracker.Web.Components.Pages.Tokens;
using IssueTracker.Web.Domain;
using IssueTracker.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Components;

public sealed class ShellAndSettingsPagesTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public async Task GlobalSearch_AKeyOpensTheIssue_TextListsMatches()
    {
        var team = await Db.Data.TeamAsync();
        var issue = await Db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        SignIn(team.Member);
        var cut = Render<GlobalSearch>();

        cut.Find("input").Input(issue.Key.ToLowerInvariant());
        cut.Find("input").KeyDown(new KeyboardEventArgs { Key = "Enter" });
        cut.WaitForAssertion(() => Assert.EndsWith($"/issues/{issue.Id}", Navigation.Uri));

        cut.Find("input").Input("null rate");
        cut.Find("input").KeyDown(new KeyboardEventArgs { Key = "Enter" });
        cut.WaitForAssertion(() => Assert.EndsWith("/issues?q=null%20rate", Navigation.Uri));
    }

    [Fact]
    public async Task Tokens_CreatedValueIsShownOnce_AndRevokeRemovesIt()
    {
        var user = await Db.Data.UserAsync("Token Owner");
        SignIn(user);
        RenderProviders();
        var cut = Render<TokensPage>();

        cut.WaitForAssertion(() => Assert.Contains("No tokens yet.", cut.Markup));
        // The field a person finds by its label.
        var label = cut.FindAll("label").Single(l => l.TextContent.Trim() == "Token name");
        cut.Find($"#{label.GetAttribute("for")}").Change("dbt monitor");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Create token").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("itk_", cut.Find("[data-testid=token-value]").TextContent));
        var value = cut.Find("[data-testid=token-value]").TextContent;
        Assert.Equal(user.Id, await Db.Get<TokenService>().AuthenticateAsync(value));
        Assert.Contains("dbt monitor", cut.Find("[data-testid=token-table]").TextContent);
        Assert.DoesNotContain(value, cut.Find("[data-testid=token-table]").TextContent);
    }

    [Fact]
    public async Task Spaces_AdminSeesMembersWithRoleControls_MemberReadsRolesOnly()
    {
        var team = await Db.Data.TeamAsync();
        SignIn(team.Member);
        RenderProviders();

        var cut = RenderAt<SpacesPage>($"/spaces?space={team.Space.Id}");

        cut.WaitForAssertion(() => Assert.Contains("Members of Customer Data", cut.Find("[data-testid=members]").TextContent));
        var members = cut.Find("[data-testid=members]").TextContent;
        Assert.Contains("Alice Admin", members);
        Assert.Contains("Viewer", members);
        Assert.Empty(cut.FindAll("button[aria-label^='Remove']"));
        Assert.DoesNotContain("Create space", cut.Markup);
    }

    [Fact]
    public async Task Spaces_InstanceAdminCreatesASpace_WithServiceValidation()
    {
        var root = await Db.Data.UserAsync("Root Admin", admin: true);
        SignIn(root);
        RenderProviders();
        var cut = RenderAt<SpacesPage>("/spaces");
        cut.WaitForAssertion(() => Assert.Contains("New space", cut.Markup));

        cut.FindAll("input")[^2].Change("Quality");
        cut.FindAll("input")[^1].Change("q1");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Create space").Click();
        cut.WaitForAssertion(() => Assert.Contains("Key must be 2 to 10 upper-case letters or digits", cut.Markup));

        var key = "Q" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        cut.FindAll("input")[^1].Change(key);
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Create space").Click();
        cut.WaitForAssertion(() => Assert.Contains($"Quality ({key})", cut.Find("[data-testid=space-list]").TextContent));
        var spaces = await Db.Get<SpaceService>().ListAsync(1, 100, root.Id);
        Assert.Contains(spaces.Items, s => s.Key == key && s.Name == "Quality" && s.Role == SpaceRole.Admin);
    }
}

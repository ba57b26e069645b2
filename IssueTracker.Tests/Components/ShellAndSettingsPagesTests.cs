using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Layout;
using IssueTracker.Web.Components.Pages.Spaces;
using IssueTracker.Web.Components.Pages.Tokens;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Components;

public sealed class ShellAndSettingsPagesTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void NavMenu_MarksThePageYouAreOn_AndFollowsNavigation()
    {
        // Arrange
        RenderInteractively();
        Navigation.NavigateTo("issues/0198c6a4-0000-7000-8000-000000000001?tab=history");
        var menu = Render<NavMenu>();
        string? Current() => menu.FindAll("a[aria-current=page]").SingleOrDefault()?.TextContent.Trim();

        // Assert: a page under Issues marks Issues, not the board (which matches only its own address).
        Assert.Equal("Issues", Current());
        Assert.Contains("active", menu.Find("a[aria-current=page]").ClassList);

        // Act + Assert
        Navigation.NavigateTo("");
        menu.WaitForAssertion(() => Assert.Equal("Board", Current()));
        Navigation.NavigateTo("insightsx");
        menu.WaitForAssertion(() => Assert.Null(Current()));
        Navigation.NavigateTo("alerts");
        menu.WaitForAssertion(() => Assert.Equal("Alerts", Current()));
    }

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
    public async Task Spaces_AdminRenamesAndArchivesTheSpace_ABlankNameIsRefusedVisibly_AndShowArchivedListsIt()
    {
        var team = await Db.Data.TeamAsync();
        SignIn(team.Admin);
        RenderProviders();
        var cut = RenderAt<SpacesPage>($"/spaces?space={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Contains($"About {team.Space.Name}", cut.Find("[data-testid=space-settings]").TextContent));

        Field(cut, "Space name").Change("  ");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();
        cut.WaitForAssertion(() => Assert.Contains("Name is required.", cut.Find("[data-testid=space-settings]").TextContent));
        Field(cut, "Space name").Change("Customer 360");
        Field(cut, "Description").Change("Everything about customers");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();
        cut.WaitForAssertion(() => Assert.Contains("Customer 360", cut.Find("[data-testid=space-list]").TextContent));
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Archive space").Click();
        cut.WaitForAssertion(() => Assert.Contains("Unarchive space", cut.Find("[data-testid=space-settings]").TextContent));
        var active = (await Db.Get<SpaceService>().ListAsync(1, 100, team.Admin.Id)).Items;
        cut.Find("input[type=checkbox]").Change(true);

        Assert.DoesNotContain(active, s => s.Id == team.Space.Id);
        cut.WaitForAssertion(() => Assert.Contains("Customer 360", cut.Find("[data-testid=space-list]").TextContent));
        var saved = await Db.Get<SpaceService>().GetAsync(team.Space.Id, team.Admin.Id);
        Assert.Equal(("Customer 360", "Everything about customers"), (saved!.Name, saved.Description));
        Assert.NotNull(saved.ArchivedAt);
    }

    [Fact]
    public async Task Spaces_InstanceAdminCreatesASpace_WithServiceValidation()
    {
        var root = await Db.Data.UserAsync("Root Admin", admin: true);
        SignIn(root);
        RenderProviders();
        var cut = RenderAt<SpacesPage>("/spaces");
        cut.WaitForAssertion(() => Assert.Contains("New space", cut.Markup));

        Field(cut, "Name").Change("Quality");
        Field(cut, "Key").Change("q1");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Create space").Click();
        cut.WaitForAssertion(() => Assert.Contains("Key must be 2 to 10 upper-case letters or digits", cut.Markup));

        var key = "Q" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        Field(cut, "Key").Change(key);
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Create space").Click();
        cut.WaitForAssertion(() => Assert.Contains($"Quality ({key})", cut.Find("[data-testid=space-list]").TextContent));
        var spaces = await Db.Get<SpaceService>().ListAsync(1, 100, root.Id);
        Assert.Contains(spaces.Items, s => s.Key == key && s.Name == "Quality" && s.Role == SpaceRole.Admin);
    }

    [Fact]
    public async Task Spaces_AdminSetsTheSla_ABadDurationIsNamedAndChangesNothing_AViewerOnlyReadsIt()
    {
        // Arrange
        var team = await Db.Data.TeamAsync();
        SignIn(team.Admin);
        RenderProviders();
        var cut = RenderAt<SpacesPage>($"/spaces?space={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Contains($"SLA of {team.Space.Name}", cut.Find("[data-testid=sla-settings]").TextContent));

        // Act: a duration that is not one, then good ones.
        Field(cut, "Critical: acknowledge within").Change("half an hour");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save SLA").Click();

        // Assert: the field says what is wrong, and nothing was saved.
        cut.WaitForAssertion(() => Assert.Contains("Expected a duration such as 30m", cut.Find("[data-testid=sla-settings]").TextContent));
        Assert.Null((await Db.Get<SlaService>().GetAsync(team.Space.Id, team.Admin.Id))?.Critical);

        Field(cut, "Critical: acknowledge within").Change("30m");
        Field(cut, "Critical: resolve within").Change("4h");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save SLA").Click();
        cut.WaitForAssertion(() => Assert.DoesNotContain("Expected a duration such as 30m", cut.Find("[data-testid=sla-settings]").TextContent));
        var saved = await Db.Get<SlaService>().GetAsync(team.Space.Id, team.Admin.Id);
        Assert.Equal(("PT30M", "PT4H"), (saved!.Critical!.Acknowledge, saved.Critical.Resolve));

        // A viewer reads the same SLA and has nothing to save.
        SignIn(team.Viewer);
        var read = RenderAt<SpacesPage>($"/spaces?space={team.Space.Id}");
        read.WaitForAssertion(() => Assert.Equal("30m", Field(read, "Critical: acknowledge within").GetAttribute("value")));
        Assert.NotNull(Field(read, "Critical: acknowledge within").GetAttribute("readonly"));
        Assert.DoesNotContain(read.FindAll("button"), b => b.TextContent.Trim() == "Save SLA");
    }

    [Fact]
    public async Task Spaces_AdminAddsAWebhook_SeesItsSecretOnce_AndItsDeliveries()
    {
        // Arrange
        var team = await Db.Data.TeamAsync();
        SignIn(team.Admin);
        var providers = RenderProviders();
        var cut = RenderAt<SpacesPage>($"/spaces?space={team.Space.Id}");
        cut.WaitForAssertion(() => Assert.Contains("Webhooks of", cut.Find("[data-testid=webhooks]").TextContent));

        // Act: a bad address first, then a good one.
        Field(cut, "Payload URL").Change("http://127.0.0.1/hook");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Add webhook").Click();
        cut.WaitForAssertion(() => Assert.Contains(WebhookAddresses.Unreachable, cut.Find("[data-testid=webhooks]").TextContent));
        Field(cut, "Payload URL").Change("http://93.184.215.14/hook");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Add webhook").Click();

        // Assert: listed, with the secret shown once; a ping shows in its deliveries.
        cut.WaitForAssertion(() => Assert.StartsWith("Webhook added.", cut.Find("[data-testid=webhook-secret]").TextContent.Trim()));
        Assert.Contains("whsec_", cut.Find("[data-testid=webhook-secret] code").TextContent);
        Assert.Equal("http://93.184.215.14/hook", cut.Find("[data-testid=webhook] code").TextContent);
        cut.Find("button[aria-label='Ping http://93.184.215.14/hook']").Click();
        cut.Find("button[aria-label='Deliveries of http://93.184.215.14/hook']").Click();
        cut.WaitForAssertion(() => Assert.Contains("ping", cut.Find("[data-testid=delivery]").TextContent));
        Assert.Contains("Queued", cut.Find("[data-testid=delivery]").TextContent);
        Assert.Contains($"Sends as {team.Admin.Name}", cut.Find("[data-testid=webhook]").TextContent);

        // A new secret: shown once, saying the old one signs for a day too.
        cut.Find("button[aria-label='New secret for http://93.184.215.14/hook']").Click();
        providers.WaitForAssertion(() => providers.FindAll("button").Single(b => b.TextContent.Trim() == "New secret").Click());
        cut.WaitForAssertion(() => Assert.StartsWith("New signing secret", cut.Find("[data-testid=webhook-secret]").TextContent.Trim()));
        Assert.Contains("whsec_", cut.Find("[data-testid=webhook-secret] code").TextContent);

        // Deleted while its deliveries are open: it goes, with its log, and the page stays.
        cut.Find("button[aria-label='Delete webhook http://93.184.215.14/hook']").Click();
        providers.WaitForAssertion(() => providers.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=webhook]")));
        Assert.Empty(cut.FindAll("[data-testid=deliveries]"));
        Assert.Empty(await Db.Get<WebhookService>().ListAsync(team.Space.Id, team.Admin.Id));
    }

    [Fact]
    public async Task Spaces_AMemberSeesNoWebhooks()
    {
        var team = await Db.Data.TeamAsync();
        SignIn(team.Member);
        RenderProviders();

        var cut = RenderAt<SpacesPage>($"/spaces?space={team.Space.Id}");

        cut.WaitForAssertion(() => Assert.Contains("Members of", cut.Markup));
        Assert.Empty(cut.FindAll("[data-testid=webhooks]"));
    }
}

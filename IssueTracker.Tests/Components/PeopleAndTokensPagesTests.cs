using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Pages.Tokens;
using IssueTracker.Web.Components.Pages.Users;

namespace IssueTracker.Tests.Components;

public sealed class PeopleAndTokensPagesTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    [Fact]
    public async Task People_AdminDeactivatesSomeone_TheirTokenStops_AndReactivates()
    {
        // Arrange
        var admin = await Db.Data.UserAsync("Instance Admin", admin: true);
        var person = await Db.Data.UserAsync("Leaving Person");
        var token = await Db.Get<TokenService>().CreateAsync(new() { Name = "cron" }, person.Id);
        SignIn(admin);
        var providers = RenderProviders();
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Contains(person.Email, cut.Find("[data-testid=people-table]").TextContent));

        // Act
        cut.FindAll("button").Single(b => b.GetAttribute("aria-label") == "Deactivate Leaving Person").Click();
        providers.WaitForAssertion(() => providers.FindAll("button").Single(b => b.TextContent.Trim() == "Deactivate").Click());

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("Deactivated", Row(cut, person.Email).QuerySelector("[data-testid=person-status]")!.TextContent));
        Assert.Null(await Db.Get<TokenService>().AuthenticateAsync(token.Token));
        Row(cut, person.Email).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Reactivate").Click();
        cut.WaitForAssertion(() => Assert.Equal("Active", Row(cut, person.Email).QuerySelector("[data-testid=person-status]")!.TextContent));
        Assert.Equal(person.Id, await Db.Get<TokenService>().AuthenticateAsync(token.Token));
    }

    [Fact]
    public async Task People_AdminSetsAHandle_ATakenOneIsRefusedByName()
    {
        // Arrange
        var admin = await Db.Data.UserAsync("Handle Admin", admin: true);
        var person = await Db.Data.UserAsync("Priya Patel");
        SignIn(admin);
        RenderProviders();
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Contains(person.Email, cut.Markup));

        // Act
        cut.FindAll("button").Single(b => b.GetAttribute("aria-label") == "Change the handle of Priya Patel").Click();
        var label = cut.FindAll("label").Single(l => l.TextContent.Trim() == "Handle of Priya Patel");
        cut.Find($"#{label.GetAttribute("for")}").Change("Not valid!");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();
        cut.WaitForAssertion(() => Assert.Contains("2 to 32 lower-case letters", cut.Markup));
        cut.Find($"#{label.GetAttribute("for")}").Change("priya");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("@priya", Row(cut, person.Email).TextContent));
    }

    [Fact]
    public async Task People_NotForSomeoneWhoIsNotAnAdmin()
    {
        // Arrange
        var person = await Db.Data.UserAsync("Curious Member");
        SignIn(person);

        // Act
        var cut = Render<UsersPage>();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Only an instance administrator can manage people.", cut.Markup));
        Assert.Empty(cut.FindAll("[data-testid=people-table]"));
    }

    [Fact]
    public async Task Tokens_APersonPicksScopes_TheTokenHasExactlyThose()
    {
        // Arrange
        var user = await Db.Data.UserAsync("Scope Picker");
        SignIn(user);
        RenderProviders();
        var cut = Render<TokensPage>();
        cut.WaitForAssertion(() => Assert.Contains("No tokens yet.", cut.Markup));

        // Act: leave read, untick write.
        var label = cut.FindAll("label").Single(l => l.TextContent.Trim() == "Token name");
        cut.Find($"#{label.GetAttribute("for")}").Change("dashboard reader");
        var scopes = cut.Find("[data-testid=token-scopes]");
        scopes.QuerySelectorAll("label").Single(l => l.TextContent.Contains("write:")).QuerySelector("input")!.Change(false);
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Create token").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.StartsWith("itk_", cut.Find("[data-testid=token-value]").TextContent));
        var grant = await Db.Get<TokenService>().AuthenticateTokenAsync(cut.Find("[data-testid=token-value]").TextContent);
        Assert.Equal([TokenScope.Read], grant!.Scopes);
        Assert.Contains("read", cut.Find("[data-testid=token-table]").TextContent);
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<UsersPage> cut, string email) =>
        cut.FindAll("[data-testid=person]").Single(r => r.GetAttribute("data-email") == email);
}

using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Account;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IssueTracker.Tests.Api;

/// <summary>README, "Security": scopes, what a token may mint, deactivation, handles.</summary>
public sealed class AccountsApiTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    [Fact]
    public async Task DefaultToken_ReadsAndWrites_ButAnAdminRouteIs403NamingTheScope()
    {
        // Arrange: a space admin whose new token has the default scopes.
        var team = await app.TeamAsync();
        var created = await ApiAssert.JsonAsync(await team.Admin.Client.PostAsJsonAsync("/api/tokens", new { name = "monitor" }), HttpStatusCode.Created);
        var token = app.WithToken(created.GetProperty("token").GetString()!);

        // Act
        var read = await token.GetAsync($"/api/issues?space_id={team.Space.Id}");
        var write = await token.PostAsJsonAsync("/api/issues", new { title = "Nulls in customer_id", space_id = team.Space.Id });
        var admin = await token.PostAsJsonAsync("/api/products", new { name = "Orders", space_id = team.Space.Id });

        // Assert
        Assert.Equal(["read", "write"], created.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        var problem = await ApiAssert.ProblemAsync(admin, HttpStatusCode.Forbidden);
        Assert.Equal("admin", problem.GetProperty("required_scope").GetString());
    }

    [Fact]
    public async Task ReadOnlyToken_CannotWrite_EvenWithABadBody()
    {
        // Arrange
        var team = await app.TeamAsync();
        var reader = await app.UserAsync("Read Only", TokenScope.Read);
        await app.Data.MemberAsync(team.Space.Id, reader.User.Id, SpaceRole.Member, team.Admin.User.Id);

        // Act
        var list = await reader.Client.GetAsync($"/api/issues?space_id={team.Space.Id}");
        var create = await reader.Client.PostAsync("/api/issues", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        // Assert
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("write", (await ApiAssert.ProblemAsync(create, HttpStatusCode.Forbidden)).GetProperty("required_scope").GetString());
    }

    [Fact]
    public async Task Token_MintsOnlyWithinItsScopesAndExpiry()
    {
        // Arrange: a read-and-write token that expires in 2099 (creating a token is a write).
        var caller = await app.UserAsync("Minting Token");
        var limited = await ApiAssert.JsonAsync(await caller.Client.PostAsJsonAsync("/api/tokens",
            new { name = "limited", expires_at = "2099-01-01T00:00:00Z" }), HttpStatusCode.Created);
        var client = app.WithToken(limited.GetProperty("token").GetString()!);

        // Act
        var wider = await client.PostAsJsonAsync("/api/tokens", new { name = "wider", scopes = new[] { "read", "admin" } });
        var later = await client.PostAsJsonAsync("/api/tokens", new { name = "later", scopes = new[] { "read" }, expires_at = "2100-01-01T00:00:00Z" });
        var within = await client.PostAsJsonAsync("/api/tokens", new { name = "within", scopes = new[] { "read" } });

        // Assert
        var scopeError = await ApiAssert.ValidationAsync(wider, "scopes");
        Assert.Contains("admin", scopeError.GetProperty("errors").GetProperty("scopes")[0].GetString());
        await ApiAssert.ValidationAsync(later, "expires_at");
        var minted = await ApiAssert.JsonAsync(within, HttpStatusCode.Created);
        Assert.Equal("2099-01-01T00:00:00Z", minted.GetProperty("expires_at").GetString());
        Assert.Equal(["read"], minted.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Deactivate_TokensAnswer401AtOnce_SignInRefused_ReactivateRestores()
    {
        // Arrange
        var person = await app.UserAsync("Leaving Person");
        var email = person.User.Email;
        Assert.Equal(HttpStatusCode.OK, (await person.Client.GetAsync("/api/me")).StatusCode);

        // Act
        var deactivated = await app.Admin().PostAsync($"/api/users/{person.User.Id}/deactivate", null);
        var afterwards = await person.Client.GetAsync("/api/me");
        var signIn = await IssueTrackerFactory.SubmitSignInAsync(app.Anonymous(), email, TestData.Password);
        var listed = await ApiAssert.JsonAsync(await app.Admin().GetAsync("/api/users?size=100"));
        var reactivated = await app.Admin().PostAsync($"/api/users/{person.User.Id}/reactivate", null);

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, deactivated.StatusCode);
        await ApiAssert.ProblemAsync(afterwards, HttpStatusCode.Unauthorized);
        Assert.Contains("Lockout", signIn.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.NoContent, reactivated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.Client.GetAsync("/api/me")).StatusCode);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), u => u.GetProperty("id").GetGuid() == person.User.Id);
    }

    [Fact]
    public async Task Deactivate_OnlyByAnInstanceAdmin_NeverOneself_NeverTheMonitor()
    {
        // Arrange
        var person = await app.UserAsync("Ordinary Person");
        var other = await app.UserAsync("Another Person");
        var adminId = await app.AdminIdAsync();

        // Act
        var byPerson = await person.Client.PostAsync($"/api/users/{other.User.Id}/deactivate", null);
        var self = await app.Admin().PostAsync($"/api/users/{adminId}/deactivate", null);
        var monitor = await app.Admin().PostAsync($"/api/users/{SystemUsers.QualityMonitorId}/deactivate", null);
        var unknown = await app.Admin().PostAsync($"/api/users/{Guid.NewGuid()}/deactivate", null);

        // Assert
        await ApiAssert.ProblemAsync(byPerson, HttpStatusCode.Forbidden);
        await ApiAssert.ProblemAsync(self, HttpStatusCode.Conflict);
        await ApiAssert.ProblemAsync(monitor, HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await other.Client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Deactivate_EndsOpenBrowserSessions_AtTheNextRevalidation_WithinAMinute()
    {
        // Arrange
        var person = await app.UserAsync("Session Holder");
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();
        var principal = await signIn.CreateAsync((await users.FindByIdAsync(person.User.Id.ToString()))!);
        var provider = ActivatorUtilities.CreateInstance<IdentityRevalidatingAuthenticationStateProvider>(scope.ServiceProvider);
        var validate = typeof(IdentityRevalidatingAuthenticationStateProvider).GetMethod("ValidateAuthenticationStateAsync", BindingFlags.Instance | BindingFlags.NonPublic)!;
        Task<bool> Valid() => (Task<bool>)validate.Invoke(provider, [new AuthenticationState(principal), CancellationToken.None])!;
        Assert.True(await Valid());

        // Act
        await app.Admin().PostAsync($"/api/users/{person.User.Id}/deactivate", null);

        // Assert
        Assert.False(await Valid());
        var interval = (TimeSpan)typeof(IdentityRevalidatingAuthenticationStateProvider).GetProperty("RevalidationInterval", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(provider)!;
        Assert.True(interval <= TimeSpan.FromMinutes(1));
        Assert.True(app.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval <= TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Handle_DefaultFromEmail_Unique_SetByAdminOrSelf()
    {
        // Arrange
        var person = await app.UserAsync("Handle Person");
        var other = await app.UserAsync("Other Person");
        var me = await ApiAssert.JsonAsync(await person.Client.GetAsync("/api/me"));

        // Act
        var own = await person.Client.PatchAsJsonAsync($"/api/users/{person.User.Id}", new { handle = "handle.person" });
        var taken = await other.Client.PatchAsJsonAsync($"/api/users/{other.User.Id}", new { handle = "handle.person" });
        var invalid = await other.Client.PatchAsJsonAsync($"/api/users/{other.User.Id}", new { handle = "Not Valid!" });
        var someoneElse = await other.Client.PatchAsJsonAsync($"/api/users/{person.User.Id}", new { handle = "stolen" });
        var byAdmin = await app.Admin().PatchAsJsonAsync($"/api/users/{other.User.Id}", new { handle = "other" });

        // Assert
        Assert.StartsWith("handle.person.", me.GetProperty("handle").GetString());
        Assert.Matches(Web.Accounts.Handles.Pattern(), me.GetProperty("handle").GetString()!);
        Assert.Equal("handle.person", (await ApiAssert.JsonAsync(own)).GetProperty("handle").GetString());
        await ApiAssert.ValidationAsync(taken, "handle");
        await ApiAssert.ValidationAsync(invalid, "handle");
        await ApiAssert.ProblemAsync(someoneElse, HttpStatusCode.Forbidden);
        Assert.Equal("other", (await ApiAssert.JsonAsync(byAdmin)).GetProperty("handle").GetString());
    }
}

/// <summary>A person who acted deletes their account: it works, and what they did stays as "Deleted user".</summary>
public sealed class DeleteAccountTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    [Fact]
    public async Task DeleteOwnAccount_AfterActing_IsAnonymised_NotA500()
    {
        // Arrange: Jane reported an issue, commented and is assigned one.
        var team = await app.TeamAsync();
        var issue = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/issues",
            new { title = "Nulls in customer_id", space_id = team.Space.Id, assignee_id = team.Member.User.Id }), HttpStatusCode.Created);
        var id = issue.GetProperty("id").GetGuid();
        await team.Member.Client.PostAsJsonAsync($"/api/issues/{id}/comments", new { content = "Looking into it" });
        var browser = await app.SignedInAsync(team.Member.User.Email, TestData.Password);

        // Act
        var deleted = await IssueTrackerFactory.SubmitFormAsync(browser, "/Account/Manage/DeletePersonalData", "delete-user", new() { ["Input.Password"] = TestData.Password });

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var after = await ApiAssert.JsonAsync(await team.Admin.Client.GetAsync($"/api/issues/{id}"));
        Assert.Equal("Deleted user", after.GetProperty("reporter").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("assignee").ValueKind);
        var comments = await ApiAssert.JsonAsync(await team.Admin.Client.GetAsync($"/api/issues/{id}/comments"));
        Assert.Equal("Deleted user", comments.GetProperty("items")[0].GetProperty("author").GetProperty("name").GetString());
        await ApiAssert.ProblemAsync(await team.Member.Client.GetAsync("/api/me"), HttpStatusCode.Unauthorized);
        Assert.NotEqual(HttpStatusCode.Redirect, (await IssueTrackerFactory.SubmitSignInAsync(app.Anonymous(), team.Member.User.Email, TestData.Password)).StatusCode);
        var members = await ApiAssert.JsonAsync(await team.Admin.Client.GetAsync($"/api/spaces/{team.Space.Id}/members"));
        Assert.DoesNotContain(members.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetGuid() == team.Member.User.Id);
    }
}

/// <summary>The configured (bootstrap) token, revoked, stays revoked when the app starts again.</summary>
public sealed class BootstrapTokenTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    [Fact]
    public async Task RevokedBootstrapToken_StaysRevokedAfterTheStartUpRunsAgain()
    {
        // Arrange
        var tokens = await ApiAssert.JsonAsync(await app.Admin().GetAsync("/api/tokens"));
        var bootstrap = tokens.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Configured admin token");
        Assert.Equal(["read", "write", "admin"], bootstrap.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        // Act
        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin().DeleteAsync($"/api/tokens/{bootstrap.GetProperty("id")}")).StatusCode);
        using (var scope = app.Services.CreateScope())
            await Web.Setup.AdminBootstrap.RunAsync(scope.ServiceProvider, CancellationToken.None);

        // Assert
        await ApiAssert.ProblemAsync(await app.Admin().GetAsync("/api/me"), HttpStatusCode.Unauthorized);
    }
}

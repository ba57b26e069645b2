using System.Net;
using System.Net.Http.Json;
using IssueTracker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Api;

public sealed class AuthApiTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    [Theory]
    [InlineData("GET", "/api/issues")]
    [InlineData("POST", "/api/issues")]
    [InlineData("GET", "/api/me")]
    [InlineData("GET", "/api/tokens")]
    public async Task NoCredentials_Is401ProblemNotARedirect(string method, string path)
    {
        var response = await app.Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { title = "x" }) });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task UnknownToken_Is401()
    {
        var response = await app.WithToken("itk_not_a_real_token").GetAsync("/api/me");

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task BearerToken_IdentifiesItsUser()
    {
        var caller = await app.UserAsync("Bob Smith");

        var me = await ApiAssert.JsonAsync(await caller.Client.GetAsync("/api/me"));

        Assert.Equal(["id", "name", "handle", "email", "avatar_url", "is_admin", "spaces"], ApiAssert.Names(me));
        Assert.Equal("Bob Smith", me.GetProperty("name").GetString());
        Assert.False(me.GetProperty("is_admin").GetBoolean());
    }

    [Fact]
    public async Task IdentityCookie_FromTheSignInForm_AuthenticatesTheApi()
    {
        var client = await app.SignedInAsync(IssueTrackerFactory.AdminEmail, IssueTrackerFactory.AdminPassword);

        var me = await ApiAssert.JsonAsync(await client.GetAsync("/api/me"));
        // A browser sends its page's origin with every write.
        var created = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/spaces")
        {
            Content = JsonContent.Create(new { name = "Cookie Space", key = "COOKIE" }),
            Headers = { { "Origin", "http://localhost" } },
        });

        Assert.Equal(IssueTrackerFactory.AdminEmail, me.GetProperty("email").GetString());
        Assert.True(me.GetProperty("is_admin").GetBoolean());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongPasswords_NeverLockTheAccount()
    {
        // Arrange: a stranger's wrong guesses used to lock anyone out after five.
        var user = await app.Data.UserAsync("Lock Me");
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // Act
        var wrong = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++) wrong.Add(await IssueTrackerFactory.SubmitSignInAsync(client, user.Email, "wrong-password-" + i));
        var right = await IssueTrackerFactory.SubmitSignInAsync(client, user.Email, TestData.Password);

        // Assert
        Assert.All(wrong, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.DoesNotContain("Lockout", right.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Pages_StillRedirectAnonymousVisitorsToSignIn()
    {
        var response = await app.Anonymous().GetAsync("/Account/Manage");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task AdminBootstrap_ConfiguredTokenWorksAndRunsIdempotently()
    {
        using (var scope = app.Services.CreateScope())
            await IssueTracker.Web.Setup.AdminBootstrap.RunAsync(scope.ServiceProvider, CancellationToken.None);

        var me = await ApiAssert.JsonAsync(await app.Admin().GetAsync("/api/me"));
        var tokens = await ApiAssert.JsonAsync(await app.Admin().GetAsync("/api/tokens"));

        Assert.True(me.GetProperty("is_admin").GetBoolean());
        Assert.Equal(1, tokens.GetProperty("items").EnumerateArray().Count(t => t.GetProperty("name").GetString() == "Configured admin token"));
    }

    [Fact]
    public async Task HealthDocsAndOpenApi_AreAnonymous()
    {
        var client = app.Anonymous();

        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
        var docs = await client.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("IssueTracker API", await docs.Content.ReadAsStringAsync());
        var openApi = await ApiAssert.JsonAsync(await client.GetAsync("/openapi/v1.json"));
        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/issues", paths);
        Assert.Contains("/api/issues/{id}/history", paths);
        Assert.Contains("/api/tokens/{id}", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/Account", StringComparison.Ordinal));
        var listParameters = openApi.GetProperty("paths").GetProperty("/api/issues").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Select(p => (p.GetProperty("name").GetString(), p.GetProperty("in").GetString())).ToList();
        Assert.Equal(
            ["space_id", "product_id", "status", "priority", "assignee_id", "reporter_id", "alert_id", "sla", "created_from", "created_to", "updated_from", "updated_to",
             "resolved_from", "resolved_to", "resolution", "q", "sort", "page", "size"],
            listParameters.Select(p => p.Item1));
        Assert.All(listParameters, p => Assert.Equal("query", p.Item2));
        Assert.True(openApi.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
        var schemas = openApi.GetProperty("components").GetProperty("schemas");
        var status = schemas.GetProperty("UpdateIssueRequest").GetProperty("properties").GetProperty("status").GetProperty("$ref").GetString()!;
        // A merge patch's field may be null (clearing it, where allowed), so its schema's list names null too.
        Assert.Equal(["open", "in_progress", "resolved", null], schemas.GetProperty(status.Split('/')[^1]).GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task OpenApi_TheIssueSchema_ListsExactlyWhatAnIssueCarries_AndTheServerIsRelative()
    {
        // Arrange: an issue as GET /api/issues/{id} sends it.
        var team = await app.TeamAsync();
        var created = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/issues", new { title = "Customer ID nulls increased", space_id = team.Space.Id }), HttpStatusCode.Created);
        var issue = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/issues/{created.GetProperty("id").GetString()}"));

        // Act
        var openApi = await ApiAssert.JsonAsync(await app.Anonymous().GetAsync("/openapi/v1.json"));

        // Assert: a client generated with required-property checks accepts the issue (the version was listed as
        // required and never sent), and the document names no one deployment's address.
        var schema = openApi.GetProperty("components").GetProperty("schemas").GetProperty("IssueDto");
        var sent = ApiAssert.Names(issue);
        Assert.Equal(sent.Order(), schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        Assert.All(schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()), r => Assert.Contains(r, sent));
        Assert.Equal(["/"], openApi.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task CookieWrites_NeedThisAppsOrigin_TokenWritesDoNot()
    {
        // Arrange
        var person = await app.UserAsync("Cookie Person");
        var browser = await app.SignedInAsync(person.User.Email, TestData.Password);
        HttpRequestMessage MarkRead(string? origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/notifications/read-all");
            if (origin is not null) request.Headers.Add("Origin", origin);
            return request;
        }

        // Act
        var none = await browser.SendAsync(MarkRead(null));
        var foreign = await browser.SendAsync(MarkRead("https://evil.example"));
        var own = await browser.SendAsync(MarkRead("http://localhost"));
        var script = await person.Client.SendAsync(MarkRead(null));
        var read = await browser.GetAsync("/api/notifications/unread-count");

        // Assert
        await ApiAssert.ProblemAsync(none, HttpStatusCode.Forbidden);
        Assert.Contains("evil.example", (await ApiAssert.ProblemAsync(foreign, HttpStatusCode.Forbidden)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, script.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task SignIn_ADeactivatedAccount_LooksLikeAnyWrongPassword_UnlessThePasswordIsRight()
    {
        // Arrange
        var user = await app.Data.UserAsync("Left The Company");
        await app.Admin().PostAsync($"/api/users/{user.Id}/deactivate", null);

        // Act
        var wrong = await IssueTrackerFactory.SubmitSignInAsync(app.Anonymous(), user.Email, "a-wrong-password");
        var unknown = await IssueTrackerFactory.SubmitSignInAsync(app.Anonymous(), "nobody." + user.Email, "a-wrong-password");
        var right = await IssueTrackerFactory.SubmitSignInAsync(app.Anonymous(), user.Email, TestData.Password);

        // Assert: the same page for a wrong password and an unknown address; the lockout page only with the password.
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Invalid login attempt", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains("Invalid login attempt", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Contains("Lockout", right.Headers.Location?.ToString());
    }

    [Fact]
    public async Task SignIn_AnUnknownAddress_CostsAPasswordHash_AsAWrongPasswordDoes()
    {
        // Arrange: the time a sign-in takes is its password hash; without one, a fast answer said "no such account".
        var user = await app.Data.UserAsync("Timed");
        var before = app.Hasher.Work;
        await IssueTrackerFactory.SubmitSignInAsync(app.Anonymous(), user.Email, "a-wrong-password");
        var forWrong = app.Hasher.Work - before;

        // Act
        before = app.Hasher.Work;
        await IssueTrackerFactory.SubmitSignInAsync(app.Anonymous(), "nobody." + user.Email, "a-wrong-password");
        var forUnknown = app.Hasher.Work - before;

        // Assert
        Assert.Equal(1, forWrong);
        Assert.Equal(forWrong, forUnknown);
    }
}

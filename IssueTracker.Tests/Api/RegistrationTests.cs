using System.Net;
using System.Text.RegularExpressions;
using IssueTracker.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Api;

/// <summary>Self-registration is off by default: the pages do not exist and nothing links to them.</summary>
public sealed class RegistrationClosedTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    [Theory]
    [InlineData("/Account/Register")]
    [InlineData("/Account/RegisterConfirmation?email=admin@test.local")]
    [InlineData("/account/register")]
    [InlineData("/Account/Register/")]
    [InlineData("/Account/RegisterConfirmation/")]
    [InlineData("/ACCOUNT/REGISTER/")]
    [InlineData("/Account/ResendEmailConfirmation")]
    public async Task RegistrationPages_Are404_HoweverSpelled(string path)
    {
        // Act
        var response = await app.Anonymous().GetAsync(path);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/Account/Register")]
    [InlineData("/Account/Register/")]
    [InlineData("/account/REGISTER")]
    public async Task RegisterForm_PostedAnyway_Is404AndCreatesNobody(string path)
    {
        // Act
        var response = await app.Anonymous().PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["Input.Name"] = "Stranger",
            ["Input.Email"] = "stranger@evil.example",
            ["Input.Password"] = "a-long-password-1",
            ["Input.ConfirmPassword"] = "a-long-password-1",
        }));

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var scope = app.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("stranger@evil.example"));
    }

    [Fact]
    public async Task LoginPage_DoesNotOfferRegistration()
    {
        // Act
        var html = await app.Anonymous().GetStringAsync("/Account/Login");

        // Assert
        Assert.DoesNotContain("Account/Register", html);
        Assert.DoesNotContain("Resend email confirmation", html);
    }
}

/// <summary>With <c>IssueTracker:Auth:AllowRegistration</c> on, a new account confirms its email before it can sign in.</summary>
public sealed class RegistrationOpenTests(RegistrationOpenTests.OpenFactory app) : IClassFixture<RegistrationOpenTests.OpenFactory>
{
    public sealed class OpenFactory : IssueTrackerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("IssueTracker:Auth:AllowRegistration", "true");
            builder.UseSetting("IssueTracker:PublicUrl", "https://tracker.example.com");
        }
    }

    [Fact]
    public async Task Register_ATakenEmail_TakesAPasswordHash_AsANewOneDoes()
    {
        // Arrange: hashing is what makes registering slow; a taken address used to skip it, and so answered faster.
        var before = app.Hasher.Work;
        await RegisterAsync(app.Anonymous(), "Fresh", $"fresh.{Guid.NewGuid():N}@example.com");
        var forNew = app.Hasher.Work - before;

        // Act
        before = app.Hasher.Work;
        await RegisterAsync(app.Anonymous(), "Impostor", IssueTrackerFactory.AdminEmail);
        var forTaken = app.Hasher.Work - before;

        // Assert
        Assert.True(forNew >= 1);
        Assert.Equal(forNew, forTaken);
    }

    [Fact]
    public async Task ConfirmationLink_IsBuiltOnThePublicUrl_NotTheRequestsHost()
    {
        // Arrange: a request that names another host (the host-header attack on emailed links).
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Host = "evil.example";

        // Act
        await RegisterAsync(client, "Hosted", "hosted@example.com");

        // Assert: in Development the link is logged for trying registration out; built on IssueTracker:PublicUrl.
        var logged = Assert.Single(app.Logs.Lines, l => l.Contains("Account/ConfirmEmail", StringComparison.Ordinal) && l.Contains("hosted@example.com", StringComparison.Ordinal));
        Assert.Contains("https://tracker.example.com/Account/ConfirmEmail?", logged);
        Assert.DoesNotContain("evil.example", logged);
    }

    [Fact]
    public async Task Register_NewAccountMustConfirmBeforeSigningIn_AndGetsAHandle()
    {
        // Arrange
        var client = app.Anonymous();
        Assert.Contains("Account/Register", await client.GetStringAsync("/Account/Login"));

        // Act
        var registered = await RegisterAsync(client, "Newcomer", "newcomer@example.com");
        var signIn = await IssueTrackerFactory.SubmitSignInAsync(app.Anonymous(), "newcomer@example.com", "a-long-password-1");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Contains("Account/RegisterConfirmation", registered.Headers.Location!.ToString());
        Assert.NotEqual(HttpStatusCode.Redirect, signIn.StatusCode);
        using var scope = app.Services.CreateScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("newcomer@example.com"))!;
        Assert.False(user.EmailConfirmed);
        Assert.Equal("newcomer", user.Handle);
    }

    [Fact]
    public async Task Register_ATakenEmail_AnswersExactlyAsANewOne_AndChangesNothing()
    {
        // Arrange
        var before = await TakenAsync();

        // Act
        var taken = await RegisterAsync(app.Anonymous(), "Impostor", IssueTrackerFactory.AdminEmail);
        var fresh = await RegisterAsync(app.Anonymous(), "Somebody", "somebody@example.com");
        var confirmationForTaken = await app.Anonymous().GetStringAsync($"/Account/RegisterConfirmation?email={IssueTrackerFactory.AdminEmail}");
        var confirmationForUnknown = await app.Anonymous().GetStringAsync("/Account/RegisterConfirmation?email=nobody@example.com");

        // Assert
        Assert.Equal(fresh.StatusCode, taken.StatusCode);
        Assert.Equal(fresh.Headers.Location, taken.Headers.Location);
        Assert.Equal(before, await TakenAsync());
        Assert.Contains("confirmation link", Strip(confirmationForTaken));
        Assert.Equal(Strip(confirmationForUnknown), Strip(confirmationForTaken));
        Assert.DoesNotContain("ConfirmEmail", confirmationForTaken);
    }

    private async Task<(string Name, bool Confirmed)> TakenAsync()
    {
        using var scope = app.Services.CreateScope();
        var admin = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(IssueTrackerFactory.AdminEmail))!;
        return (admin.DisplayName, admin.EmailConfirmed);
    }

    // The page's words; the antiforgery token and fingerprinted asset names may differ per response, the words must not.
    private static string Strip(string html) => Regex.Match(html, "<h1>.*?</p>", RegexOptions.Singleline).Value;

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string name, string email) =>
        IssueTrackerFactory.SubmitFormAsync(client, "/Account/Register", "register", new()
        {
            ["Input.Name"] = name,
            ["Input.Email"] = email,
            ["Input.Password"] = "a-long-password-1",
            ["Input.ConfirmPassword"] = "a-long-password-1",
        });
}

/// <summary>Registration open on an instance that is not in Development: confirmation links are never written to the log.</summary>
public sealed class RegistrationInProductionTests(RegistrationInProductionTests.ProductionFactory app) : IClassFixture<RegistrationInProductionTests.ProductionFactory>
{
    public sealed class ProductionFactory : IssueTrackerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("IssueTracker:Auth:AllowRegistration", "true");
        }
    }

    [Fact]
    public async Task Register_LogsNoConfirmationLink()
    {
        // Act
        var registered = await IssueTrackerFactory.SubmitFormAsync(app.Anonymous(), "/Account/Register", "register", new()
        {
            ["Input.Name"] = "Quiet",
            ["Input.Email"] = "quiet@example.com",
            ["Input.Password"] = "a-long-password-1",
            ["Input.ConfirmPassword"] = "a-long-password-1",
        });

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Contains(app.Logs.Lines, l => l.Contains("could not be sent", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("ConfirmEmail", StringComparison.Ordinal) || l.Contains("code=", StringComparison.Ordinal));
    }
}

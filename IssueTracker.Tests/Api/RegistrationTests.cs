using System.Net;
using System.Text.RegularExpressions;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Data;
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
    public async Task RegistrationPages_Are404(string path)
    {
        // Act
        var response = await app.Anonymous().GetAsync(path);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RegisterForm_PostedAnyway_Is404AndCreatesNobody()
    {
        // Act
        var response = await app.Anonymous().PostAsync("/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
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
        }
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

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace IssueTracker.Web.Accounts;

/// <summary>Authentication for both front doors: the Identity cookie for people, bearer tokens for integrations.</summary>
public static class AuthSetup
{
    /// <summary>The API's policy: an authenticated user by cookie or by personal access token.</summary>
    public const string ApiPolicy = "api";

    public static AuthenticationBuilder AddIssueTrackerAuthentication(this IServiceCollection services)
    {
        var auth = services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenHandler.SchemeName, null);
        auth.AddIdentityCookies();

        // The API answers 401/403 (as problem details); only pages redirect to the sign-in form.
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context, StatusCodes.Status403Forbidden);
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, PersonalAccessTokenHandler.SchemeName)
                .RequireAuthenticatedUser());
        return auth;
    }

    private static Task ApiStatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api")) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

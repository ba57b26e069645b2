using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Accounts;

/// <summary>Authenticates <c>Authorization: Bearer itk_…</c> with a personal access token; the principal carries its scopes.</summary>
public sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var value = header["Bearer ".Length..].Trim();
        if (value.Length == 0) return AuthenticateResult.Fail("Empty bearer token.");

        var grant = await tokens.AuthenticateTokenAsync(value, Context.RequestAborted);
        if (grant is null) return AuthenticateResult.Fail("Unknown, revoked or expired token, or a deactivated user.");
        var identity = new ClaimsIdentity(ActorClaims.Of(grant), SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

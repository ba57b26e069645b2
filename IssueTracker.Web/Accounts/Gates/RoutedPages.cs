using IssueTracker.Web.Components.Account.Pages;
using Microsoft.AspNetCore.Components.Endpoints;

namespace IssueTracker.Web.Accounts.Gates;

/// <summary>
/// Which page routing chose for a request. Gates and limits ask this rather than compare the path: routing sends
/// <c>/Account/Login</c>, <c>/account/login</c> and <c>/Account/Login/</c> to the same page, so a check of the path's
/// spelling is a check an attacker picks the spelling of. Valid after <c>UseRouting</c>.
/// </summary>
public static class RoutedPages
{
    /// <summary>The sign-in forms, whose posts are limited per address and account (<see cref="AddressRateLimits"/>).</summary>
    public static readonly IReadOnlySet<Type> SignInForms = new HashSet<Type> { typeof(Login), typeof(LoginWith2fa), typeof(LoginWithRecoveryCode) };

    /// <summary>The self-registration pages, which exist only when <c>IssueTracker:Auth:AllowRegistration</c> is on.</summary>
    public static readonly IReadOnlySet<Type> Registration = new HashSet<Type> { typeof(Register), typeof(RegisterConfirmation), typeof(ResendEmailConfirmation) };

    /// <summary>The page component this request was routed to, or null for anything else (the API, a file, no match).</summary>
    public static Type? Of(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type;
}

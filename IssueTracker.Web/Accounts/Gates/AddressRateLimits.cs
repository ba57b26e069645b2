using System.Globalization;
using IssueTracker.Web.Components.Account.Pages;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Accounts.Gates;

/// <summary>
/// Limits that apply before anyone is signed in, keyed on what a request says about itself, so that a flood of bad
/// credentials costs the database nothing and can lock nobody out:
/// <list type="bullet">
/// <item>every <c>/api</c> request, per client address (a bad token is a database lookup too);</item>
/// <item>the sign-in forms, per address; and a password sign-in per account from one address and per account overall.
/// Identity's lockout-on-failure is off: five wrong passwords from a stranger would otherwise lock the admin out
/// again and again. A stranger's attempts now use up only that stranger's address's allowance for the account, and
/// a browser that signed in to the account before (it carries a device cookie saying so, OWASP's "device cookies")
/// is let past the per-account ceiling, so guesses from many addresses cannot lock its owner out either.</item>
/// </list>
/// Addresses are counted by <see cref="ClientAddress.Key"/> (IPv6 by /64), accounts by Identity's own normaliser, and
/// the forms by the page routing chose (<see cref="RoutedPages"/>), whatever the spelling of their path.
/// The per-user limits after sign-in and the write queue are in <c>Setup/ApiEndpoints</c>. All of these are per app
/// instance, in memory. Behind a proxy, see <see cref="ProxySetup"/> for the client's real address.
/// </summary>
public sealed class AddressRateLimits(
    IOptions<IssueTrackerOptions> options, RateWindows windows, IDataProtectionProvider protection,
    IOptionsMonitor<CookieAuthenticationOptions> cookies)
{
    /// <summary>The cookie a browser gets when it signs in with a password, naming the account (protected).</summary>
    public const string DeviceCookie = "it_device";
    private static readonly TimeSpan DeviceCookieLifetime = TimeSpan.FromDays(180);
    private readonly ITimeLimitedDataProtector _devices = protection.CreateProtector("IssueTracker.SignIn.Device.v1").ToTimeLimitedDataProtector();


    /// <summary>The window of the sign-in limits.</summary>
    public static readonly TimeSpan SignInWindow = TimeSpan.FromMinutes(15);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var address = ClientAddress.Key(context.Connection.RemoteIpAddress);
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") && !path.StartsWithSegments("/api/docs"))
        {
            var decision = windows.Take("address:" + address, options.Value.RateLimit.PermitsPerMinutePerAddress, TimeSpan.FromMinutes(1));
            // Every API answer says where its caller stands; after sign-in the caller's own window replaces this.
            decision.WriteHeaders(context.Response);
            if (!decision.Allowed)
            {
                await TooManyRequests.WriteAsync(context, $"Too many requests from this address; retry after {decision.ResetSeconds} s.");
                return;
            }
            await next(context);
            return;
        }
        if (HttpMethods.IsPost(context.Request.Method) && RoutedPages.Of(context) is { } page && RoutedPages.SignInForms.Contains(page))
        {
            var limits = options.Value.RateLimit;
            var decisions = new List<RateDecision> { windows.Take("sign-in-address:" + address, limits.SignInAttemptsPerAddress, SignInWindow) };
            string? account = null;
            if (context.Request.HasFormContentType
                && context.RequestServices.GetRequiredService<ILookupNormalizer>().NormalizeEmail((await context.Request.ReadFormAsync(context.RequestAborted))["Input.Email"].ToString().Trim()) is { Length: > 0 } named)
            {
                account = named;
                decisions.Add(windows.Take("sign-in-account-address:" + account + "|" + address, limits.SignInAttemptsPerAccountAndAddress, SignInWindow));
                if (!HasDeviceCookie(context, account)) decisions.Add(windows.Take("sign-in-account:" + account, limits.SignInAttemptsPerAccount, SignInWindow));
            }
            if (decisions.Where(d => !d.Allowed).Select(d => (RateDecision?)d).FirstOrDefault() is { } refused) { await RefuseSignInAsync(context, refused); return; }
            if (page == typeof(Login) && account is not null) IssueDeviceCookieOnSignIn(context, account);
        }
        await next(context);
    }

    private bool HasDeviceCookie(HttpContext context, string account)
    {
        if (context.Request.Cookies[DeviceCookie] is not { Length: > 0 } value) return false;
        try
        {
            return _devices.Unprotect(value) == account;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false; // forged, expired, or made with keys this app no longer has
        }
    }

    // Given as the response starts, and only if the sign-in succeeded: the response then sets Identity's cookie.
    private void IssueDeviceCookieOnSignIn(HttpContext context, string account)
    {
        var signedIn = cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name + "=";
        context.Response.OnStarting(() =>
        {
            if (context.Response.Headers.SetCookie.Any(c => c?.StartsWith(signedIn, StringComparison.Ordinal) == true))
                context.Response.Cookies.Append(DeviceCookie, _devices.Protect(account, DeviceCookieLifetime), new CookieOptions
                {
                    HttpOnly = true,
                    Secure = context.Request.IsHttps,
                    SameSite = SameSiteMode.Strict,
                    Path = "/Account",
                    MaxAge = DeviceCookieLifetime,
                    IsEssential = true,
                });
            return Task.CompletedTask;
        });
    }

    // A page, for a person at the sign-in form: what happened and when to try again.
    private static async Task RefuseSignInAsync(HttpContext context, RateDecision decision)
    {
        var minutes = (int)Math.Ceiling(decision.ResetSeconds / 60.0);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = (minutes * 60).ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many sign-in attempts</title></head><body>" +
            $"<h1>Too many sign-in attempts</h1><p>Please wait {minutes} minute{(minutes == 1 ? "" : "s")} and <a href=\"/Account/Login\">try again</a>.</p></body></html>");
    }
}

public static class AddressRateLimitsExtensions
{
    public static IApplicationBuilder UseAddressRateLimits(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<AddressRateLimits>();
        return app.Use((context, next) => limits.InvokeAsync(context, next));
    }
}

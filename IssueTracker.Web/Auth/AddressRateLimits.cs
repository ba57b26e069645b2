using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Auth;

/// <summary>
/// Limits that apply before anyone is signed in, keyed on what a request says about itself, so that a flood of bad
/// credentials costs the database nothing and can lock nobody out:
/// <list type="bullet">
/// <item>every <c>/api</c> request, per client address (a bad token is a database lookup too);</item>
/// <item>the sign-in forms, per address; and a password sign-in per account from one address and per account overall.
/// Identity's lockout-on-failure is off: five wrong passwords from a stranger would otherwise lock the admin out
/// again and again. A stranger's attempts now use up only that stranger's address's allowance for the account.</item>
/// </list>
/// The per-user limits after sign-in and the write queue are in <c>Api/ApiEndpoints</c>. All of these are per app
/// instance, in memory. Behind a proxy, see <see cref="ProxySetup"/> for the client's real address.
/// </summary>
public sealed class AddressRateLimits(IOptions<IssueTrackerOptions> options)
{
    private static readonly string[] SignInForms = ["/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];

    private readonly IssueTrackerOptions.RateLimitOptions _limits = options.Value.RateLimit;
    private readonly PartitionedRateLimiter<string> _api = Windows(() => options.Value.RateLimit.PermitsPerMinutePerAddress, TimeSpan.FromMinutes(1));
    private readonly PartitionedRateLimiter<string> _signInsPerAddress = Windows(() => options.Value.RateLimit.SignInAttemptsPerAddress, SignInWindow);
    private readonly PartitionedRateLimiter<string> _signInsPerAccountAndAddress = Windows(() => options.Value.RateLimit.SignInAttemptsPerAccountAndAddress, SignInWindow);
    private readonly PartitionedRateLimiter<string> _signInsPerAccount = Windows(() => options.Value.RateLimit.SignInAttemptsPerAccount, SignInWindow);

    /// <summary>The window of the sign-in limits.</summary>
    public static readonly TimeSpan SignInWindow = TimeSpan.FromMinutes(15);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") && !path.StartsWithSegments("/api/docs"))
        {
            using var lease = _api.AttemptAcquire(address);
            if (!lease.IsAcquired) { await RefuseApiAsync(context, lease); return; }
            await next(context);
            return;
        }
        if (HttpMethods.IsPost(context.Request.Method) && SignInForms.Any(f => path.Equals(f, StringComparison.OrdinalIgnoreCase)))
        {
            var leases = new List<RateLimitLease> { _signInsPerAddress.AttemptAcquire(address) };
            try
            {
                if (context.Request.HasFormContentType
                    && (await context.Request.ReadFormAsync(context.RequestAborted))["Input.Email"].ToString().Trim().ToUpperInvariant() is { Length: > 0 } account)
                {
                    leases.Add(_signInsPerAccountAndAddress.AttemptAcquire(account + "|" + address));
                    leases.Add(_signInsPerAccount.AttemptAcquire(account));
                }
                if (leases.FirstOrDefault(l => !l.IsAcquired) is { } refused) { await RefuseSignInAsync(context, refused); return; }
            }
            finally
            {
                foreach (var lease in leases) lease.Dispose();
            }
        }
        await next(context);
    }

    private static PartitionedRateLimiter<string> Windows(Func<int> permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits()),
            Window = window,
            QueueLimit = 0,
        }));

    private static int RetryAfterSeconds(RateLimitLease lease, TimeSpan fallback) =>
        Math.Max(1, (int)Math.Ceiling((lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : fallback).TotalSeconds));

    private static async Task RefuseApiAsync(HttpContext context, RateLimitLease lease)
    {
        var seconds = RetryAfterSeconds(lease, TimeSpan.FromMinutes(1));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Too many requests from this address; retry after {seconds} s.",
            },
        });
    }

    // A page, for a person at the sign-in form: what happened and when to try again.
    private static async Task RefuseSignInAsync(HttpContext context, RateLimitLease lease)
    {
        var minutes = (int)Math.Ceiling(RetryAfterSeconds(lease, SignInWindow) / 60.0);
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

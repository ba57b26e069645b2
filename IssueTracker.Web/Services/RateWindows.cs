using System.Collections.Concurrent;

namespace IssueTracker.Web.Services;

/// <summary>
/// Fixed windows of requests per key (a caller, an address). Written by hand because a caller is owed what the
/// framework's limiter does not say: how many requests are left and when the window reopens (the <c>RateLimit-*</c>
/// headers and a true <c>Retry-After</c>); its fixed-window lease only ever reports the whole window.
/// </summary>
/// <remarks>
/// Per app instance, in memory, like every limiter here: with several instances each allows this many (an
/// approximation that never loses data; a shared store would make it exact).
/// </remarks>
public sealed class RateWindows(TimeProvider clock)
{
    private sealed class Window
    {
        public DateTimeOffset Ends;
        public int Used;
    }

    private const int SweepEvery = 1024;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _taken;

    /// <summary>Counts one request for <paramref name="key"/>, unless its window is used up.</summary>
    public RateDecision Take(string key, int limit, TimeSpan length)
    {
        limit = Math.Max(1, limit);
        var now = clock.GetUtcNow();
        var window = _windows.GetOrAdd(key, _ => new Window());
        RateDecision decision;
        lock (window)
        {
            if (window.Ends <= now) (window.Ends, window.Used) = (now + length, 0);
            var allowed = window.Used < limit;
            if (allowed) window.Used++;
            decision = new RateDecision(allowed, limit, limit - window.Used, window.Ends - now);
        }
        // Windows that ended are dropped now and then, so callers seen once do not stay in memory.
        if (Interlocked.Increment(ref _taken) % SweepEvery == 0)
        {
            foreach (var (k, w) in _windows)
            {
                lock (w)
                {
                    if (w.Ends <= now) _windows.TryRemove(new KeyValuePair<string, Window>(k, w));
                }
            }
        }
        return decision;
    }
}

/// <summary>Whether a request may go ahead, and what its caller is told about the window it counted in.</summary>
public readonly record struct RateDecision(bool Allowed, int Limit, int Remaining, TimeSpan ResetsIn)
{
    /// <summary>Whole seconds until the window reopens, at least 1: the <c>Retry-After</c> and <c>RateLimit-Reset</c>.</summary>
    public int ResetSeconds => Math.Max(1, (int)Math.Ceiling(ResetsIn.TotalSeconds));

    public void WriteHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers["RateLimit-Limit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = Remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = ResetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!Allowed) headers.RetryAfter = ResetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The one way a refused API request is answered: 429 as problem details (the limits set Retry-After first).</summary>
public static class TooManyRequests
{
    public static ValueTask WriteAsync(HttpContext http, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail },
        });
    }
}

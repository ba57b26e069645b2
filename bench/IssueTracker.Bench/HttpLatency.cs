using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace IssueTracker.Bench;

/// <summary>
/// One GET, again and again at concurrency 1, after a warm-up: p50, p95 and p99 in milliseconds (wrk reports no p95,
/// and the targets of the insights and the product health are p95).
/// </summary>
public static class HttpLatency
{
    public static async Task<int> RunCommandAsync(string[] args)
    {
        string? url = null, token = null;
        var requests = 300;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--url": url = args[i + 1]; break;
                case "--token": token = args[i + 1]; break;
                case "--requests": requests = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            }
        }
        if (url is null || token is null)
        {
            Console.Error.WriteLine("usage: http-latency --url URL --token TOKEN [--requests N]");
            return 2;
        }
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        for (var i = 0; i < 30; i++) (await http.GetAsync(url)).EnsureSuccessStatusCode();
        var times = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        times.Sort();
        double At(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];
        Console.WriteLine(FormattableString.Invariant($"requests={requests} p50_ms={At(0.50):F2} p95_ms={At(0.95):F2} p99_ms={At(0.99):F2}"));
        return 0;
    }
}

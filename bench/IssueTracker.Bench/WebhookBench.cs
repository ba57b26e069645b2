using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IssueTracker.Bench;

/// <summary>
/// <c>IssueTracker.Bench webhook-bench --base URL --token SPACE_ADMIN_TOKEN --issue ID [--hooks 5] [--slow-ms 2000]
/// [--per-minute 1000] [--seconds 60]</c>: starts <c>hooks</c> receivers on loopback (the last answers only after
/// <c>slow-ms</c>), points a webhook of the issue's space at each, changes the issue <c>per-minute</c> times a minute
/// through the API, and reports, for the fast receivers, how many deliveries arrived and the commit-to-delivery
/// latency p50/p95 (from the PATCH's answer, which comes after its commit, to arrival; the n-th event id is the n-th
/// change: nothing else changes meanwhile); and how far the slow one got. The app must allow webhooks to
/// loopback (<c>IssueTracker:Webhooks:AllowPrivateNetworks</c>). Removes its webhooks at the end.
/// </summary>
public static class WebhookBench
{
    public static async Task<int> RunCommandAsync(string[] args)
    {
        var o = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--") && x.i + 1 < args.Length).ToDictionary(x => x.a[2..], x => args[x.i + 1]);
        if (!o.TryGetValue("base", out var baseUrl) || !o.TryGetValue("token", out var token) || !o.TryGetValue("issue", out var issue))
        {
            Console.Error.WriteLine("usage: webhook-bench --base URL --token SPACE_ADMIN_TOKEN --issue ID [--hooks 5] [--slow-ms 2000] [--per-minute 1000] [--seconds 60]");
            return 2;
        }
        int Int(string name, int fallback) => o.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var (hookCount, slowMs, perMinute, seconds) = (Int("hooks", 5), Int("slow-ms", 2000), Int("per-minute", 1000), Int("seconds", 60));

        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var issueDoc = JsonDocument.Parse(await http.GetStringAsync($"/api/issues/{issue}"));
        var space = issueDoc.RootElement.GetProperty("space").GetProperty("id").GetString();

        var receivers = new List<(WebApplication App, ConcurrentBag<(long Event, DateTimeOffset Arrived)> Latencies)>();
        var hooks = new List<string>();
        for (var h = 0; h < hookCount; h++)
        {
            var slow = h == hookCount - 1;
            var latencies = new ConcurrentBag<(long Event, DateTimeOffset Arrived)>();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapPost("/hook", async (HttpRequest request) =>
            {
                var arrived = DateTimeOffset.UtcNow;
                using var body = await JsonDocument.ParseAsync(request.Body);
                if (body.RootElement.TryGetProperty("id", out var id))
                    latencies.Add((long.Parse(id.GetString()!, CultureInfo.InvariantCulture), arrived));
                if (slow) await Task.Delay(slowMs);
                return Results.Ok();
            });
            await app.StartAsync();
            receivers.Add((app, latencies));
            var created = await http.PostAsJsonAsync($"/api/spaces/{space}/webhooks", new { url = app.Urls.Single() + "/hook", events = new[] { "issue.updated" } });
            created.EnsureSuccessStatusCode();
            using var hook = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
            hooks.Add(hook.RootElement.GetProperty("id").GetString()!);
        }

        string[] priorities = ["low", "medium", "high", "critical"];
        var total = perMinute * seconds / 60;
        var clock = Stopwatch.StartNew();
        var changed = 0;
        var committed = new List<DateTimeOffset>();
        for (var n = 0; n < total; n++)
        {
            var due = TimeSpan.FromMinutes((double)n / perMinute);
            if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
            var patch = await http.PatchAsJsonAsync($"/api/issues/{issue}", new { priority = priorities[n % 4] });
            if (patch.IsSuccessStatusCode)
            {
                changed++;
                committed.Add(DateTimeOffset.UtcNow);
            }
        }
        var sendSeconds = clock.Elapsed.TotalSeconds;
        // The fast receivers should have everything within moments; give them 15 s.
        var wait = Stopwatch.StartNew();
        while (wait.Elapsed < TimeSpan.FromSeconds(15) && receivers.Take(hookCount - 1).Any(r => r.Latencies.Count < changed)) await Task.Delay(100);

        var events = receivers.SelectMany(r => r.Latencies).Select(l => l.Event).Distinct().Order().ToList();
        var rank = events.Select((e, i) => (e, i)).ToDictionary(x => x.e, x => x.i);
        var fast = receivers.Take(hookCount - 1).SelectMany(r => r.Latencies)
            .Where(l => rank[l.Event] < committed.Count)
            .Select(l => (l.Arrived - committed[rank[l.Event]]).TotalMilliseconds)
            .Order().ToList();
        var fastReceived = receivers.Take(hookCount - 1).Sum(r => r.Latencies.Count);
        var slowReceived = receivers[^1].Latencies.Count;
        foreach (var id in hooks) await http.DeleteAsync($"/api/webhooks/{id}");
        foreach (var (app, _) in receivers) await app.DisposeAsync();
        // Some PATCHes change nothing (the same priority twice never happens here, but a lost race would): count what changed.
        Console.WriteLine(FormattableString.Invariant(
            $"webhook-bench: {changed} changes in {sendSeconds:F1} s, {hookCount} webhooks (one answering after {slowMs} ms): fast_received={fastReceived}/{changed * (hookCount - 1)} fast_p50_ms={Percentile(fast, 0.50):F0} fast_p95_ms={Percentile(fast, 0.95):F0} slow_received={slowReceived}"));
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace IssueTracker.Bench;

/// <summary>
/// <c>IssueTracker.Bench sse-bench --base URL --token T --outsider-token T2 --issue ID [--clients 200] [--rate 100]
/// [--seconds 30] [--pid PID]</c>: opens <c>clients</c> <c>GET /api/events</c> streams (a tenth of them as a caller who
/// may not see the issue), changes the issue <c>rate</c> times a second through the API for <c>seconds</c>, and
/// reports whether every stream that may see the changes got every one, in order, and the others none; the
/// send-to-receive latency p50/p95; and the server memory each stream holds (RSS, with <c>--pid</c>).
/// </summary>
public static class SseBench
{
    public static async Task<int> RunCommandAsync(string[] args)
    {
        var o = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--") && x.i + 1 < args.Length).ToDictionary(x => x.a[2..], x => args[x.i + 1]);
        if (!o.TryGetValue("base", out var baseUrl) || !o.TryGetValue("token", out var token) || !o.TryGetValue("issue", out var issue) || !o.TryGetValue("outsider-token", out var outsider))
        {
            Console.Error.WriteLine("usage: sse-bench --base URL --token T --outsider-token T2 --issue ID [--clients 200] [--rate 100] [--seconds 30] [--pid PID]");
            return 2;
        }
        int Int(string name, int fallback) => o.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var (clients, rate, seconds) = (Int("clients", 200), Int("rate", 100), Int("seconds", 30));
        var outsiders = Math.Max(1, clients / 10);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients + 10 }) { BaseAddress = new Uri(baseUrl), Timeout = Timeout.InfiniteTimeSpan };
        var rssBefore = Rss(o.GetValueOrDefault("pid"));
        var sent = new List<(long Ticks, string Priority)>();
        var streams = new List<Stream>();
        using var stop = new CancellationTokenSource();
        for (var c = 0; c < clients; c++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/events?issue_id={issue}&types=issue.updated");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", c < outsiders ? outsider : token);
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            streams.Add(await response.Content.ReadAsStreamAsync());
        }
        var readers = streams.Select(s => Task.Run(() => ReadAsync(s, stop.Token))).ToList();
        await Task.Delay(1000);
        var rssConnected = Rss(o.GetValueOrDefault("pid"));

        // The writer: one change at a time, at the rate asked (priorities rotate, starting away from the current one, so
        // each PATCH changes the issue).
        var current = await GetPriorityAsync(http, issue, token);
        string[] all = ["low", "medium", "high", "critical"];
        var start = (Array.IndexOf(all, current) + 1) % 4;
        string[] priorities = [.. Enumerable.Range(0, 4).Select(i => all[(start + i) % 4])];
        var clock = Stopwatch.StartNew();
        var total = rate * seconds;
        for (var n = 0; n < total; n++)
        {
            var due = TimeSpan.FromSeconds((double)n / rate);
            if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
            var priority = priorities[n % 4];
            var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/issues/{issue}") { Content = JsonContent.Create(new { priority }) };
            patch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var sentAt = Stopwatch.GetTimestamp();
            (await http.SendAsync(patch)).EnsureSuccessStatusCode();
            sent.Add((sentAt, priority));
        }
        await Task.Delay(2000);
        stop.Cancel();
        foreach (var s in streams) s.Dispose();
        var received = (await Task.WhenAll(readers)).ToList();

        // Members: every change, in order; outsiders: none.
        var complete = received.Skip(outsiders).Count(r => r.Select(e => e.Priority).SequenceEqual(sent.Select(s => s.Priority)));
        var leaked = received.Take(outsiders).Sum(r => r.Count);
        var latencies = received.Skip(outsiders)
            .SelectMany(r => r.Zip(sent, (e, s) => Stopwatch.GetElapsedTime(s.Ticks, e.Ticks).TotalMilliseconds))
            .Order().ToList();
        double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * q))];
        var perStreamKb = rssBefore is { } a && rssConnected is { } b ? (b - a) / (double)clients : double.NaN;
        Console.WriteLine(FormattableString.Invariant(
            $"sse clients={clients} outsiders={outsiders} changes={sent.Count} in {clock.Elapsed.TotalSeconds:F1} s complete_in_order={complete}/{clients - outsiders} leaked={leaked} p50_ms={P(0.50):F1} p95_ms={P(0.95):F1} rss_kb_per_stream={perStreamKb:F0}"));
        return complete == clients - outsiders && leaked == 0 ? 0 : 1;
    }

    private sealed record Received(long Ticks, string Priority);

    private static async Task<string> GetPriorityAsync(HttpClient http, string issue, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/issues/{issue}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("priority").GetString()!;
    }

    private static async Task<List<Received>> ReadAsync(Stream stream, CancellationToken ct)
    {
        var got = new List<Received>();
        using var reader = new StreamReader(stream);
        try
        {
            while (!ct.IsCancellationRequested && await reader.ReadLineAsync(ct) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                var at = Stopwatch.GetTimestamp();
                using var data = JsonDocument.Parse(line[6..]);
                got.Add(new Received(at, data.RootElement.GetProperty("changes").GetProperty("priority").GetProperty("to").GetString()!));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        return got;
    }

    private static long? Rss(string? pid) =>
        pid is null ? null : File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:")).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();
}

// The UI figures of bench/run.sh, against a running app with the seed-bench dataset:
//   1. server memory per Blazor circuit, before and after N headless Chromium pages hold the board: what the circuits
//      retain (the managed heap after a full GC, read with dotnet-gcdump when --gcdump gives its path) and the RSS,
//      which also moves with the GC's allocation budget (tens of MB on this machine, whatever the circuits hold);
//   2. live boards: ten people (seed-bench's live.N, in three spaces) hold N/10 boards each; R status changes through
//      the API (a member's token), and the time from sending each to every board that may show it showing the card in
//      its new column, without a reload: p50, p95, max; boards that missed it and boards that showed what they may not.
// Usage: UiBench --base http://127.0.0.1:5399 --pid APP_PID --space SPACE_ID
//                [--pages 50] [--rounds 30] [--chromium /usr/bin/chromium] [--email E --password P] [--token T] [--gcdump PATH]
// Prints one "key=value" line per figure for run.sh to pick up. With UIBENCH_DEBUG set it also prints each round's
// times, Chromium's own counters for the first board, and writes a Chromium trace of six rounds (uibench-trace.json in
// the temp folder; chrome://tracing or Perfetto read it).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using static IssueTracker.Tests.E2E.TrackerPages;
using static Microsoft.Playwright.Assertions;

var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--") && x.i + 1 < args.Length).ToDictionary(x => x.a[2..], x => args[x.i + 1]);
string Option(string name, string? fallback = null) => options.GetValueOrDefault(name) ?? fallback ?? throw new ArgumentException($"--{name} is required");
var baseUrl = Option("base");
var appPid = int.Parse(Option("pid"), CultureInfo.InvariantCulture);
var spaceId = Option("space");
var pageCount = int.Parse(Option("pages", "50"), CultureInfo.InvariantCulture);
var rounds = int.Parse(Option("rounds", "30"), CultureInfo.InvariantCulture);
var boardUrl = $"/?space={spaceId}";
// Generous: 50 circuits on 2 cores that also run the browser.
Assertions.SetDefaultExpectTimeout(30_000);

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = Option("chromium", "/usr/bin/chromium"),
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        // 50 background tabs must keep their circuits (no throttled timers dropping the connection).
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
});
await using var session = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
session.SetDefaultTimeout(30_000);

// Sign in once; every page shares the cookie but has its own circuit.
var first = await session.NewPageAsync();
if (Environment.GetEnvironmentVariable("UIBENCH_DEBUG") is not null)
    first.Console += (_, m) => Console.Error.WriteLine($"console: {m.Type} {m.Text}");
await SignInAsync(first, Option("email", "bench.member@bench.local"), Option("password", "bench-password-2026"));

async Task OpenBoardAsync(IPage page)
{
    await OpenAsync(page, boardUrl);
    await Expect(page.GetByTestId("issue-card").First).ToBeVisibleAsync();
}

// Warm-up: the first board render compiles and caches what every later one shares.
await OpenBoardAsync(first);
await first.ReloadAsync();
await first.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
await Task.Delay(2000);
var rssBefore = RssMb(appPid);
var heapBefore = await HeapMbAsync();

var pages = new List<IPage>();
for (var batch = 0; batch < pageCount; batch += 5)
{
    var opened = await Task.WhenAll(Enumerable.Range(0, Math.Min(5, pageCount - batch)).Select(async _ =>
    {
        var page = await session.NewPageAsync();
        await OpenBoardAsync(page);
        return page;
    }));
    pages.AddRange(opened);
}
await Task.Delay(3000);
var rssAfter = RssMb(appPid);
var heapAfter = await HeapMbAsync();
if (options.TryGetValue("hold", out var hold))
{
    // For looking inside the server while the circuits are open (run.sh takes a heap census here).
    Console.WriteLine("holding");
    await Task.Delay(TimeSpan.FromSeconds(int.Parse(hold, CultureInfo.InvariantCulture)));
}
var interactive = 0;
foreach (var page in pages)
    if (await page.Locator("[data-interactive=yes]").CountAsync() == 1) interactive++;
Console.WriteLine(FormattableString.Invariant($"circuits={interactive} rss_before_mb={rssBefore:F1} rss_after_mb={rssAfter:F1} mb_per_circuit={(rssAfter - rssBefore) / Math.Max(1, interactive):F3}"));
if (heapBefore is not null && heapAfter is not null)
    Console.WriteLine(FormattableString.Invariant($"heap_before_mb={heapBefore:F1} heap_after_mb={heapAfter:F1} heap_mb_per_circuit={(heapAfter - heapBefore) / Math.Max(1, interactive):F3}"));

// Live: a status change through the API reaches every open board that may show it, without a reload. The pages
// are ten people's (five boards each) in three spaces; each round changes an issue of one space (made critical first,
// so it is at the top of its column on every board of that space) and waits until each of those boards shows the card
// in its new column, as seen by a MutationObserver in the page (the browser's clock, the same as this process's).
// Boards of people outside that space must never show it.
using var api = new HttpClient { BaseAddress = new Uri(baseUrl) };
api.DefaultRequestHeaders.Authorization = new("Bearer", Option("token", "itk_bench_member_token_0123456789"));
var spaceIds = new List<string>();
using (var listed = JsonDocument.Parse(await api.GetStringAsync("/api/spaces")))
    foreach (var key in new[] { "CUST", "FIN", "MKT" })
        spaceIds.Add(listed.RootElement.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("key").GetString() == key).GetProperty("id").GetString()!);
var targets = new List<(string Id, string Key)>();
foreach (var space in spaceIds)
{
    using var top = JsonDocument.Parse(await api.GetStringAsync($"/api/issues?space_id={space}&status=open&size=1"));
    var issue = top.RootElement.GetProperty("items")[0];
    targets.Add((issue.GetProperty("id").GetString()!, issue.GetProperty("key").GetString()!));
    await PatchAsync(targets[^1].Id, """{"priority": "critical", "status": "open"}""");
}
await Task.Delay(2000);

var livePages = new List<(IPage Page, int Person)>();
for (var person = 0; person < 10; person++)
{
    var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
    context.SetDefaultTimeout(30_000);
    var signIn = await context.NewPageAsync();
    await SignInAsync(signIn, $"live.{person}@bench.local", Option("password", "bench-password-2026"));
    await signIn.CloseAsync();
    for (var n = 0; n < pageCount / 10; n++)
    {
        var page = await context.NewPageAsync();
        await OpenAsync(page, "/");
        await Expect(page.GetByTestId("issue-card").First).ToBeVisibleAsync();
        livePages.Add((page, person));
    }
}
// The first set of boards (one person, all spaces) is closed: only the ten people's boards listen now.
foreach (var page in pages) await page.CloseAsync();
await Task.Delay(3000);

// Resolves window.__live.done with the browser time the card first shows in the column, or 0 after the timeout.
const string WatchScript = """
    ([key, column, timeout]) => {
        window.__live?.observer?.disconnect();
        const selector = `[data-testid=column-${column}] [data-testid=issue-card][data-key="${key}"]`;
        let resolve;
        const live = window.__live = { done: new Promise(r => resolve = r) };
        const check = () => {
            if (!document.querySelector(selector)) return;
            live.observer.disconnect();
            resolve(Date.now());
        };
        live.observer = new MutationObserver(check);
        live.observer.observe(document.body, { childList: true, subtree: true, attributes: true });
        setTimeout(() => { live.observer.disconnect(); resolve(0); }, timeout);
    }
    """;

var latencies = new List<double>();
int missed = 0, leaked = 0, reached = 0;
// Where the time goes: CPU seconds of the app and of every Chromium process while nothing changes (what open boards
// cost by themselves), then over the rounds (2 cores shared by both).
var (serverIdle, browserIdle) = (CpuSeconds(appPid), BrowserCpuSeconds());
await Task.Delay(5000);
(serverIdle, browserIdle) = ((CpuSeconds(appPid) - serverIdle) / 5, (BrowserCpuSeconds() - browserIdle) / 5);
Console.WriteLine(FormattableString.Invariant($"idle_server_cpu_ms_per_s={serverIdle * 1000:F0} idle_browser_cpu_ms_per_s={browserIdle * 1000:F0}"));
var debug = Environment.GetEnvironmentVariable("UIBENCH_DEBUG") is not null;
// Where one board's browser time goes (debug only): Chromium's own counters for the first board's page.
var probe = debug ? await livePages[0].Page.Context.NewCDPSessionAsync(livePages[0].Page) : null;
if (probe is not null) await probe.SendAsync("Performance.enable");
var traceEvents = new List<string>();
var traced = new TaskCompletionSource();
if (probe is not null)
{
    probe.Event("Tracing.dataCollected").OnEvent += (_, e) => { foreach (var item in e!.Value.GetProperty("value").EnumerateArray()) traceEvents.Add(item.GetRawText()); };
    probe.Event("Tracing.tracingComplete").OnEvent += (_, _) => traced.TrySetResult();
}
async Task<Dictionary<string, double>> ProbeAsync()
{
    var metrics = (await probe!.SendAsync("Performance.getMetrics"))!.Value.GetProperty("metrics");
    return metrics.EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
}
var probeBefore = probe is null ? null : await ProbeAsync();
var renderersBefore = BrowserCpuSeconds(renderers: true);
var (serverCpuBefore, browserCpuBefore) = (CpuSeconds(appPid), BrowserCpuSeconds());
// For a profiler to start on the rounds alone (debug only).
if (debug) File.WriteAllText(Path.Combine(Path.GetTempPath(), "uibench-rounds"), DateTimeOffset.UtcNow.ToString("O"));
for (var round = 0; round < rounds; round++)
{
    // A Chromium trace of the first board over six rounds (debug only), for chrome://tracing or a script.
    if (probe is not null && round == 6)
        await probe.SendAsync("Tracing.start", new() { ["categories"] = "devtools.timeline,v8.execute,blink,toplevel,disabled-by-default-devtools.timeline", ["transferMode"] = "ReportEvents" });
    if (probe is not null && round == 12)
    {
        await probe.SendAsync("Tracing.end");
        await traced.Task;
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "uibench-trace.json"), "[" + string.Join(",", traceEvents) + "]");
    }
    var spaceIndex = round % 3;
    var (issueId, key) = targets[spaceIndex];
    var (status, column) = round / 3 % 2 == 0 ? ("in_progress", "InProgress") : ("open", "Open");
    // Every board arms its observer before the change: it records when the card first shows in the new column, and
    // whether it shows anywhere at all on a board that must not have it.
    await Task.WhenAll(livePages.Select(p => p.Page.EvaluateAsync(WatchScript, new object[] { key, column, BenchSpaces(p.Person).Contains(spaceIndex) ? 10_000 : 2_000 })));
    // The waits are asked for before the change is sent, so that the measuring itself (50 calls into the browser) is
    // not in the time it measures.
    var waits = livePages.Select(p => p.Page.EvaluateAsync<double>("() => window.__live.done")).ToArray();
    await Task.Delay(300);
    var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    await PatchAsync(issueId, $$"""{"status": "{{status}}"}""");
    var answeredAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    var seen = await Task.WhenAll(waits);
    foreach (var ((_, person), at) in livePages.Zip(seen))
    {
        var should = BenchSpaces(person).Contains(spaceIndex);
        if (should && at > 0) { reached++; latencies.Add(at - sentAt); }
        else if (should) missed++;
        else if (at != 0) leaked++;
    }
    if (debug)
        Console.Error.WriteLine(FormattableString.Invariant($"round {round}: {key} -> {column}, answered after {answeredAt - sentAt} ms, boards after {string.Join(" ", seen.Where(t => t > 0).Order().Select(t => t - sentAt))} ms"));
}
var (serverCpu, browserCpu) = (CpuSeconds(appPid) - serverCpuBefore, BrowserCpuSeconds() - browserCpuBefore);
if (probe is not null)
{
    var after = await ProbeAsync();
    Console.Error.WriteLine("first board, per change (ms): " + string.Join(" ", new[] { "TaskDuration", "ScriptDuration", "RecalcStyleDuration", "LayoutDuration" }
        .Select(m => FormattableString.Invariant($"{m}={(after[m] - probeBefore![m]) * 1000 / rounds:F1}"))));
    Console.Error.WriteLine(FormattableString.Invariant($"renderer processes' share of browser CPU: {(BrowserCpuSeconds(renderers: true) - renderersBefore) / browserCpu:P0}; renderers: {RendererCount()}"));
}
latencies.Sort();
Console.WriteLine(FormattableString.Invariant($"live_server_cpu_ms_per_change={serverCpu * 1000 / rounds:F0} live_browser_cpu_ms_per_change={browserCpu * 1000 / rounds:F0}"));
Console.WriteLine(FormattableString.Invariant($"live_p50_ms={Percentile(latencies, 0.50):F0} live_p95_ms={Percentile(latencies, 0.95):F0} live_max_ms={latencies[^1]:F0} live_reached={reached} live_missed={missed} live_leaked={leaked} live_boards={livePages.Count} rounds={rounds}"));
return 0;

// The app's live managed heap: dotnet-gcdump makes the app run a full blocking GC and reports what survived it.
async Task<double?> HeapMbAsync()
{
    if (!options.TryGetValue("gcdump", out var tool)) return null;
    var file = Path.Combine(Path.GetTempPath(), $"uibench-{Environment.ProcessId}.gcdump");
    try
    {
        await RunAsync(tool, $"collect -p {appPid} -o {file}");
        var report = await RunAsync(tool, $"report {file}");
        var line = report.Split('\n').First(l => l.Contains("GC Heap bytes"));
        return double.Parse(line.Trim().Split(' ')[0].Replace(",", ""), CultureInfo.InvariantCulture) / (1024 * 1024);
    }
    finally
    {
        File.Delete(file);
    }
}

static async Task<string> RunAsync(string file, string arguments)
{
    using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed: {await process.StandardError.ReadToEndAsync()}");
    return output;
}

async Task PatchAsync(string id, string json)
{
    using var response = await api.PatchAsync($"/api/issues/{id}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
    response.EnsureSuccessStatusCode();
}

// Who sees which space: the same rule as seed-bench's (BenchData.LiveSpacesOf).
static int[] BenchSpaces(int person) => person < 5 ? [person % 3, (person + 1) % 3] : [person % 3];

// utime + stime of a process, in seconds (/proc/PID/stat fields 14 and 15, in clock ticks of 1/100 s).
static double CpuSeconds(int pid)
{
    try
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100;
    }
    catch (IOException)
    {
        return 0; // gone meanwhile
    }
}

static double BrowserCpuSeconds(bool renderers = false) => BrowserPids(renderers).Sum(CpuSeconds);

static int RendererCount() => BrowserPids(renderers: true).Count();

static IEnumerable<int> BrowserPids(bool renderers) => Directory.EnumerateDirectories("/proc")
    .Select(d => Path.GetFileName(d))
    .Where(name => name.All(char.IsAsciiDigit))
    .Where(pid =>
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() is "chromium" or "chrome"
                && (!renderers || File.ReadAllText($"/proc/{pid}/cmdline").Contains("--type=renderer", StringComparison.Ordinal));
        }
        catch (IOException) { return false; }
    })
    .Select(pid => int.Parse(pid, CultureInfo.InvariantCulture));

static double RssMb(int pid) =>
    File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:")).Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).Single();

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

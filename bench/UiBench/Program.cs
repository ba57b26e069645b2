// The UI figures of bench/run.sh, against a running app with the seed-bench dataset:
//   1. server memory per Blazor circuit, before and after N headless Chromium pages hold the board: what the circuits
//      retain (the managed heap after a full GC, read with dotnet-gcdump when --gcdump gives its path) and the RSS,
//      which also moves with the GC's allocation budget (tens of MB on this machine, whatever the circuits hold);
//   2. live boards: ten people (seed-bench's live.N, in three spaces) hold N/10 boards each; R status changes through
//      the API (a member's token). With N boards: the app's CPU per change per open board (what the server controls;
//      the browsers share the same 2 cores and are not measured). Then with one board per person (10): the time from
//      sending each change to every board that may show it showing the card in its new column, without a reload:
//      p50, p95, max; boards that missed it and boards that showed what they may not;
//   3. a soak: one tab makes S in-app navigations among the live pages (board, list, inbox, alerts) while changes
//      arrive twice a second; the pages, feed listeners and heap the server holds before and after (gcdump), and the
//      app's CPU per change before and after.
// Usage: UiBench --base http://127.0.0.1:5399 --pid APP_PID --space SPACE_ID
//                [--pages 50] [--rounds 30] [--soak 1000] [--chromium /usr/bin/chromium] [--email E --password P] [--token T]
//                [--gcdump PATH]
// Prints one "key=value" line per figure for run.sh to pick up. With UIBENCH_DEBUG set it also prints each round's
// times of the run with every board open.
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
var soakNavigations = int.Parse(Option("soak", "1000"), CultureInfo.InvariantCulture);
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

// Where the time goes: CPU seconds of the app and of every Chromium process while nothing changes (what open boards
// cost by themselves).
var (serverIdle, browserIdle) = (CpuSeconds(appPid), BrowserCpuSeconds());
await Task.Delay(5000);
(serverIdle, browserIdle) = ((CpuSeconds(appPid) - serverIdle) / 5, (BrowserCpuSeconds() - browserIdle) / 5);
Console.WriteLine(FormattableString.Invariant($"idle_server_cpu_ms_per_s={serverIdle * 1000:F0} idle_browser_cpu_ms_per_s={browserIdle * 1000:F0}"));
var debug = Environment.GetEnvironmentVariable("UIBENCH_DEBUG") is not null;

// 2a. Every board open: what a change costs the server per open board.
var all = await RoundsAsync(livePages, rounds, debug);
Console.WriteLine(FormattableString.Invariant($"live_server_cpu_ms_per_change={all.ServerCpuMs:F0} live_browser_cpu_ms_per_change={all.BrowserCpuMs:F0} live_boards={livePages.Count}"));
Console.WriteLine(FormattableString.Invariant($"live_server_cpu_ms_per_change_per_board={all.ServerCpuMs / livePages.Count:F2} live_all_missed={all.Missed} live_all_leaked={all.Leaked}"));

// 2b. One board per person: how long a change takes to show, with browsers that do not drown the machine.
var onePerPerson = livePages.GroupBy(p => p.Person).Select(g => g.First()).ToList();
foreach (var (page, _) in livePages.Except(onePerPerson)) await page.CloseAsync();
await Task.Delay(3000);
var ten = await RoundsAsync(onePerPerson, rounds, false);
Console.WriteLine(FormattableString.Invariant($"live_p50_ms={Percentile(ten.Latencies, 0.50):F0} live_p95_ms={Percentile(ten.Latencies, 0.95):F0} live_max_ms={ten.Latencies[^1]:F0} live_reached={ten.Reached} live_missed={ten.Missed} live_leaked={ten.Leaked} live10_boards={onePerPerson.Count} rounds={rounds}"));
Console.WriteLine(FormattableString.Invariant($"live10_server_cpu_ms_per_change={ten.ServerCpuMs:F1}"));

// 3. The soak: one tab of the member's navigates among the live pages while changes keep coming.
if (soakNavigations > 0)
{
    await OpenAsync(first, "/");
    await Expect(first.GetByTestId("issue-card").First).ToBeVisibleAsync();
    await Task.Delay(2000);
    var before = await CensusAsync("before");
    // The churn changes other issues than the rounds' targets (those must stay at the top of their columns).
    var churned = new List<string>();
    foreach (var space in spaceIds)
    {
        using var open = JsonDocument.Parse(await api.GetStringAsync($"/api/issues?space_id={space}&status=open&priority=low&size=1"));
        churned.Add(open.RootElement.GetProperty("items")[0].GetProperty("id").GetString()!);
    }
    using var stop = new CancellationTokenSource();
    var changes = 0;
    var churn = Task.Run(async () =>
    {
        // Twice a second, a low-priority issue of each space in turn changes between low and medium: every board of
        // the space hears it, and the rounds' cards stay where they are.
        while (!stop.IsCancellationRequested)
        {
            var id = churned[changes % 3];
            await PatchAsync(id, $$"""{"priority": "{{(changes / 3 % 2 == 0 ? "medium" : "low")}}"}""");
            changes++;
            try { await Task.Delay(500, stop.Token); } catch (OperationCanceledException) { }
        }
    });
    var menu = first.GetByRole(AriaRole.Navigation);
    (string Link, Func<Task> Shown)[] stops =
    [
        ("Issues", () => Expect(first.GetByTestId("issue-grid")).ToBeVisibleAsync()),
        ("Inbox", () => Expect(first).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/inbox$"))),
        ("Alerts", () => Expect(first).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/alerts$"))),
        ("Board", () => Expect(first.GetByTestId("column-Open")).ToBeVisibleAsync()),
    ];
    var soakClock = Stopwatch.StartNew();
    for (var n = 0; n < soakNavigations; n++)
    {
        var (link, shown) = stops[n % stops.Length];
        await menu.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
        await shown();
    }
    stop.Cancel();
    await churn;
    // Back where it started: on the board.
    if (soakNavigations % stops.Length != 0)
    {
        await menu.GetByRole(AriaRole.Link, new() { Name = "Board", Exact = true }).ClickAsync();
        await Expect(first.GetByTestId("column-Open")).ToBeVisibleAsync();
    }
    await Task.Delay(3000);
    var after = await CensusAsync("after");
    var again = await RoundsAsync(onePerPerson, rounds, false);
    Console.WriteLine(FormattableString.Invariant($"soak_navigations={soakNavigations} soak_seconds={soakClock.Elapsed.TotalSeconds:F0} soak_changes={changes}"));
    if (before is not null && after is not null)
    {
        Console.WriteLine(FormattableString.Invariant($"soak_pages_before={before.Pages} soak_pages_after={after.Pages} soak_listeners_before={before.Listeners} soak_listeners_after={after.Listeners}"));
        Console.WriteLine(FormattableString.Invariant($"soak_heap_before_mb={before.HeapMb:F1} soak_heap_after_mb={after.HeapMb:F1} soak_heap_ratio={after.HeapMb / before.HeapMb:F3}"));
    }
    Console.WriteLine(FormattableString.Invariant($"soak_cpu_ms_per_change_before={ten.ServerCpuMs:F1} soak_cpu_ms_per_change_after={again.ServerCpuMs:F1} soak_p95_after_ms={Percentile(again.Latencies, 0.95):F0} soak_missed_after={again.Missed}"));
}
return 0;

// R status changes of the target issues, each awaited on every board of the list: when each board that may show it
// showed it (browser clock), which missed it, which showed what they may not; the app's and Chromium's CPU per change.
async Task<RoundResult> RoundsAsync(List<(IPage Page, int Person)> boards, int count, bool perRound)
{
    var latencies = new List<double>();
    int missed = 0, leaked = 0, reached = 0;
    var (serverCpuBefore, browserCpuBefore) = (CpuSeconds(appPid), BrowserCpuSeconds());
    for (var round = 0; round < count; round++)
    {
        var spaceIndex = round % 3;
        var (issueId, key) = targets[spaceIndex];
        var (status, column) = round / 3 % 2 == 0 ? ("in_progress", "InProgress") : ("open", "Open");
        // Every board arms its observer before the change: it records when the card first shows in the new column, and
        // whether it shows anywhere at all on a board that must not have it.
        await Task.WhenAll(boards.Select(p => p.Page.EvaluateAsync(WatchScript, new object[] { key, column, BenchSpaces(p.Person).Contains(spaceIndex) ? 10_000 : 2_000 })));
        // The waits are asked for before the change is sent, so that the measuring itself (a call into each browser)
        // is not in the time it measures.
        var waits = boards.Select(p => p.Page.EvaluateAsync<double>("() => window.__live.done")).ToArray();
        await Task.Delay(300);
        var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await PatchAsync(issueId, $$"""{"status": "{{status}}"}""");
        var answeredAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var seen = await Task.WhenAll(waits);
        foreach (var ((_, person), at) in boards.Zip(seen))
        {
            var should = BenchSpaces(person).Contains(spaceIndex);
            if (should && at > 0) { reached++; latencies.Add(at - sentAt); }
            else if (should) missed++;
            else if (at != 0) leaked++;
        }
        if (perRound)
            Console.Error.WriteLine(FormattableString.Invariant($"round {round}: {key} -> {column}, answered after {answeredAt - sentAt} ms, boards after {string.Join(" ", seen.Where(t => t > 0).Order().Select(t => t - sentAt))} ms"));
    }
    var (serverCpu, browserCpu) = (CpuSeconds(appPid) - serverCpuBefore, BrowserCpuSeconds() - browserCpuBefore);
    latencies.Sort();
    if (latencies.Count == 0) latencies.Add(double.NaN);
    return new RoundResult(latencies, reached, missed, leaked, serverCpu * 1000 / count, browserCpu * 1000 / count);
}

// What the server holds, after a full GC (gcdump): live pages (board, list, inbox, alerts), the change feed's listeners
// (one bounded channel each) and the heap.
async Task<Census?> CensusAsync(string name)
{
    if (!options.TryGetValue("gcdump", out var tool)) return null;
    var file = Path.Combine(Path.GetTempPath(), $"uibench-census-{Environment.ProcessId}.gcdump");
    try
    {
        await RunAsync(tool, $"collect -p {appPid} -o {file}");
        var text = await RunAsync(tool, $"report {file}");
        // Kept for a look at what grew (bench/out/census-before.txt, census-after.txt).
        if (options.TryGetValue("census-dir", out var folder)) File.WriteAllText(Path.Combine(folder, $"census-{name}.txt"), text);
        var report = text.Split('\n');
        double heap = 0;
        int pagesHeld = 0, listeners = 0;
        foreach (var line in report)
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, @"^\s*([\d,]+)\s+([\d,]+)\s+(\S+)");
            if (line.Contains("GC Heap bytes")) heap = double.Parse(line.Trim().Split(' ')[0].Replace(",", ""), CultureInfo.InvariantCulture) / (1024 * 1024);
            if (!match.Success) continue;
            var count = int.Parse(match.Groups[2].Value.Replace(",", ""), CultureInfo.InvariantCulture);
            var type = match.Groups[3].Value;
            if (type is "IssueTracker.Web.Components.Pages.Board.BoardPage" or "IssueTracker.Web.Components.Pages.Issues.IssuesPage"
                or "IssueTracker.Web.Components.Pages.Inbox.InboxPage" or "IssueTracker.Web.Components.Pages.Alerts.AlertsPage") pagesHeld += count;
            if (type.Contains("BoundedChannel", StringComparison.Ordinal) && type.Contains("ChangeEvent", StringComparison.Ordinal)) listeners += count;
        }
        return new Census(pagesHeld, listeners, heap);
    }
    finally
    {
        File.Delete(file);
    }
}

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

internal sealed record RoundResult(List<double> Latencies, int Reached, int Missed, int Leaked, double ServerCpuMs, double BrowserCpuMs);

internal sealed record Census(int Pages, int Listeners, double HeapMb);

// The UI figures of bench/run.sh, against a running app with the seed-bench dataset:
//   1. server memory per Blazor circuit, before and after N headless Chromium pages hold the board: what the circuits
//      retain (the managed heap after a full GC, read with dotnet-gcdump when --gcdump gives its path) and the RSS,
//      which also moves with the GC's allocation budget (tens of MB on this machine, whatever the circuits hold);
//   2. the time from a status change in one page (the issue's detail page) to the board in another page showing the
//      card in its new column after a reload, p50 and p95 over R rounds (the issue is made critical first: the board
//      shows the 20 most urgent cards of a column).
// Usage: UiBench --base http://127.0.0.1:5399 --pid APP_PID --space SPACE_ID --issue ISSUE_ID --key CUST-42
//                [--pages 50] [--rounds 20] [--chromium /usr/bin/chromium] [--email E --password P] [--gcdump PATH]
// Prints one "key=value" line per figure for run.sh to pick up.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using static IssueTracker.Tests.E2E.TrackerPages;
using static Microsoft.Playwright.Assertions;

var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--") && x.i + 1 < args.Length).ToDictionary(x => x.a[2..], x => args[x.i + 1]);
string Option(string name, string? fallback = null) => options.GetValueOrDefault(name) ?? fallback ?? throw new ArgumentException($"--{name} is required");
var baseUrl = Option("base");
var appPid = int.Parse(Option("pid"), CultureInfo.InvariantCulture);
var spaceId = Option("space");
var issueId = Option("issue");
var issueKey = Option("key");
var pageCount = int.Parse(Option("pages", "50"), CultureInfo.InvariantCulture);
var rounds = int.Parse(Option("rounds", "20"), CultureInfo.InvariantCulture);
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

// Status change in one page -> the board in another shows it after a reload.
var detail = pages[0];
var board = pages[1];
await OpenAsync(detail, $"/issues/{issueId}");
await ChooseAsync(detail, "priority-select", "Critical");
await Expect(detail.Locator("input[data-testid=priority-select]")).ToHaveValueAsync("Critical");
var times = new List<double>();
var changes = new List<double>();
var reloads = new List<double>();
for (var round = 0; round < rounds; round++)
{
    var (label, column) = round % 2 == 0 ? ("In progress", "InProgress") : ("Open", "Open");
    // A page behind another gets no animation frames, and Playwright waits for two of them before a click ("stable"):
    // without this, every click took 2 s in the browser, not in the app.
    await detail.BringToFrontAsync();
    await detail.GetByTestId("status-select").ClickAsync();
    var watch = Stopwatch.StartNew();
    await detail.GetByRole(AriaRole.Option, new() { Name = label, Exact = true }).ClickAsync();
    var clicked = watch.Elapsed.TotalMilliseconds;
    // Polled every 10 ms: Expect's own retry backs off (100, 250, 500, 1000 ms) and would round the times up.
    await detail.WaitForFunctionAsync("label => document.querySelector('input[data-testid=status-select]')?.value === label",
        label, new() { PollingInterval = 10 });
    var changed = watch.Elapsed.TotalMilliseconds;
    // The board is server-rendered: the card is in the first HTML, so wait for it, not for every avatar to load.
    await board.BringToFrontAsync();
    await board.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
    await board.WaitForFunctionAsync("([column, key]) => !!document.querySelector(`[data-testid=column-${column}] [data-testid=issue-card][data-key=\"${key}\"]`)",
        new[] { column, issueKey }, new() { PollingInterval = 10 });
    times.Add(watch.Elapsed.TotalMilliseconds);
    changes.Add(changed);
    reloads.Add(times[^1] - changed);
    if (Environment.GetEnvironmentVariable("UIBENCH_DEBUG") is not null)
        Console.Error.WriteLine(FormattableString.Invariant($"round {round}: clicked after {clicked:F0} ms, changed after {changed:F0} ms, board shows it after {times[^1]:F0} ms"));
}
times.Sort();
changes.Sort();
reloads.Sort();
// The two halves: the detail page showing its change, then the other page's board showing it after a reload.
Console.WriteLine(FormattableString.Invariant($"status_to_board_p50_ms={Percentile(times, 0.50):F0} status_to_board_p95_ms={Percentile(times, 0.95):F0} change_p50_ms={Percentile(changes, 0.50):F0} reload_p50_ms={Percentile(reloads, 0.50):F0} rounds={rounds}"));
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

static double RssMb(int pid) =>
    File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:")).Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).Single();

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

using IssueTracker.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace IssueTracker.Tests.E2E;

/// <summary>
/// The real app on Kestrel (a free loopback port) over a fresh database, and one headless Chromium from Debian.
/// Playwright's own browser download is never used.
/// </summary>
public class BrowserAppFixture : IssueTrackerFactory
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium was not started.");

    /// <summary>Where screenshots go: TestResults/e2e at the repository root, next to the TRX.</summary>
    public static string ArtifactsFolder { get; } =
        Directory.CreateDirectory(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../TestResults/e2e"))).FullName;

    public override async Task InitializeAsync()
    {
        if (!File.Exists(E2EFactAttribute.ChromiumPath)) return;
        UseKestrel(0);
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = E2EFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    protected override async Task StopAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Setup;

/// <summary>Tells the person who just ran the app where it is and how to sign in.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var options = app.Services.GetRequiredService<IOptions<IssueTrackerOptions>>().Value;
        var demo = options.SeedDemoData ?? app.Environment.IsDevelopment();
        Console.WriteLine();
        Console.WriteLine($"IssueTracker is running at {string.Join(", ", addresses)}");
        Console.WriteLine($"  Settings file: {SettingsFile.LoadedFrom ?? "(none found)"}");
        if (demo)
        {
            Console.WriteLine($"  Demo login:    {DemoData.DemoEmail} / {DemoData.DemoPassword}");
            Console.WriteLine($"  Demo API token: {DemoData.DemoApiToken}");
        }
        Console.WriteLine($"  API reference: {addresses.FirstOrDefault()}/api/docs");
        Console.WriteLine();
    }
}

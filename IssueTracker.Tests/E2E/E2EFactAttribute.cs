namespace IssueTracker.Tests.E2E;

/// <summary>
/// A browser test: runs in Debian's Chromium. Where Chromium is not installed (a plain <c>dotnet test</c> on a fresh
/// machine) it is skipped with the reason; <c>.ci/run</c> installs Chromium so CI always runs it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class E2EFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public E2EFactAttribute()
    {
        if (!File.Exists(ChromiumPath)) Skip = MissingChromium("Browser test");
    }

    /// <summary>Why a test of <paramref name="kind"/> that needs Chromium skips, and how to make it run.</summary>
    public static string MissingChromium(string kind) =>
        $"{kind} skipped: Chromium is not installed at {ChromiumPath}. Install it with 'apt-get install -y chromium' or run .ci/run, which does.";
}

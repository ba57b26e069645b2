using Bunit;
using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Components;

/// <summary>The runs strip: a check's last results at a glance, each one named in words.</summary>
public sealed class RunStripTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    private static AlertRunDto Run(RunStatus status, int hour) => new(new DateTime(2026, 12, 4, hour, 0, 0, DateTimeKind.Utc), status, "dbt", "run-" + hour, null);

    [Fact]
    public void ShowsTheLastResults_OldestFirst_WithWords_AndHowOftenTheOutcomeChanged()
    {
        // Newest first, as the API gives them: passing at 4, failing at 3, passing at 2, warning at 1.
        IReadOnlyList<AlertRunDto> runs = [Run(RunStatus.Passing, 4), Run(RunStatus.Failing, 3), Run(RunStatus.Passing, 2), Run(RunStatus.Warning, 1)];

        var cut = Render<RunStrip>(p => p.Add(x => x.Runs, runs));

        var marks = cut.FindAll("[data-testid=run-strip] li");
        Assert.Equal(["Warning at 2026-12-04 01:00 UTC", "Passing at 2026-12-04 02:00 UTC", "Failing at 2026-12-04 03:00 UTC", "Passing at 2026-12-04 04:00 UTC"],
            marks.Select(m => m.GetAttribute("aria-label")));
        Assert.Equal("run run-failing", marks[2].GetAttribute("class"));
        Assert.Equal("Last 4 results: 2 passing, 1 failing, 1 warning; the outcome changed 3 times.", cut.Find("[data-testid=run-summary]").TextContent);
    }

    [Fact]
    public void ShowsAtMostThirty_AndNothingWithoutResults()
    {
        var many = Enumerable.Range(0, 40).Select(i => Run(RunStatus.Failing, i % 24)).ToList();

        Assert.Equal(RunStrip.Shown, Render<RunStrip>(p => p.Add(x => x.Runs, many)).FindAll("li").Count);
        Assert.Empty(Render<RunStrip>(p => p.Add(x => x.Runs, [])).FindAll("[data-testid=run-strip]"));
    }
}

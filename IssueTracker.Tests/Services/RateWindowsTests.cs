using Microsoft.Extensions.Time.Testing;

namespace IssueTracker.Tests.Services;

public sealed class RateWindowsTests
{
    [Fact]
    public void ARefusal_SaysTheTrueSecondsUntilTheWindowReopens_AndTheWindowThenReopensInFull()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
        var windows = new RateWindows(clock);

        var first = windows.Take("caller:a", 2, TimeSpan.FromMinutes(1));
        clock.Advance(TimeSpan.FromSeconds(45));
        var second = windows.Take("caller:a", 2, TimeSpan.FromMinutes(1));
        var refused = windows.Take("caller:a", 2, TimeSpan.FromMinutes(1));
        var someoneElse = windows.Take("caller:b", 2, TimeSpan.FromMinutes(1));
        clock.Advance(TimeSpan.FromSeconds(15));
        var reopened = windows.Take("caller:a", 2, TimeSpan.FromMinutes(1));

        Assert.Equal((true, 2, 1, 60), (first.Allowed, first.Limit, first.Remaining, first.ResetSeconds));
        Assert.Equal((true, 0, 15), (second.Allowed, second.Remaining, second.ResetSeconds));
        Assert.Equal((false, 0, 15), (refused.Allowed, refused.Remaining, refused.ResetSeconds));
        Assert.Equal((true, 1), (someoneElse.Allowed, someoneElse.Remaining));
        Assert.Equal((true, 1, 60), (reopened.Allowed, reopened.Remaining, reopened.ResetSeconds));
    }
}

namespace IssueTracker.Web.Contracts;

/// <summary>
/// Two percentiles of a duration in whole seconds; null where nothing was measured. Linearly interpolated between
/// the nearest ranks (what spreadsheets and numpy do by default), so a hand computation gives the same numbers.
/// </summary>
public sealed record Percentiles(long? P50, long? P90)
{
    public static Percentiles Of(IEnumerable<TimeSpan> durations)
    {
        var seconds = durations.Select(d => d.TotalSeconds).Order().ToArray();
        return seconds.Length == 0 ? new Percentiles(null, null) : new Percentiles(At(seconds, 0.5), At(seconds, 0.9));
    }

    private static long At(double[] sorted, double share)
    {
        var rank = share * (sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return (long)Math.Round(sorted[below] + (sorted[above] - sorted[below]) * (rank - below), MidpointRounding.AwayFromZero);
    }
}

/// <summary>
/// The headline figures of a scope and period: issues opened and resolved in it, open now, time to acknowledge (of the
/// issues opened in it) and to resolve (of those resolved in it), and how many opened in it breached their SLA.
/// </summary>
public sealed record InsightFigures(int Opened, int Resolved, int OpenNow, Percentiles MttaSeconds, Percentiles MttrSeconds, int SlaBreached);

public sealed record InsightsByPriority(InsightFigures Critical, InsightFigures High, InsightFigures Medium, InsightFigures Low);

/// <summary>Issues resolved in the period by their reason; <see cref="None"/> counts those resolved without one.</summary>
public sealed record InsightsByResolution(int Fixed, int FalsePositive, int ExpectedChange, int Duplicate, int WontFix, int Other, int None);

public sealed record ProductInsight(NamedRef Product, int Opened, int OpenNow, Percentiles MttrSeconds);

/// <summary>One ISO week (<c>2026-W48</c>): opened and resolved in it, and the time to resolve of those resolved.</summary>
public sealed record WeekInsight(string Week, DateTime Starts, int Opened, int Resolved, Percentiles MttrSeconds);

public sealed record AlertCheckRef(Guid Id, string Check);

/// <summary>A check that fires often: its firing episodes in the period and how many of its issues were false positives.</summary>
public sealed record NoisyAlert(AlertCheckRef Alert, int Episodes, int FalsePositive);

/// <summary><c>GET /api/insights</c> (the OpenAPI document): one scope (visible spaces, or one space, or one product) over a period.</summary>
public sealed record InsightsDto(
    DateTime From,
    DateTime To,
    int Opened,
    int Resolved,
    int OpenNow,
    Percentiles MttaSeconds,
    Percentiles MttrSeconds,
    int SlaBreached,
    InsightsByPriority ByPriority,
    InsightsByResolution ByResolution,
    IReadOnlyList<ProductInsight> ByProduct,
    IReadOnlyList<WeekInsight> Weekly,
    IReadOnlyList<NoisyAlert> NoisiestAlerts);

/// <summary>What <c>GET /api/insights</c> asks: <see cref="From"/> and <see cref="To"/> default to the last 90 days.</summary>
public sealed record InsightsQuery(Guid? SpaceId = null, Guid? ProductId = null, DateTime? From = null, DateTime? To = null);

public sealed record OpenIssueCounts(int Critical, int High, int Medium, int Low);

/// <summary>
/// <c>GET /api/products/{id}/health</c>: failing with an open critical issue or a firing schema or freshness alert,
/// degraded with an open high issue or any firing alert, else healthy; <see cref="Since"/> is when that began (as far as
/// the tracker knows), null for a product that never had an issue.
/// </summary>
public sealed record ProductHealthDto(NamedRef Product, ProductHealthStatus Status, OpenIssueCounts OpenIssues, int FiringAlerts, DateTime? Since);

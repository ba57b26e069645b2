using System.Linq.Expressions;

namespace IssueTracker.Web.Triage;

/// <summary>
/// The SLA's rules in one place (the OpenAPI document): deadlines run from <c>created_at</c> with the space's SLA for the
/// issue's priority; a deadline is due soon when less than 20 % of its time is left; a missed deadline stays missed (a
/// late acknowledgement is a breach even once acknowledged); a resolved issue has met its SLA or breached it.
/// </summary>
public static class SlaRules
{
    /// <summary>A deadline is due soon when less than this share of its whole time is left.</summary>
    public const double DueSoonShare = 0.2;

    /// <summary>
    /// Sets the issue's deadlines from its space's SLA for its priority (none: no SLA), then what is pending. New
    /// deadlines are told of from the state they put the issue in <paramref name="now"/> on: the watcher tells of
    /// states the clock reaches later, never again of one the issue was in as its deadlines changed (a priority
    /// changed on an issue whose acknowledgement was late two months ago is not "breached" news).
    /// </summary>
    internal static void Apply(Issue issue, SpaceSla? sla, DateTime now)
    {
        var acknowledgeBy = sla?.AcknowledgeSeconds is { } ack ? issue.CreatedAt.AddSeconds(ack) : (DateTime?)null;
        var resolveBy = sla?.ResolveSeconds is { } resolve ? issue.CreatedAt.AddSeconds(resolve) : (DateTime?)null;
        var changed = acknowledgeBy != issue.AcknowledgeBy || resolveBy != issue.ResolveBy;
        (issue.AcknowledgeBy, issue.ResolveBy) = (acknowledgeBy, resolveBy);
        Pending(issue);
        if (changed)
            issue.SlaNotified = StateAt(new SlaTimes(issue.AcknowledgeBy, issue.ResolveBy, issue.SlaWarnAt, issue.SlaBreachAt, issue.AcknowledgedAt, issue.ResolvedAt), now);
    }

    /// <summary>
    /// The next pending deadline and when it is due soon, the two columns the list's <c>sla</c> filter and the SLA
    /// watcher compare with the clock: none once resolved.
    /// </summary>
    internal static void Pending(Issue issue)
    {
        DateTime? breach = null, warn = null;
        if (issue.Status != IssueStatus.Resolved)
        {
            // The acknowledgement deadline stays pending while unacknowledged, and for good once it was missed.
            if (issue.AcknowledgeBy is { } ackBy && (issue.AcknowledgedAt is null || issue.AcknowledgedAt > ackBy))
                (breach, warn) = Earlier((breach, warn), ackBy, WarnAt(issue.CreatedAt, ackBy));
            if (issue.ResolveBy is { } resolveBy)
                (breach, warn) = Earlier((breach, warn), resolveBy, WarnAt(issue.CreatedAt, resolveBy));
        }
        issue.SlaBreachAt = breach;
        issue.SlaWarnAt = warn;
    }

    /// <summary>The state a reader sees at <paramref name="now"/>; null without an SLA.</summary>
    public static SlaDto? At(SlaTimes? times, DateTime now)
    {
        if (times is null || (times.AcknowledgeBy is null && times.ResolveBy is null)) return null;
        return new SlaDto(times.AcknowledgeBy, times.ResolveBy, StateAt(times, now));
    }

    public static SlaState StateAt(SlaTimes times, DateTime now)
    {
        if (times.ResolvedAt is { } resolvedAt)
        {
            var late = resolvedAt > times.ResolveBy || (times.AcknowledgedAt ?? resolvedAt) > times.AcknowledgeBy;
            return late ? SlaState.Breached : SlaState.Met;
        }
        // "Resolve by 14:00": 14:00 itself is still in time.
        if (times.BreachAt < now) return SlaState.Breached;
        return times.WarnAt <= now ? SlaState.DueSoon : SlaState.Ok;
    }

    /// <summary>The deadline a reader is racing now (acknowledge while pending, else resolve), for "2 h left".</summary>
    public static DateTime? NextDeadline(SlaTimes times) =>
        times.ResolvedAt is not null ? null
        : times.AcknowledgeBy is { } ackBy && times.AcknowledgedAt is null ? ackBy
        : times.ResolveBy;

    /// <summary>
    /// The issues whose state at <paramref name="now"/> is one of <paramref name="states"/> (due_soon, breached), as
    /// <see cref="StateAt"/> says, in SQL: an unresolved issue's pending deadline (one indexed column, null once
    /// resolved) against the clock, or a resolved issue that missed a deadline, read from its own columns.
    /// </summary>
    internal static Expression<Func<Issue, bool>> InState(IReadOnlyCollection<SlaState> states, DateTime now) =>
        (states.Contains(SlaState.DueSoon), states.Contains(SlaState.Breached)) switch
        {
            (true, true) => i => i.SlaWarnAt <= now || (i.Status == IssueStatus.Resolved
                && (i.ResolvedAt > i.ResolveBy || i.AcknowledgedAt > i.AcknowledgeBy || (i.AcknowledgedAt == null && i.ResolvedAt > i.AcknowledgeBy))),
            (true, false) => i => i.SlaWarnAt <= now && i.SlaBreachAt >= now,
            _ => i => i.SlaBreachAt < now || (i.Status == IssueStatus.Resolved
                && (i.ResolvedAt > i.ResolveBy || i.AcknowledgedAt > i.AcknowledgeBy || (i.AcknowledgedAt == null && i.ResolvedAt > i.AcknowledgeBy))),
        };

    internal static DateTime WarnAt(DateTime from, DateTime deadline) => deadline - (deadline - from) * DueSoonShare;

    private static (DateTime?, DateTime?) Earlier((DateTime? Breach, DateTime? Warn) so, DateTime breach, DateTime warn) =>
        (so.Breach is { } b && b <= breach ? b : breach, so.Warn is { } w && w <= warn ? w : warn);
}

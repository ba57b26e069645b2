using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Alerts;

/// <summary>
/// What one report of an alert does to its issue, inside the report's transaction: a firing episode opens, reopens or
/// notes its issue, a resolving one resolves it, each through <see cref="IssueChange"/> as the Quality monitor. An
/// alert's issue is its most recent one, and it has at most one open issue at a time.
/// </summary>
internal sealed class AlertEpisodes(ApplicationDbContext db, Alert alert, EffectiveAlertPolicy policy, DateTime now)
{
    private static readonly Guid Monitor = SystemUsers.QualityMonitorId;

    /// <summary>
    /// A firing report: the alert's open issue hears of a new episode once; with no open issue, the latest one reopens
    /// when it was resolved within the reopen window, else a new issue opens (linking the previous one). Returns the
    /// issue change to save and what it does, or null when the issue is left alone. A report's own priority and
    /// assignee (a connector's) win over the policy's for a new issue, and its details go into the description.
    /// </summary>
    public async Task<EpisodeResult?> OnFiringAsync(DataProduct product, AlertService.ValidReport report, bool newEpisode, CancellationToken ct)
    {
        var latest = await LatestIssueAsync(ct);
        if (latest is { Status: not IssueStatus.Resolved })
        {
            if (!newEpisode) return null;
            var noted = IssueChange.Of(db, latest, Monitor, now);
            noted.Record(IssueEventKind.AlertFired, null, alert.Message ?? alert.Title);
            return new(noted, EpisodeOutcome.Updated);
        }
        if (!policy.AutoOpen) return null;

        if (latest is { ResolvedAt: { } resolvedAt } && now - resolvedAt <= TimeSpan.FromHours(policy.ReopenWindowHours))
        {
            var reopened = IssueChange.Of(db, latest, Monitor, now);
            reopened.SetStatus(IssueStatus.Open);
            reopened.Record(IssueEventKind.AlertFired, null, alert.Message ?? alert.Title);
            return new(reopened, EpisodeOutcome.Reopened);
        }

        Guid? assignee = null;
        foreach (var candidate in new[] { report.AssigneeId, policy.DefaultAssigneeId })
        {
            if (candidate is { } id && await db.SpaceMembers.AnyAsync(m => m.SpaceId == alert.SpaceId && m.UserId == id && m.Role >= RoleRules.ChangeIssuesRole, ct))
            {
                assignee = id;
                break;
            }
        }
        var previous = latest is null ? (IssueKey?)null : new IssueKey(await db.Spaces.Where(s => s.Id == latest.SpaceId).Select(s => s.Key).SingleAsync(ct), latest.Number);
        var opened = await IssueChange.CreateAsync(db, new Issue
        {
            SpaceId = alert.SpaceId,
            Title = alert.Title,
            Description = Describe(product, report, previous is { } key ? (key, latest!) : null),
            Status = IssueStatus.Open,
            Priority = report.Priority ?? policy.Priorities[alert.Kind],
            ProductId = product.Id,
            AssigneeId = assignee,
            ReporterId = Monitor,
            AlertId = alert.Id,
        }, alert.Title, now, ct);
        opened.Record(IssueEventKind.AlertFired, null, alert.Message ?? alert.Title);
        // The same check failing again: the two issues are linked for real, both ways, not only named in the text.
        if (latest is not null) await IssueLinks.AddAsync(db, opened, latest, IssueLinkType.RelatesTo, ct);
        return new(opened, EpisodeOutcome.Opened);
    }

    /// <summary>A firing episode ends: the open issue hears of it, and is resolved when the policy says so.</summary>
    public async Task<EpisodeResult?> OnResolvedAsync(CancellationToken ct)
    {
        var issue = await LatestIssueAsync(ct);
        if (issue is null or { Status: IssueStatus.Resolved }) return null;
        var change = IssueChange.Of(db, issue, Monitor, now);
        change.Record(IssueEventKind.AlertResolved, null, alert.Message ?? alert.Title);
        if (policy.AutoResolve)
        {
            var content = $"The check {MarkdownRenderer.Code(alert.Check)} passed at {now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, so this issue was resolved automatically. " +
                          "If it fails again, the issue reopens.";
            var comment = new Comment { Id = Ids.New(now), IssueId = issue.Id, AuthorId = Monitor, Content = content, CreatedAt = now };
            db.Comments.Add(comment);
            change.Record(IssueEventKind.CommentAdded, null, content, comment.Id);
            change.Publish(ChangeTypes.CommentCreated, comment.Id);
            change.SetStatus(IssueStatus.Resolved);
            change.SetResolution(IssueResolution.Fixed, null, null);
            return new(change, EpisodeOutcome.Resolved);
        }
        return new(change, EpisodeOutcome.Updated);
    }

    private Task<Issue?> LatestIssueAsync(CancellationToken ct) =>
        db.Issues.Where(i => i.AlertId == alert.Id).OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).FirstOrDefaultAsync(ct);

    /// <summary>
    /// What failed, where, observed against expected, since when; and the issue this one follows. The monitor's words
    /// (check, message) and the product's name are escaped: they show as text, never as markup.
    /// </summary>
    private string Describe(DataProduct product, AlertService.ValidReport report, (IssueKey Key, Issue Issue)? previous)
    {
        var text = new StringBuilder();
        text.AppendLine($"The **{WireNames.Words(alert.Kind)}** check {MarkdownRenderer.Code(alert.Check)} on **{MarkdownRenderer.Escape(product.Name)}** is failing.").AppendLine();
        if (!string.IsNullOrWhiteSpace(alert.Message)) text.AppendLine($"> {MarkdownRenderer.Escape(alert.Message)}").AppendLine();
        text.AppendLine("| | |").AppendLine("|---|---|");
        text.AppendLine($"| Check | {MarkdownRenderer.Escape(alert.Check)} |");
        text.AppendLine($"| Product | {MarkdownRenderer.Escape(product.Name)} |");
        if (report.Value is { } observed) text.AppendLine($"| Observed | {Number(observed)} |");
        if (report.Threshold is { } expected) text.AppendLine($"| Expected (threshold) | {Number(expected)} |");
        text.AppendLine($"| First seen | {alert.FirstSeenAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC |");
        text.AppendLine($"| Opened | {now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC |");
        if (report.Details is { } details) text.AppendLine().AppendLine(details);
        if (previous is { } p)
            text.AppendLine().AppendLine($"This check failed before: [{p.Key}](/issues/{p.Issue.Id}), resolved {p.Issue.ResolvedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.");
        return text.ToString();
    }

    private static string Number(double value) => value.ToString("#,0.###", CultureInfo.InvariantCulture);
}

/// <summary>What a report does to its alert's issue.</summary>
internal enum EpisodeOutcome { Opened, Reopened, Updated, Resolved }

/// <summary>The issue change a report makes (to save), and what it does.</summary>
internal sealed record EpisodeResult(IssueChange Change, EpisodeOutcome What);

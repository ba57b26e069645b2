using IssueTracker.Web.Data;
using IssueTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

/// <summary>Which issue belongs to an alert now: its most recent one. An alert has at most one open issue at a time.</summary>
internal static class AlertIssues
{
    public static Task<Issue?> LatestAsync(ApplicationDbContext db, Guid alertId, CancellationToken ct) =>
        db.Issues.Where(i => i.AlertId == alertId).OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).FirstOrDefaultAsync(ct);

    public static Task<string?> OpenIssueKeyAsync(ApplicationDbContext db, Guid alertId, CancellationToken ct) =>
        db.Issues.Where(i => i.AlertId == alertId && i.Status != IssueStatus.Resolved)
            .Select(i => i.Space.Key + "-" + i.Number)
            .FirstOrDefaultAsync(ct);
}

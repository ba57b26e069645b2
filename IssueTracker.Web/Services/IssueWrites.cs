using IssueTracker.Web.Data;
using IssueTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

/// <summary>
/// The writes both people (IssueService) and the alert engine (AlertService) make to issues, inside the caller's
/// transaction: numbering, status with resolved_at, and the history line of each. Access checks stay with the callers.
/// </summary>
internal static class IssueWrites
{
    /// <summary>Adds an issue with the next number of its space and its <c>created</c> (and <c>alert_linked</c>) history.</summary>
    public static async Task<Issue> AddAsync(ApplicationDbContext db, Issue issue, string? alertTitle, DateTime now, CancellationToken ct)
    {
        // An atomic increment that returns the new number in one statement (UPDATE … RETURNING: SQLite 3.35+ and
        // PostgreSQL): concurrent creates never share a number, and the write lock is held one statement shorter.
        issue.Number = (await db.Database.SqlQuery<int>(
            $"""UPDATE "Spaces" SET "LastIssueNumber" = "LastIssueNumber" + 1 WHERE "Id" = {issue.SpaceId} RETURNING "LastIssueNumber" AS "Value" """)
            .ToListAsync(ct)).Single();
        issue.Id = Ids.New(now);
        issue.CreatedAt = issue.UpdatedAt = now;
        issue.Version = 1;
        db.Issues.Add(issue);
        History.Add(db, issue.Id, IssueEventKind.Created, null, issue.Title, issue.ReporterId, now);
        if (alertTitle is not null) History.Add(db, issue.Id, IssueEventKind.AlertLinked, null, alertTitle, issue.ReporterId, now);
        return issue;
    }

    /// <summary>Moves a tracked issue to <paramref name="to"/>: resolved_at follows, one <c>status_changed</c> line.</summary>
    public static void SetStatus(ApplicationDbContext db, Issue issue, IssueStatus to, Guid actorId, DateTime now)
    {
        if (issue.Status == to) return;
        History.Add(db, issue.Id, IssueEventKind.StatusChanged, History.Value(issue.Status), History.Value(to), actorId, now);
        issue.Status = to;
        issue.ResolvedAt = to == IssueStatus.Resolved ? now : null;
    }

    /// <summary>Marks a tracked issue changed: new updated_at and version (its ETag).</summary>
    public static void Touch(Issue issue, DateTime now)
    {
        issue.UpdatedAt = now;
        issue.Version++;
    }
}

using IssueTracker.Web.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Issues;

/// <summary>
/// The text filter <c>q</c> of an issue list: an issue key (<c>CUST-42</c>) matches that issue; anything else matches
/// issues whose key, title, description or comments contain every word (as a word prefix), case- and accent-insensitively.
/// </summary>
internal static class IssueSearch
{
    public static IQueryable<Issue> Apply(IQueryable<Issue> issues, ApplicationDbContext db, string q)
    {
        q = q.Trim();
        if (q.Length == 0) return issues;
        if (IssueKey.TryParse(q, out var key)) return issues.Where(i => i.Space.Key == key.SpaceKey && i.Number == key.Number);

        if (db.Database.IsSqlite()) return SqliteIssueSearch.Apply(issues, db, q);

        // Other providers: a plain case-insensitive LIKE until they get their own full-text seam.
        var pattern = "%" + q.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        return issues.Where(i =>
            EF.Functions.Like(i.Title.ToLower(), pattern, "\\")
            || EF.Functions.Like(i.Description.ToLower(), pattern, "\\")
            || db.Comments.Any(c => c.IssueId == i.Id && EF.Functions.Like(c.Content.ToLower(), pattern, "\\")));
    }
}

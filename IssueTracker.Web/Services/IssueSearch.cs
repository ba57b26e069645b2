using System.Text.RegularExpressions;
using IssueTracker.Web.Data;
using IssueTracker.Web.Data.Sqlite;
using IssueTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

/// <summary>
/// The text filter <c>q</c> of an issue list: an issue key (<c>CUST-42</c>) matches that issue; anything else matches
/// issues whose key, title, description or comments contain every word (as a word prefix), case- and accent-insensitively.
/// </summary>
internal static partial class IssueSearch
{
    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9]{1,9})-(\d{1,9})$")]
    private static partial Regex KeyPattern();

    public static IQueryable<Issue> Apply(IQueryable<Issue> issues, ApplicationDbContext db, string q)
    {
        q = q.Trim();
        if (q.Length == 0) return issues;
        var key = KeyPattern().Match(q);
        if (key.Success)
        {
            var spaceKey = key.Groups[1].Value.ToUpperInvariant();
            var number = int.Parse(key.Groups[2].Value);
            return issues.Where(i => i.Space.Key == spaceKey && i.Number == number);
        }

        if (db.Database.IsSqlite()) return SqliteIssueSearch.Apply(issues, db, q);

        // Other providers: a plain case-insensitive LIKE until they get their own full-text seam.
        var pattern = "%" + q.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        return issues.Where(i =>
            EF.Functions.Like(i.Title.ToLower(), pattern, "\\")
            || EF.Functions.Like(i.Description.ToLower(), pattern, "\\")
            || EF.Functions.Like((i.Space.Key + "-" + i.Number).ToLower(), pattern, "\\")
            || db.Comments.Any(c => c.IssueId == i.Id && EF.Functions.Like(c.Content.ToLower(), pattern, "\\")));
    }
}

using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Data.Sqlite;

/// <summary>
/// Full-text search over issues with SQLite FTS5: one row per issue (key, title, description, and all its comments),
/// keyed by the issue's search key in <c>IssueSearchKeys</c> (an INTEGER PRIMARY KEY, which VACUUM never renumbers,
/// unlike the Issues table's implicit rowid). Triggers keep it in step with every insert, update and delete of issues
/// and comments, in the same transaction as the write, including cascades. The tables and triggers are created by the
/// <c>SearchIndexKeyedOnIssueId</c> migration. PostgreSQL's counterpart is <see cref="Postgres.PostgresIssueSearch"/>.
/// </summary>
public static partial class SqliteIssueSearch
{
    public const string Table = "IssueSearch";

    /// <summary>The issues whose text matches every word of <paramref name="text"/> (as a prefix), as one composable subquery.</summary>
    public static IQueryable<Issue> Apply(IQueryable<Issue> issues, ApplicationDbContext db, string text)
    {
        var match = ToMatchExpression(text);
        if (match is null) return issues;
        var matching = db.Database.SqlQuery<Guid>($"SELECT k.IssueId AS Value FROM IssueSearch JOIN IssueSearchKeys AS k ON k.RowId = IssueSearch.rowid WHERE IssueSearch MATCH {match}");
        return issues.Where(i => matching.Contains(i.Id));
    }

    [GeneratedRegex(@"[\p{L}\p{N}_]+")]
    private static partial Regex Word();

    /// <summary>User text to an FTS5 query: each word quoted (so nothing is FTS syntax) and matched as a prefix.</summary>
    public static string? ToMatchExpression(string text)
    {
        var words = Word().Matches(text).Select(m => m.Value).Take(16).ToList();
        if (words.Count == 0) return null;
        var query = new StringBuilder();
        foreach (var word in words) query.Append(query.Length == 0 ? "" : " ").Append('"').Append(word.Replace("\"", "\"\"")).Append("\"*");
        return query.ToString();
    }
}

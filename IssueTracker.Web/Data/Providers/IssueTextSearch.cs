using IssueTracker.Web.Data.Postgres;
using IssueTracker.Web.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Data.Providers;

/// <summary>
/// The issues whose key, title, description or comments contain every word of a text (as a word prefix), case- and
/// accent-insensitively, from the running provider's full-text index: FTS5 on SQLite, <c>tsvector</c> + GIN on
/// PostgreSQL. Both index the same text and split it into the same words, so both find the same issues.
/// </summary>
public static class IssueTextSearch
{
    public static IQueryable<Issue> Matching(IQueryable<Issue> issues, ApplicationDbContext db, string text) =>
        db.Database.IsNpgsql() ? PostgresIssueSearch.Apply(issues, db, text) : SqliteIssueSearch.Apply(issues, db, text);
}

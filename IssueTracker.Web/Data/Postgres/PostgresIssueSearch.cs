using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Data.Postgres;

/// <summary>
/// Full-text search over issues on PostgreSQL, as <see cref="Sqlite.SqliteIssueSearch"/> does it on SQLite: one
/// <c>tsvector</c> per issue (key, title, description and all its comments) in <c>IssueSearch</c>, under a GIN index,
/// kept in step by triggers in the same transaction as every write (migration <c>SearchAndCommitOrder</c> in Data/Postgres/Migrations). Text is
/// unaccented and split on everything that is not a letter or a digit before it is indexed, as SQLite's
/// <c>unicode61 remove_diacritics</c> tokenizer does, so both providers find the same issues for the same words.
/// </summary>
public static partial class PostgresIssueSearch
{
    /// <summary>The issues whose text matches every word of <paramref name="text"/> (as a prefix), as one composable subquery.</summary>
    public static IQueryable<Issue> Apply(IQueryable<Issue> issues, ApplicationDbContext db, string text)
    {
        var query = ToTsQuery(text);
        if (query is null) return issues;
        var matching = db.Database.SqlQuery<Guid>(
            $"""SELECT "IssueId" AS "Value" FROM "IssueSearch" WHERE "Document" @@ to_tsquery('simple', unaccent({query}))""");
        return issues.Where(i => matching.Contains(i.Id));
    }

    // The words as SQLite's search reads them (letters, digits and underscores), so both providers read a query alike.
    [GeneratedRegex(@"[\p{L}\p{N}_]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Part();

    /// <summary>
    /// User text to a <c>tsquery</c>: each word quoted (so nothing is query syntax) and matched as a prefix, all
    /// required. A word the index splits (<c>customer_id</c>) must match as those words in a row, as FTS5's phrase does.
    /// </summary>
    public static string? ToTsQuery(string text)
    {
        var words = Word().Matches(text).Select(m => Part().Matches(m.Value).Select(p => p.Value).ToList()).Where(p => p.Count > 0).Take(16).ToList();
        if (words.Count == 0) return null;
        var query = new StringBuilder();
        foreach (var parts in words)
        {
            if (query.Length > 0) query.Append(" & ");
            if (parts.Count > 1) query.Append('(');
            for (var i = 0; i < parts.Count; i++)
                query.Append(i == 0 ? "" : " <-> ").Append('\'').Append(parts[i]).Append(i == parts.Count - 1 ? "':*" : "'");
            if (parts.Count > 1) query.Append(')');
        }
        return query.ToString();
    }
}

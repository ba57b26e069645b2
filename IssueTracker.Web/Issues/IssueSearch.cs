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

        return IssueTextSearch.Matching(issues, db, q);
    }
}

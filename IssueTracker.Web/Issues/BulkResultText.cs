namespace IssueTracker.Web.Issues;

/// <summary>"12 updated, 1 refused: You are a viewer in this space…" from the per-issue results of a bulk change.</summary>
public static class BulkResultText
{
    public static string Summarize(IReadOnlyList<BulkItemResult> results)
    {
        var updated = results.Count(r => r.Updated);
        var refused = results.Where(r => !r.Updated).ToList();
        var text = $"{updated} updated";
        if (refused.Count == 0) return text;
        var reasons = refused.GroupBy(r => r.Error)
            .Select(g => $"{g.Key} ({string.Join(", ", g.Select(r => r.Key ?? "unknown issue"))})");
        return $"{text}, {refused.Count} refused: {string.Join("; ", reasons)}";
    }
}

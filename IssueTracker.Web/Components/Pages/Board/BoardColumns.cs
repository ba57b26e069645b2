using System.Text.Json.Nodes;

namespace IssueTracker.Web.Components.Pages.Board;

/// <summary>
/// One column of the board: how many issues it holds, and the first of them, in the board's order. It holds a few
/// more than it shows (<see cref="BoardColumns.Spare"/>), so that a card leaving it is replaced without a read.
/// </summary>
public sealed record BoardColumn(int Total, IReadOnlyList<IssueSummaryDto> Items)
{
    /// <summary>The cards shown when the column shows at most <paramref name="shown"/>.</summary>
    public IEnumerable<IssueSummaryDto> Visible(int shown) => Items.Take(shown);

    /// <summary>How many cards are shown when the column shows at most <paramref name="shown"/>.</summary>
    public int VisibleCount(int shown) => Math.Min(Items.Count, shown);
}

/// <summary>
/// Moves one changed issue between the board's columns as they are shown, without reading the board again: the
/// issue as it is now (read once for every board that shows it), the event's from-values for how it was, and the
/// board's filter decide which column loses it, which gains it and where it goes. When that cannot be known here (a
/// text search, a deleted issue, a resolved date that is gone), it says so and the board reads itself again.
/// </summary>
public static class BoardColumns
{
    /// <summary>
    /// Cards a column holds past those it shows. Without them every card leaving a full column made each open board of it
    /// read the board again (three list queries and a second render per board and change); with them, only every
    /// sixth such change does. They are not rendered, so they hold no render tree in the server's memory.
    /// </summary>
    public const int Spare = 5;

    /// <summary>How many cards a column reads and holds when it shows <paramref name="shown"/>.</summary>
    public static int Held(int shown) => Math.Min(shown + Spare, PageRequest.MaxSize);

    /// <summary>The order of a column: the most urgent and then the most recently changed first; resolved by recency.</summary>
    public static int Compare(IssueStatus column, IssueSummaryDto a, IssueSummaryDto b)
    {
        var byPriority = column == IssueStatus.Resolved ? 0 : b.Priority.CompareTo(a.Priority);
        if (byPriority != 0) return byPriority;
        var byUpdate = b.UpdatedAt.CompareTo(a.UpdatedAt);
        return byUpdate != 0 ? byUpdate : b.Id.CompareTo(a.Id);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to <paramref name="columns"/> (each showing at most <paramref name="shown"/>
    /// of its status and holding <see cref="Held"/>), given <paramref name="now"/>: the issue after it, null when the person may no longer see it.
    /// False when the board must be read again instead; <paramref name="underfilled"/> when a column now shows fewer
    /// cards than it could (one left it), which a later read fills in.
    /// </summary>
    public static bool TryApply(
        Dictionary<IssueStatus, BoardColumn> columns, Func<IssueStatus, int> shown, IssueFilter filter, Guid actorId, DateTime recentlyResolvedSince,
        ChangeEvent change, IssueSummaryDto? now, out bool underfilled)
    {
        underfilled = false;
        // Text and SLA filters and the SLA order depend on what the card does not carry (comments; the clock): the board
        // reads them again.
        if (!string.IsNullOrWhiteSpace(filter.Q) || filter.Sla.Count > 0 || filter.SlaFirst || change.IssueId is not { } issueId) return false;
        if (change.Type is not (ChangeTypes.IssueCreated or ChangeTypes.IssueUpdated)) return false;
        var shownIn = columns.FirstOrDefault(c => c.Value.Items.Any(i => i.Id == issueId));
        if (now is null)
        {
            // Out of sight now (moved to another space, or the person left it): gone from the board.
            if (shownIn.Value is null) return false;
            columns[shownIn.Key] = new BoardColumn(shownIn.Value.Total - 1, shownIn.Value.Items.Where(i => i.Id != issueId).ToList());
            underfilled = Underfilled(columns, shown);
            return true;
        }

        bool matchedBefore;
        IssueStatus statusBefore = now.Status;
        if (change.Type == ChangeTypes.IssueCreated) matchedBefore = false;
        else
        {
            var changes = change.Changes is null ? [] : JsonNode.Parse(change.Changes)!.AsObject();
            statusBefore = From(changes, "status", now.Status);
            // A resolved date that the change cleared is not in the event: whether the issue was in the recent window is unknown.
            if (statusBefore == IssueStatus.Resolved && now.Status != IssueStatus.Resolved && !filter.AllResolved) return false;
            matchedBefore = Matches(filter, actorId, now.Space.Id,
                changes.ContainsKey("product") ? IdFrom(changes, "product") : now.Product?.Id,
                From(changes, "priority", now.Priority),
                changes.ContainsKey("assignee") ? IdFrom(changes, "assignee") : now.Assignee?.Id,
                statusBefore, now.ResolvedAt, filter.AllResolved, recentlyResolvedSince);
        }
        var matchesNow = Matches(filter, actorId, now.Space.Id, now.Product?.Id, now.Priority, now.Assignee?.Id, now.Status, now.ResolvedAt, filter.AllResolved, recentlyResolvedSince);
        // The board shows the card where the event says it was; otherwise this board missed something: read it again.
        if (shownIn.Value is not null && (!matchedBefore || shownIn.Key != statusBefore)) return false;

        if (shownIn.Value is not null)
            columns[shownIn.Key] = shownIn.Value with { Items = shownIn.Value.Items.Where(i => i.Id != issueId).ToList() };
        if (matchedBefore)
            columns[statusBefore] = columns[statusBefore] with { Total = columns[statusBefore].Total - 1 };
        if (matchesNow)
        {
            var column = columns[now.Status];
            var items = column.Items.ToList();
            var at = items.FindIndex(i => Compare(now.Status, now, i) < 0);
            // Past the last card shown: it belongs on the board only when the column showed all it had.
            if (at < 0 && items.Count == column.Total) at = items.Count;
            if (at >= 0) items.Insert(at, now);
            if (items.Count > Held(shown(now.Status))) items.RemoveAt(items.Count - 1);
            columns[now.Status] = new BoardColumn(column.Total + 1, items);
        }
        underfilled = Underfilled(columns, shown);
        return true;
    }

    private static bool Underfilled(Dictionary<IssueStatus, BoardColumn> columns, Func<IssueStatus, int> shown) =>
        columns.Any(c => c.Value.Items.Count < Math.Min(c.Value.Total, shown(c.Key)));

    private static bool Matches(
        IssueFilter filter, Guid actorId, Guid spaceId, Guid? productId, IssuePriority priority, Guid? assigneeId,
        IssueStatus status, DateTime? resolvedAt, bool allResolved, DateTime recentlyResolvedSince)
    {
        if (filter.SpaceId is { } space && space != spaceId) return false;
        if (filter.ProductId is { } product && product != productId) return false;
        if (filter.Priorities.Count > 0 && !filter.Priorities.Contains(priority)) return false;
        if (filter.Assignee == IssueFilter.Me && assigneeId != actorId) return false;
        if (filter.Assignee == IssueFilter.Nobody && assigneeId is not null) return false;
        if (Guid.TryParse(filter.Assignee, out var assignee) && assignee != assigneeId) return false;
        return status != IssueStatus.Resolved || allResolved || resolvedAt >= recentlyResolvedSince;
    }

    private static T From<T>(JsonObject changes, string field, T now) where T : struct, Enum =>
        changes[field]?["from"]?.GetValue<string>() is { } raw && WireNames.TryParse<T>(raw, out var before) ? before : now;

    private static Guid? IdFrom(JsonObject changes, string field) =>
        changes[field]?["from"]?["id"]?.GetValue<string>() is { } id ? Guid.Parse(id) : null;
}

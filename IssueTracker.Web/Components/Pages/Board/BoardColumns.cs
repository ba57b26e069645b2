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

    /// <summary>
    /// The board's filters as its address gives them: each column chooses its own status, order and page, and the
    /// Resolved column shows the recent ones unless asked for all.
    /// </summary>
    public static IssueQuery BoardFilter(IssueQuery address) =>
        address with { Statuses = [], Page = 1, Size = 20, RecentlyResolvedOnly = !address.AllResolved };

    /// <summary>
    /// The query of one column: its status; the most urgent and then the most recently changed first (or the soonest
    /// SLA deadline first when the board asks), resolved ones by recency.
    /// </summary>
    public static IssueQuery Column(IssueQuery board, IssueStatus status) => board with
    {
        Statuses = [status],
        RecentlyResolvedOnly = status == IssueStatus.Resolved && board.RecentlyResolvedOnly,
        Sort = status == IssueStatus.Resolved ? IssueSortField.UpdatedAt : board.SlaFirst ? IssueSortField.Sla : IssueSortField.Priority,
        Descending = status == IssueStatus.Resolved || !board.SlaFirst,
    };

    /// <summary>
    /// Applies <paramref name="change"/> to <paramref name="columns"/> (each showing at most <paramref name="shown"/>
    /// of its status and holding <see cref="Held"/>), given <paramref name="now"/>: the issue after it, null when the person may no longer see it.
    /// False when the board must be read again instead; <paramref name="underfilled"/> when a column now shows fewer
    /// cards than it could (one left it), which a later read fills in.
    /// </summary>
    public static bool TryApply(
        Dictionary<IssueStatus, BoardColumn> columns, Func<IssueStatus, int> shown, IssueQuery board, Guid actorId, DateTime recentlyResolvedSince,
        ChangeEvent change, IssueSummaryDto? now, out bool underfilled)
    {
        underfilled = false;
        // The SLA order depends on the clock: the board reads itself again.
        if (board.SlaFirst || change.IssueId is not { } issueId) return false;
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

        var facts = IssueFacts.Of(now);
        var before = facts;
        bool? matchedBefore = false;
        if (change.Type == ChangeTypes.IssueUpdated)
        {
            before = facts.Before(FieldChanges.Parse(change.Changes));
            // A resolved date that the change cleared is not in the event: whether the issue was in the recent window is unknown.
            if (before.Status == IssueStatus.Resolved && now.Status != IssueStatus.Resolved
                && (board.RecentlyResolvedOnly || board.ResolvedFrom is not null || board.ResolvedTo is not null)) return false;
            matchedBefore = board.Matches(before, actorId, recentlyResolvedSince);
        }
        // A filter a card cannot answer (text, SLA state, reporter, alert): the board reads itself again.
        if (matchedBefore is not { } wasShown || board.Matches(facts, actorId, recentlyResolvedSince) is not { } matchesNow) return false;
        // The board shows the card where the event says it was; otherwise this board missed something: read it again.
        if (shownIn.Value is not null && (!wasShown || shownIn.Key != before.Status)) return false;

        if (shownIn.Value is not null)
            columns[shownIn.Key] = shownIn.Value with { Items = shownIn.Value.Items.Where(i => i.Id != issueId).ToList() };
        if (wasShown)
            columns[before.Status] = columns[before.Status] with { Total = columns[before.Status].Total - 1 };
        if (matchesNow)
        {
            var column = columns[now.Status];
            var order = Column(board, now.Status);
            var items = column.Items.ToList();
            var at = items.FindIndex(i => order.Compare(now, i) < 0);
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
}

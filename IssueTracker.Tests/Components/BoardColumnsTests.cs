using System.Text.Json.Nodes;
using IssueTracker.Web.Components.Pages.Board;

namespace IssueTracker.Tests.Components;

/// <summary>How a live change moves a card between the board's columns without reading the board again.</summary>
public sealed class BoardColumnsTests
{
    private static readonly Guid Me = Guid.NewGuid();
    private static readonly Guid Space = Guid.NewGuid();
    private static readonly DateTime T0 = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime RecentSince = T0.AddDays(-14);
    private int _number;

    private IssueSummaryDto Issue(IssueStatus status, IssuePriority priority, int minutes, Guid? assignee = null) => new(
        Guid.CreateVersion7(), $"CUST-{++_number}", $"Issue {_number}", status, priority, new NamedRef(Space, "Customer"), null,
        assignee is { } id ? new UserSummaryDto(id, "Someone", "") : null, null, T0, T0.AddMinutes(minutes),
        status == IssueStatus.Resolved ? T0.AddMinutes(minutes) : null, 1);

    private static Dictionary<IssueStatus, BoardColumn> Board(params (IssueStatus Status, int Total, IssueSummaryDto[] Items)[] columns)
    {
        var board = Enum.GetValues<IssueStatus>().ToDictionary(s => s, _ => new BoardColumn(0, []));
        foreach (var (status, total, items) in columns) board[status] = new BoardColumn(total, items);
        return board;
    }

    private static ChangeEvent Updated(IssueSummaryDto issue, params (string Field, string? From, string? To)[] changes)
    {
        var json = new JsonObject();
        foreach (var (field, from, to) in changes) json[field] = new JsonObject { ["from"] = from, ["to"] = to };
        return new ChangeEvent { Id = 10, Type = ChangeTypes.IssueUpdated, IssueId = issue.Id, SpaceId = Space, Changes = json.ToJsonString() };
    }

    private static ChangeEvent Reassigned(IssueSummaryDto issue, Guid? from, Guid? to)
    {
        static JsonObject? Person(Guid? id) => id is { } value ? new JsonObject { ["id"] = value.ToString(), ["name"] = "Someone" } : null;
        var changes = new JsonObject { ["assignee"] = new JsonObject { ["from"] = Person(from), ["to"] = Person(to) } };
        return new ChangeEvent { Id = 10, Type = ChangeTypes.IssueUpdated, IssueId = issue.Id, SpaceId = Space, Changes = changes.ToJsonString() };
    }

    private static string[] Keys(Dictionary<IssueStatus, BoardColumn> board, IssueStatus status) => board[status].Items.Select(i => i.Key).ToArray();

    private static bool Apply(Dictionary<IssueStatus, BoardColumn> board, ChangeEvent change, IssueSummaryDto? now, out bool underfilled, IssueQuery? filter = null, int shown = 3) =>
        BoardColumns.TryApply(board, _ => shown, BoardColumns.BoardFilter(filter ?? new IssueQuery()), Me, RecentSince, change, now, out underfilled);

    [Fact]
    public void StatusChange_OfAShownCard_MovesItToItsPlaceInTheOtherColumn_AndCountsFollow()
    {
        // Arrange: open holds a critical card; in progress holds a high and a low one.
        var critical = Issue(IssueStatus.Open, IssuePriority.Critical, 1);
        var high = Issue(IssueStatus.InProgress, IssuePriority.High, 2);
        var low = Issue(IssueStatus.InProgress, IssuePriority.Low, 3);
        var medium = Issue(IssueStatus.Open, IssuePriority.Medium, 4);
        var board = Board((IssueStatus.Open, 2, [critical, medium]), (IssueStatus.InProgress, 2, [high, low]));

        // Act: the medium one is started (changed just now, so it leads the medium ones).
        var moved = medium with { Status = IssueStatus.InProgress, UpdatedAt = T0.AddMinutes(10) };
        var applied = Apply(board, Updated(medium, ("status", "open", "in_progress")), moved, out var underfilled);

        // Assert
        Assert.True(applied);
        Assert.False(underfilled);
        Assert.Equal([critical.Key], Keys(board, IssueStatus.Open));
        Assert.Equal([high.Key, medium.Key, low.Key], Keys(board, IssueStatus.InProgress));
        Assert.Equal((1, 3), (board[IssueStatus.Open].Total, board[IssueStatus.InProgress].Total));
    }

    [Fact]
    public void Move_OutOfAFullColumn_LeavesRoomToFill_AndIntoAFullColumnPastItsLastCard_OnlyCounts()
    {
        // Arrange: each column shows 3 of more.
        var open = Enumerable.Range(0, 3).Select(n => Issue(IssueStatus.Open, IssuePriority.High, n)).ToArray();
        var busy = Enumerable.Range(0, 3).Select(n => Issue(IssueStatus.InProgress, IssuePriority.Critical, 10 + n)).ToArray();
        var board = Board((IssueStatus.Open, 10, open), (IssueStatus.InProgress, 10, busy));

        // Act: a high card moves under three critical ones.
        var moved = open[0] with { Status = IssueStatus.InProgress, UpdatedAt = T0.AddMinutes(20) };
        Assert.True(Apply(board, Updated(open[0], ("status", "open", "in_progress")), moved, out var underfilled));

        // Assert: counted in its new column, not shown there; its old column has room for a card it does not hold.
        Assert.Equal(busy.Select(i => i.Key), Keys(board, IssueStatus.InProgress));
        Assert.Equal((9, 11), (board[IssueStatus.Open].Total, board[IssueStatus.InProgress].Total));
        Assert.True(underfilled);
    }

    [Fact]
    public void Move_OutOfAColumnHoldingSpares_ShowsTheNextCard_AndIntoOne_KeepsItsSpares()
    {
        // Arrange: the open column shows 3 and holds 2 more of its 10; in progress shows 3, holds 3 of 3.
        var open = Enumerable.Range(0, 5).Select(n => Issue(IssueStatus.Open, IssuePriority.High, 10 - n)).ToArray();
        var busy = Enumerable.Range(0, 3).Select(n => Issue(IssueStatus.InProgress, IssuePriority.Low, n)).ToArray();
        var board = Board((IssueStatus.Open, 10, open), (IssueStatus.InProgress, 3, busy));

        // Act: the top open card is started.
        var moved = open[0] with { Status = IssueStatus.InProgress, UpdatedAt = T0.AddMinutes(20) };
        Assert.True(Apply(board, Updated(open[0], ("status", "open", "in_progress")), moved, out var underfilled));

        // Assert: the first spare shows now, nothing needs reading; in progress holds the card on top of its three.
        Assert.False(underfilled);
        Assert.Equal(open[1..4].Select(i => i.Key), board[IssueStatus.Open].Visible(3).Select(i => i.Key));
        Assert.Equal((9, 4), (board[IssueStatus.Open].Total, board[IssueStatus.InProgress].Total));
        Assert.Equal([moved.Key, .. busy.Select(i => i.Key)], Keys(board, IssueStatus.InProgress));
        Assert.Equal(3, board[IssueStatus.InProgress].VisibleCount(3));
    }

    [Fact]
    public void Reassigned_OnABoardOfMyIssues_LeavesIt_AndAssignedToMe_JoinsIt()
    {
        var mine = Issue(IssueStatus.Open, IssuePriority.High, 1, Me);
        var others = Issue(IssueStatus.Open, IssuePriority.Low, 2, Guid.NewGuid());
        var board = Board((IssueStatus.Open, 1, [mine]));
        var filter = new IssueQuery { AssignedToActor = true };

        Assert.True(Apply(board, Reassigned(mine, Me, null),
            mine with { Assignee = null }, out _, filter));
        Assert.Empty(Keys(board, IssueStatus.Open));
        Assert.Equal(0, board[IssueStatus.Open].Total);

        Assert.True(Apply(board, Reassigned(others, others.Assignee!.Id, Me),
            others with { Assignee = new UserSummaryDto(Me, "Me", "") }, out _, filter));
        Assert.Equal([others.Key], Keys(board, IssueStatus.Open));
        Assert.Equal(1, board[IssueStatus.Open].Total);
    }

    [Fact]
    public void Created_MatchingTheFilter_AppearsAndCounts_OtherwiseNothingChanges()
    {
        var board = Board((IssueStatus.Open, 0, []));
        var critical = Issue(IssueStatus.Open, IssuePriority.Critical, 5);
        var low = Issue(IssueStatus.Open, IssuePriority.Low, 6);
        var filter = new IssueQuery { Priorities = [IssuePriority.Critical] };
        ChangeEvent Created(IssueSummaryDto i) => new() { Id = 5, Type = ChangeTypes.IssueCreated, IssueId = i.Id, SpaceId = Space };

        Assert.True(Apply(board, Created(critical), critical, out _, filter));
        Assert.True(Apply(board, Created(low), low, out _, filter));

        Assert.Equal([critical.Key], Keys(board, IssueStatus.Open));
        Assert.Equal(1, board[IssueStatus.Open].Total);
    }

    [Fact]
    public void WhatCannotBeWorkedOutHere_AsksForARead()
    {
        var card = Issue(IssueStatus.Open, IssuePriority.High, 1);
        var resolved = Issue(IssueStatus.Resolved, IssuePriority.High, 2);
        var board = Board((IssueStatus.Open, 1, [card]), (IssueStatus.Resolved, 1, [resolved]));
        var moved = card with { Status = IssueStatus.InProgress };

        // A text search the board cannot evaluate; a deletion (no issue to place); a reopened issue whose resolved date is
        // gone; a card shown where the event says it was not.
        Assert.False(Apply(board, Updated(card, ("status", "open", "in_progress")), moved, out _, new IssueQuery { Q = "nulls" }));
        Assert.False(Apply(board, new ChangeEvent { Type = ChangeTypes.IssueDeleted, IssueId = card.Id }, null, out _));
        Assert.False(Apply(board, Updated(resolved, ("status", "resolved", "open")), resolved with { Status = IssueStatus.Open, ResolvedAt = null }, out _));
        Assert.False(Apply(board, Updated(card, ("status", "in_progress", "resolved")), card with { Status = IssueStatus.Resolved }, out _));
        Assert.Equal([card.Key], Keys(board, IssueStatus.Open));
    }

    [Fact]
    public void NoLongerVisible_LeavesTheBoard()
    {
        var card = Issue(IssueStatus.Open, IssuePriority.High, 1);
        var board = Board((IssueStatus.Open, 1, [card]));

        Assert.True(Apply(board, Updated(card, ("title", "a", "b")), null, out _));

        Assert.Empty(Keys(board, IssueStatus.Open));
        Assert.Equal(0, board[IssueStatus.Open].Total);
    }
}

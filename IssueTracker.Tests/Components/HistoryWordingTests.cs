using Bunit;
using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Components;

public sealed class HistoryWordingTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    private static HistoryEntryDto Entry(IssueEventKind action, string? old, string? @new, DateTime? at = null) =>
        new(Guid.NewGuid(), action, old, @new, new UserRef(Guid.NewGuid(), "Jane Developer"), at ?? TestDatabase.Start.UtcDateTime);

    [Theory]
    [InlineData(IssueEventKind.Created, null, "Nulls", "Jane Developer created the issue")]
    [InlineData(IssueEventKind.TitleChanged, "Old", "New", "Jane Developer changed the title from “Old” to “New”")]
    [InlineData(IssueEventKind.DescriptionChanged, null, "text", "Jane Developer added a description")]
    [InlineData(IssueEventKind.DescriptionChanged, "a", "b", "Jane Developer edited the description")]
    [InlineData(IssueEventKind.DescriptionChanged, "a", null, "Jane Developer removed the description")]
    [InlineData(IssueEventKind.StatusChanged, "open", "in_progress", "Jane Developer changed the status from Open to In progress")]
    [InlineData(IssueEventKind.StatusChanged, "in_progress", "resolved", "Jane Developer changed the status from In progress to Resolved")]
    [InlineData(IssueEventKind.PriorityChanged, "medium", "critical", "Jane Developer changed the priority from Medium to Critical")]
    [InlineData(IssueEventKind.AssigneeChanged, null, "Bob Smith", "Jane Developer assigned Bob Smith")]
    [InlineData(IssueEventKind.AssigneeChanged, "Bob Smith", null, "Jane Developer unassigned Bob Smith")]
    [InlineData(IssueEventKind.AssigneeChanged, "Bob Smith", "Priya Patel", "Jane Developer reassigned from Bob Smith to Priya Patel")]
    [InlineData(IssueEventKind.ProductChanged, null, "FX Rates", "Jane Developer set the product to FX Rates")]
    [InlineData(IssueEventKind.ProductChanged, "FX Rates", null, "Jane Developer removed the product FX Rates")]
    [InlineData(IssueEventKind.ProductChanged, "FX Rates", "Ledger", "Jane Developer changed the product from FX Rates to Ledger")]
    [InlineData(IssueEventKind.AlertLinked, null, "Freshness check failed", "Jane Developer linked the alert “Freshness check failed”")]
    [InlineData(IssueEventKind.CommentAdded, null, "Looking", "Jane Developer commented")]
    [InlineData(IssueEventKind.CommentEdited, "a", "b", "Jane Developer edited a comment")]
    [InlineData(IssueEventKind.CommentDeleted, "a", null, "Jane Developer deleted a comment")]
    [InlineData(IssueEventKind.AlertFired, null, "3h late", "The alert fired: 3h late")]
    [InlineData(IssueEventKind.AlertResolved, null, null, "The alert resolved")]
    public void EveryAction_ReadsAsPlainWords(IssueEventKind action, string? old, string? @new, string expected)
    {
        Assert.Equal(expected, ChangeText.History(Entry(action, old, @new)));
    }

    [Fact]
    public void EveryActionOfTheContract_HasItsOwnWording()
    {
        var generic = Enum.GetValues<IssueEventKind>().Where(k => ChangeText.History(Entry(k, "a", "b")).EndsWith("changed the issue")).ToList();

        Assert.Empty(generic);
    }

    [Fact]
    public void Timeline_ShowsEachEntryWithItsAge()
    {
        Db.Clock.SetUtcNow(TestDatabase.Start.AddHours(2));
        var entries = new[]
        {
            Entry(IssueEventKind.Created, null, "x", TestDatabase.Start.UtcDateTime),
            Entry(IssueEventKind.StatusChanged, "open", "in_progress", TestDatabase.Start.UtcDateTime),
            Entry(IssueEventKind.CommentAdded, null, "Root cause found", TestDatabase.Start.UtcDateTime),
        };

        var cut = Render<IssueTimeline>(p => p.Add(x => x.Entries, entries));

        var items = cut.FindAll("[data-testid=timeline-entry]");
        Assert.Equal(3, items.Count);
        Assert.Contains("Jane Developer changed the status from Open to In progress · 2 hours ago", items[1].TextContent.Replace("\n", " ").Trim());
        Assert.Contains("“Root cause found”", items[2].TextContent);
    }
}

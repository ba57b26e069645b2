namespace IssueTracker.Tests.Services;

/// <summary>The words for a change, from the typed change alone: every field it holds, in order, as the pages show values.</summary>
public sealed class ChangeTextTests
{
    [Fact]
    public void Short_ListsEveryChangedField_InTheRecordsOrder_WithThePagesWords()
    {
        var changes = new FieldChanges
        {
            Priority = new(IssuePriority.Low, IssuePriority.Critical),
            Status = new(IssueStatus.Open, IssueStatus.InProgress),
            Description = new("old", "new"),
            Assignee = new(null, new NamedAt(Guid.NewGuid(), "Priya Patel")),
            Sla = new(null, SlaState.DueSoon),
        };

        Assert.Equal("the description, status Open → In progress, priority Low → Critical, assignee none → Priya Patel, SLA none → Due soon",
            ChangeText.Short(changes));
        Assert.Equal("no fields", ChangeText.Short(FieldChanges.Empty));
    }

    [Fact]
    public void Short_SurvivesTheFeedsJson_AndAnEnumWithoutItsOwnLabelReadsAsWords()
    {
        var changes = new FieldChanges { Resolution = new(null, IssueResolution.FalsePositive), DuplicateOf = new(null, Guid.Empty) };

        Assert.Equal(ChangeText.Short(changes), ChangeText.Short(FieldChanges.Parse(changes.ToJsonString())));
        Assert.Equal("Relates to", ChangeText.Value(IssueLinkType.RelatesTo));
        Assert.Equal("Firing", ChangeText.Value(AlertStatus.Firing));
    }
}

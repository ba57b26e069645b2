using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Services;

/// <summary>The CSV export's rows as the database gives them: what a data-quality team reports on, and nothing the reader may not see.</summary>
public sealed class IssueExportTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task ExportRow_CarriesReporterNoteAndDuplicate_AndFollowsTheFilter()
    {
        // Arrange: one issue resolved as a duplicate of another, with a note.
        var team = await db.Data.TeamAsync();
        var issues = db.Get<IssueService>();
        var original = await db.Data.IssueAsync(team.Space.Id, team.Admin.Id, "Orders late from the loader");
        var duplicate = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Orders table stale");
        await issues.UpdateAsync(duplicate.Id, new UpdateIssueRequest
        {
            Status = IssueStatus.Resolved,
            Resolution = IssueResolution.Duplicate,
            DuplicateOf = original.Id,
            ResolutionNote = "Same loader outage",
        }, team.Member.Id);

        // Act
        var resolved = await issues.ExportPageAsync(new IssueQuery { SpaceId = team.Space.Id, Statuses = [IssueStatus.Resolved] }, team.Member.Id);
        var all = await issues.ExportPageAsync(new IssueQuery { SpaceId = team.Space.Id, Sort = IssueSortField.CreatedAt, Descending = false }, team.Member.Id);

        // Assert
        var row = Assert.Single(resolved.Items);
        Assert.Equal((duplicate.Key, "Jane Developer", "Same loader outage", original.Key, IssueResolution.Duplicate),
            (row.Issue.Key, row.Reporter, row.ResolutionNote, row.DuplicateOf, row.Issue.Resolution));
        Assert.Equal([original.Key, duplicate.Key], all.Items.Select(r => r.Issue.Key));
        Assert.Null(all.Items[0].DuplicateOf);
    }
}

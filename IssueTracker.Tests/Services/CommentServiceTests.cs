using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Services;

public sealed class CommentServiceTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private CommentService Comments => db.Get<CommentService>();

    private async Task<List<(IssueEventKind, string?, string?)>> HistoryAsync(Guid issueId, Guid actorId) =>
        (await db.Get<IssueService>().HistoryAsync(issueId, 1, 100, actorId))!.Items.Skip(1).Select(h => (h.Action, h.OldValue, h.NewValue)).ToList();

    [Fact]
    public async Task Add_AsViewer_ListsOldestFirstWithAuthorAndMovesUpdatedAt()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        db.Clock.Advance(TimeSpan.FromMinutes(10));
        var commentedAt = db.Clock.GetUtcNow().UtcDateTime;

        var first = await Comments.AddAsync(issue.Id, new CommentRequest { Content = "Identified the root cause - upstream pipeline failed." }, team.Viewer.Id);
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        await Comments.AddAsync(issue.Id, new CommentRequest { Content = "Fix deployed." }, team.Member.Id);

        var list = (await Comments.ListAsync(issue.Id, 1, 20, team.Member.Id))!;
        Assert.Equal(["Identified the root cause - upstream pipeline failed.", "Fix deployed."], list.Items.Select(c => c.Content));
        Assert.Equal(new UserSummaryDto(team.Viewer.Id, "Victor Viewer", $"/api/users/{team.Viewer.Id}/avatar"), first.Author);
        Assert.Equal(commentedAt, first.CreatedAt);
        Assert.Null(first.EditedAt);
        Assert.Equal(db.Clock.GetUtcNow().UtcDateTime, (await db.Get<IssueService>().GetAsync(issue.Id, team.Member.Id))!.UpdatedAt);
        Assert.Equal((IssueEventKind.CommentAdded, null, "Identified the root cause - upstream pipeline failed."), (await HistoryAsync(issue.Id, team.Member.Id))[0]);
    }

    [Fact]
    public async Task EditAndDelete_Own_WriteHistory_Others_AreForbidden()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        var comment = await Comments.AddAsync(issue.Id, new CommentRequest { Content = "Looking into it" }, team.Member.Id);

        await Assert.ThrowsAsync<ForbiddenException>(() => Comments.EditAsync(issue.Id, comment.Id, new CommentRequest { Content = "Hijacked" }, team.Admin.Id));
        await Assert.ThrowsAsync<ForbiddenException>(() => Comments.DeleteAsync(issue.Id, comment.Id, team.Admin.Id));
        var edited = await Comments.EditAsync(issue.Id, comment.Id, new CommentRequest { Content = "Root cause found" }, team.Member.Id);
        await Comments.DeleteAsync(issue.Id, comment.Id, team.Member.Id);

        Assert.Equal("Root cause found", edited.Content);
        Assert.NotNull(edited.EditedAt);
        Assert.Equal(0, (await Comments.ListAsync(issue.Id, 1, 20, team.Member.Id))!.Total);
        // A deleted comment's words leave the history with it; that there was a comment stays.
        Assert.Equal(
        [
            (IssueEventKind.CommentAdded, null, null),
            (IssueEventKind.CommentEdited, null, null),
            (IssueEventKind.CommentDeleted, null, null),
        ], await HistoryAsync(issue.Id, team.Member.Id));
    }

    [Fact]
    public async Task Delete_ClearsOnlyThatCommentsWords_OthersKeepTheirs()
    {
        // Arrange
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);
        var kept = await Comments.AddAsync(issue.Id, new CommentRequest { Content = "Upstream fixed it" }, team.Member.Id);
        var regretted = await Comments.AddAsync(issue.Id, new CommentRequest { Content = "The password is hunter2" }, team.Member.Id);

        // Act
        await Comments.DeleteAsync(issue.Id, regretted.Id, team.Member.Id);

        // Assert
        var history = await HistoryAsync(issue.Id, team.Member.Id);
        Assert.DoesNotContain(history, h => h.Item2?.Contains("hunter2") == true || h.Item3?.Contains("hunter2") == true);
        Assert.Contains((IssueEventKind.CommentAdded, null, "Upstream fixed it"), history);
        Assert.Equal(kept.Id, (await Comments.ListAsync(issue.Id, 1, 20, team.Member.Id))!.Items.Single().Id);
    }

    [Fact]
    public async Task Add_InvalidContent_OrInvisibleIssue_IsRefused()
    {
        var team = await db.Data.TeamAsync();
        var outsider = await db.Data.UserAsync("Olga Outsider");
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id);

        var empty = await Assert.ThrowsAsync<ValidationException>(() => Comments.AddAsync(issue.Id, new CommentRequest { Content = " " }, team.Member.Id));
        var tooLong = await Assert.ThrowsAsync<ValidationException>(() => Comments.AddAsync(issue.Id, new CommentRequest { Content = new string('x', 65_537) }, team.Member.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Comments.AddAsync(issue.Id, new CommentRequest { Content = "hi" }, outsider.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Comments.EditAsync(issue.Id, Guid.NewGuid(), new CommentRequest { Content = "hi" }, team.Member.Id));

        Assert.Equal(["Content is required."], empty.Errors["content"]);
        Assert.Contains("content", tooLong.Errors.Keys);
        Assert.Null(await Comments.ListAsync(issue.Id, 1, 20, outsider.Id));
        await Comments.AddAsync(issue.Id, new CommentRequest { Content = new string('x', 65_536) }, team.Member.Id);
        Assert.Equal(1, (await Comments.ListAsync(issue.Id, 1, 20, team.Member.Id))!.Total);
    }
}

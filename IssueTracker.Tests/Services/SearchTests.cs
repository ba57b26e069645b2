using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Contracts;
using IssueTracker.Web.Data.Sqlite;
using IssueTracker.Web.Services;

namespace IssueTracker.Tests.Services;

/// <summary>Full-text search stays correct as issues and comments change, because the index changes in the same transaction.</summary>
public sealed class SearchTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private async Task<string[]> SearchAsync(Team team, string q) =>
        (await db.Get<IssueService>().ListAsync(new IssueQuery { SpaceId = team.Space.Id, Q = q }, team.Member.Id)).Items.Select(i => i.Title).ToArray();

    [Fact]
    public async Task Search_FindsWordsInTitleDescriptionKeyAndComments_ByPrefix_IgnoringCaseAndAccents()
    {
        var team = await db.Data.TeamAsync();
        var nulls = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Customer ID nulls increased");
        await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Café revenue dashboard stale");
        await db.Get<CommentService>().AddAsync(nulls.Id, new CommentRequest { Content = "Upstream pipeline failed at 02:10" }, team.Member.Id);

        Assert.Equal(["Customer ID nulls increased"], await SearchAsync(team, "NULLS"));
        Assert.Equal(["Customer ID nulls increased"], await SearchAsync(team, "pipe fail"));
        Assert.Equal(["Café revenue dashboard stale"], await SearchAsync(team, "cafe"));
        Assert.Empty(await SearchAsync(team, "nulls pipeline dashboard"));
        Assert.Equal(["Customer ID nulls increased"], await SearchAsync(team, nulls.Key));
        Assert.Empty(await SearchAsync(team, "\"* OR NEAR("));
    }

    [Fact]
    public async Task Search_FollowsUpdatesAndDeletes()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Late arriving events");
        var comment = await db.Get<CommentService>().AddAsync(issue.Id, new CommentRequest { Content = "watermark bug" }, team.Member.Id);

        await db.Get<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { Title = "Duplicate rows after backfill", Description = "Caused by a retry" }, team.Member.Id);
        Assert.Empty(await SearchAsync(team, "arriving"));
        Assert.Equal(["Duplicate rows after backfill"], await SearchAsync(team, "backfill retry"));

        await db.Get<CommentService>().EditAsync(issue.Id, comment.Id, new CommentRequest { Content = "idempotency bug" }, team.Member.Id);
        Assert.Empty(await SearchAsync(team, "watermark"));
        Assert.Single(await SearchAsync(team, "idempotency"));

        await db.Get<CommentService>().DeleteAsync(issue.Id, comment.Id, team.Member.Id);
        Assert.Empty(await SearchAsync(team, "idempotency"));

        await db.Get<IssueService>().DeleteAsync(issue.Id, team.Member.Id);
        Assert.Empty(await SearchAsync(team, "backfill"));
    }

    [Theory]
    [InlineData("pipeline failed", "\"pipeline\"* \"failed\"*")]
    [InlineData("  ", null)]
    [InlineData("\"quoted\" OR -x", "\"quoted\"* \"OR\"* \"x\"*")]
    public void UserText_BecomesAQuotedPrefixQuery(string text, string? expected)
    {
        Assert.Equal(expected, SqliteIssueSearch.ToMatchExpression(text));
    }
}

using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Data.Sqlite;

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
    [Trait("Provider", "sqlite")] // SQLite's rowids; PostgreSQL's index is keyed on the issue id
    public async Task Search_StaysWithItsIssue_WhenTheIssuesRowidsAreRenumbered()
    {
        // Arrange: the Issues table's key is a UUID, so its rowid is implicit, and SQLite's VACUUM "may change the
        // ROWIDs" of such a table. Whether one VACUUM does is up to SQLite; this renumbers them as it may (the second
        // and third issue swap rowids), then vacuums too.
        var team = await db.Data.TeamAsync();
        var gap = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Gone soon alpha");
        var second = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Orders bravo");
        var third = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Payments charlie");
        await db.Get<IssueService>().DeleteAsync(gap.Id, team.Member.Id);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.FilePath}"))
        {
            await connection.OpenAsync();
            await using var renumber = connection.CreateCommand();
            renumber.CommandText = """
                UPDATE Issues SET rowid = -1 WHERE Id = $second;
                UPDATE Issues SET rowid = (SELECT max(rowid) FROM Issues) + 1000 WHERE Id = $third;
                UPDATE Issues SET rowid = (SELECT max(rowid) FROM Issues) - 1000 WHERE Id = $second;
                UPDATE Issues SET rowid = (SELECT max(rowid) FROM Issues) + 1 WHERE Id = $third;
                VACUUM;
                """;
            renumber.Parameters.AddWithValue("$second", second.Id.ToString().ToUpperInvariant());
            renumber.Parameters.AddWithValue("$third", third.Id.ToString().ToUpperInvariant());
            await renumber.ExecuteNonQueryAsync();
        }

        // Act
        await db.Get<IssueService>().UpdateAsync(third.Id, new UpdateIssueRequest { Title = "Payments delta" }, team.Member.Id);

        // Assert
        Assert.Equal(["Orders bravo"], await SearchAsync(team, "bravo"));
        Assert.Equal(["Payments delta"], await SearchAsync(team, "delta"));
        Assert.Empty(await SearchAsync(team, "charlie"));
        Assert.Empty(await SearchAsync(team, "alpha"));
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

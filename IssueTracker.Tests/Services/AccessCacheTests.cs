using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Services;

/// <summary>
/// The instance keeps what a token resolves to and which spaces a person may see (AccessCache); every access change
/// must be in force from the very next call all the same.
/// </summary>
public sealed class AccessCacheTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private TokenService Tokens => db.Get<TokenService>();

    [Fact]
    public async Task ASecondAuthentication_ReadsOnlyTheNewestAccessChange_NotTheToken()
    {
        var user = await db.Data.UserAsync();
        var token = await Tokens.CreateAsync(new CreateTokenRequest { Name = "monitor" }, user.Id);
        using var counter = SqlCommandCounter.For(db);
        await counter.WaitUntilCountingAsync(() => Tokens.AuthenticateAsync(token.Token));

        var commands = await counter.CountAsync(async () => Assert.Equal(user.Id, await Tokens.AuthenticateAsync(token.Token)));

        Assert.Equal(1, commands);
    }

    [Fact]
    public async Task ARevokedToken_FailsTheVeryNextAuthentication_ThoughTheInstanceKeptIt()
    {
        var user = await db.Data.UserAsync();
        var token = await Tokens.CreateAsync(new CreateTokenRequest { Name = "monitor" }, user.Id);
        Assert.Equal(user.Id, await Tokens.AuthenticateAsync(token.Token));
        Assert.Equal(user.Id, await Tokens.AuthenticateAsync(token.Token));

        await Tokens.RevokeAsync(token.Id, user.Id);

        Assert.Null(await Tokens.AuthenticateAsync(token.Token));
    }

    [Fact]
    public async Task ADeactivatedPersonsToken_FailsTheVeryNextAuthentication()
    {
        var team = await db.Data.TeamAsync();
        var admin = await db.Data.UserAsync("Root Admin", admin: true);
        var token = await Tokens.CreateAsync(new CreateTokenRequest { Name = "monitor" }, team.Member.Id);
        Assert.Equal(team.Member.Id, await Tokens.AuthenticateAsync(token.Token));

        await db.Get<UserService>().DeactivateAsync(team.Member.Id, admin.Id);

        Assert.Null(await Tokens.AuthenticateAsync(token.Token));
    }

    [Fact]
    public async Task ADeletedAccountsToken_FailsTheVeryNextAuthentication_AndTheySeeNoSpace()
    {
        var team = await db.Data.TeamAsync();
        await db.Data.IssueAsync(team.Space.Id, team.Admin.Id, "Missing transactions for Jan 14");
        var token = await Tokens.CreateAsync(new CreateTokenRequest { Name = "monitor" }, team.Member.Id);
        Assert.Equal(team.Member.Id, await Tokens.AuthenticateAsync(token.Token));
        Assert.Equal(1, (await db.Get<IssueService>().ListAsync(new IssueQuery { SpaceId = team.Space.Id }, team.Member.Id)).Total);

        await db.Get<UserService>().DeleteAccountAsync(team.Member.Id);

        Assert.Null(await Tokens.AuthenticateAsync(token.Token));
        Assert.Equal(0, (await db.Get<IssueService>().ListAsync(new IssueQuery { SpaceId = team.Space.Id }, team.Member.Id)).Total);
    }

    [Fact]
    public async Task ARemovedMember_SeesNoneOfTheSpaceOnTheVeryNextRead_AndAnAddedOneSeesItAtOnce()
    {
        var team = await db.Data.TeamAsync();
        var issue = await db.Data.IssueAsync(team.Space.Id, team.Admin.Id, "Customer ID nulls increased");
        var issues = db.Get<IssueService>();
        var inSpace = new IssueQuery { SpaceId = team.Space.Id };
        Assert.Equal(1, (await issues.ListAsync(inSpace, team.Member.Id)).Total);
        Assert.Equal(1, (await issues.ListAsync(new IssueQuery(), team.Member.Id)).Total);
        Assert.NotNull(await issues.GetAsync(issue.Id, team.Member.Id));

        await db.Get<SpaceService>().RemoveMemberAsync(team.Space.Id, team.Member.Id, team.Admin.Id);

        Assert.Equal(0, (await issues.ListAsync(inSpace, team.Member.Id)).Total);
        Assert.Equal(0, (await issues.ListAsync(new IssueQuery(), team.Member.Id)).Total);
        Assert.Null(await issues.GetAsync(issue.Id, team.Member.Id));

        await db.Data.MemberAsync(team.Space.Id, team.Member.Id, SpaceRole.Viewer, team.Admin.Id);

        Assert.Equal(1, (await issues.ListAsync(inSpace, team.Member.Id)).Total);
        Assert.NotNull(await issues.GetAsync(issue.Id, team.Member.Id));
    }
}

using IssueTracker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Tests.Services;

public sealed class TokenServiceTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private TokenService Tokens => db.Get<TokenService>();

    [Fact]
    public async Task Create_StoresOnlyTheHash_AndTheValueAuthenticatesItsUser()
    {
        var user = await db.Data.UserAsync();

        var token = await Tokens.CreateAsync(new CreateTokenRequest { Name = "dbt monitor" }, user.Id);

        Assert.StartsWith("itk_", token.Token);
        Assert.Equal(token.Token[..8], token.Prefix);
        await using (var context = db.NewContext())
        {
            var stored = await context.PersonalAccessTokens.SingleAsync(t => t.Id == token.Id);
            Assert.DoesNotContain(token.Token, stored.TokenHash);
            Assert.Equal(64, stored.TokenHash.Length);
        }
        Assert.Equal(user.Id, await Tokens.AuthenticateAsync(token.Token));
        Assert.Null(await Tokens.AuthenticateAsync(token.Token + "x"));
    }

    [Fact]
    public async Task Authenticate_RecordsLastUse_AndRefusesExpiredTokens()
    {
        var user = await db.Data.UserAsync();
        var token = await Tokens.CreateAsync(new CreateTokenRequest { Name = "cron", ExpiresAt = db.Clock.GetUtcNow().UtcDateTime.AddDays(1) }, user.Id);

        await Tokens.AuthenticateAsync(token.Token);
        var listed = (await Tokens.ListAsync(1, 20, user.Id)).Items.Single();
        db.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(db.Clock.GetUtcNow().UtcDateTime.AddDays(-1), listed.LastUsedAt);
        Assert.Null(await Tokens.AuthenticateAsync(token.Token));
    }

    [Fact]
    public async Task Revoke_RevokesEveryTokenMadeThroughIt_GenerationsDown()
    {
        // Arrange: a person's token made a script's token, which made another.
        var owner = await db.Data.UserAsync("Chain Owner");
        var parent = await Tokens.CreateAsync(new CreateTokenRequest { Name = "parent" }, owner.Id);
        var child = await Tokens.CreateAsync(new CreateTokenRequest { Name = "child" }, owner.Id, await Tokens.AuthenticateTokenAsync(parent.Token));
        var grandchild = await Tokens.CreateAsync(new CreateTokenRequest { Name = "grandchild" }, owner.Id, await Tokens.AuthenticateTokenAsync(child.Token));
        var unrelated = await Tokens.CreateAsync(new CreateTokenRequest { Name = "unrelated" }, owner.Id);

        // Act
        await Tokens.RevokeAsync(parent.Id, owner.Id);

        // Assert
        Assert.Null(await Tokens.AuthenticateAsync(child.Token));
        Assert.Null(await Tokens.AuthenticateAsync(grandchild.Token));
        Assert.Equal(owner.Id, await Tokens.AuthenticateAsync(unrelated.Token));
        Assert.False(await Tokens.IsValidAsync(child.Id));
    }

    [Fact]
    public async Task ListAndRevoke_AreLimitedToTheOwner()
    {
        var owner = await db.Data.UserAsync("Owner");
        var other = await db.Data.UserAsync("Other");
        var token = await Tokens.CreateAsync(new CreateTokenRequest { Name = "ci" }, owner.Id);

        Assert.Equal(0, (await Tokens.ListAsync(1, 20, other.Id)).Total);
        await Assert.ThrowsAsync<NotFoundException>(() => Tokens.RevokeAsync(token.Id, other.Id));
        await Tokens.RevokeAsync(token.Id, owner.Id);

        Assert.Null(await Tokens.AuthenticateAsync(token.Token));
        Assert.Equal(0, (await Tokens.ListAsync(1, 20, owner.Id)).Total);
    }

    [Fact]
    public async Task Create_WithoutNameOrWithPastExpiry_IsValidationError()
    {
        var user = await db.Data.UserAsync();

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            Tokens.CreateAsync(new CreateTokenRequest { Name = "", ExpiresAt = db.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1) }, user.Id));

        Assert.Equal(new[] { "expires_at", "name" }, error.Errors.Keys.Order());
    }
}

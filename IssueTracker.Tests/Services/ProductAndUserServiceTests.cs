using IssueTracker.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Services;

public sealed class ProductAndUserServiceTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Products_CreatedBySpaceAdmins_VisibleToMembers()
    {
        var team = await db.Data.TeamAsync();
        var outsider = await db.Data.UserAsync("Olga Outsider");
        var products = db.Get<ProductService>();

        await Assert.ThrowsAsync<ForbiddenException>(() => products.CreateAsync(new CreateProductRequest { SpaceId = team.Space.Id, Name = "Web Sessions" }, team.Member.Id));
        var duplicate = await Assert.ThrowsAsync<ConflictException>(() => products.CreateAsync(new CreateProductRequest { SpaceId = team.Space.Id, Name = "Customer Events" }, team.Admin.Id));
        var noSpace = await Assert.ThrowsAsync<ValidationException>(() => products.CreateAsync(new CreateProductRequest { SpaceId = team.Space.Id, Name = "X" }, outsider.Id));
        var created = await products.CreateAsync(new CreateProductRequest { SpaceId = team.Space.Id, Name = "Web Sessions", Description = "Clickstream" }, team.Admin.Id);

        Assert.Contains("already exists", duplicate.Message);
        Assert.Contains("space_id", noSpace.Errors.Keys);
        Assert.Equal(["Customer Events", "Web Sessions"], (await products.ListAsync(team.Space.Id, 1, 20, team.Viewer.Id)).Items.Select(p => p.Name));
        Assert.Equal(0, (await products.ListAsync((Guid?)null, 1, 20, outsider.Id)).Total);
        Assert.Equal(created, await products.GetAsync(created.Id, team.Viewer.Id));
        Assert.Null(await products.GetAsync(created.Id, outsider.Id));
    }

    [Fact]
    public async Task Products_CreatedAtOnceWithOneName_OneIsCreated_TheOthersAreConflicts()
    {
        // Side by side (PostgreSQL runs writers concurrently) every create can pass the name check; the index decides.
        var team = await db.Data.TeamAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run<Exception?>(async () =>
        {
            try
            {
                await db.Get<ProductService>().CreateAsync(new CreateProductRequest { SpaceId = team.Space.Id, Name = "Orders" }, team.Admin.Id);
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        })));

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.OfType<Exception>(), e => Assert.Contains("already exists", Assert.IsType<ConflictException>(e).Message));
    }

    [Fact]
    public async Task Users_ListMembersOfASpace_AndMeShowsRoles()
    {
        var team = await db.Data.TeamAsync();
        var users = db.Get<UserService>();

        var members = await users.ListAsync(team.Space.Id, 1, 20, team.Viewer.Id);
        var me = (await users.GetMeAsync(team.Viewer.Id))!;

        Assert.Equal(["Alice Admin", "Jane Developer", "Victor Viewer"], members.Items.Select(u => u.Name));
        Assert.Equal($"/api/users/{team.Admin.Id}/avatar", members.Items[0].AvatarUrl);
        Assert.Equal([(team.Space.Key, SpaceRole.Viewer)], me.Spaces.Select(s => (s.Key, s.Role)));
        Assert.False(me.IsAdmin);
    }

    [Fact]
    public async Task CreateUser_AdminOnly_WithPasswordRules_AndCanSignIn()
    {
        var root = await db.Data.UserAsync("Root", admin: true);
        var plain = await db.Data.UserAsync("Plain");
        var users = db.Get<UserService>();
        var email = $"bob.{Guid.NewGuid():N}@test.local";

        await Assert.ThrowsAsync<ForbiddenException>(() => users.CreateAsync(new CreateUserRequest { Email = email, Name = "Bob", Password = "long-enough-password" }, plain.Id));
        var shortPassword = await Assert.ThrowsAsync<ValidationException>(() => users.CreateAsync(new CreateUserRequest { Email = email, Name = "Bob", Password = "elevenchars" }, root.Id));
        var created = await users.CreateAsync(new CreateUserRequest { Email = email, Name = "Bob Smith", Password = "twelve chars" }, root.Id);
        var taken = await Assert.ThrowsAsync<ValidationException>(() => users.CreateAsync(new CreateUserRequest { Email = email.ToUpperInvariant(), Name = "Bob", Password = "long-enough-password" }, root.Id));
        var sixtyFour = await users.CreateAsync(new CreateUserRequest { Email = "x" + email, Name = "Long", Password = new string('p', 64) }, root.Id);

        Assert.Contains("password", shortPassword.Errors.Keys);
        Assert.Contains("email", taken.Errors.Keys);
        using var scope = db.Services.CreateScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await manager.FindByIdAsync(created.Id.ToString()))!;
        Assert.True(user.EmailConfirmed);
        Assert.True(await manager.CheckPasswordAsync(user, "twelve chars"));
        Assert.True(await manager.CheckPasswordAsync((await manager.FindByIdAsync(sixtyFour.Id.ToString()))!, new string('p', 64)));
    }

    [Fact]
    public async Task Avatar_IsSvgInitials()
    {
        var user = await db.Data.UserAsync("Jane <Developer>");

        var svg = await db.Get<UserService>().GetAvatarSvgAsync(user.Id, user.Id);

        Assert.StartsWith("<svg", svg);
        Assert.Contains(">J&lt;</text>", svg);
        Assert.DoesNotContain("<Developer>", svg);
        Assert.Null(await db.Get<UserService>().GetAvatarSvgAsync(Guid.NewGuid(), user.Id));
    }

    [Fact]
    public async Task Avatar_OnlyForSomeoneWhoSharesASpace_ThemselvesAnAdmin_OrTheMonitor()
    {
        // Arrange
        var team = await db.Data.TeamAsync();
        var stranger = await db.Data.UserAsync("Stranger Danger");
        var root = await db.Data.UserAsync("Root", admin: true);
        var users = db.Get<UserService>();

        // Act + Assert
        Assert.NotNull(await users.GetAvatarSvgAsync(team.Member.Id, team.Viewer.Id));
        Assert.Null(await users.GetAvatarSvgAsync(team.Member.Id, stranger.Id));
        Assert.Null(await users.GetAvatarSvgAsync(stranger.Id, team.Member.Id));
        Assert.NotNull(await users.GetAvatarSvgAsync(stranger.Id, stranger.Id));
        Assert.NotNull(await users.GetAvatarSvgAsync(stranger.Id, root.Id));
        Assert.NotNull(await users.GetAvatarSvgAsync(SystemUsers.QualityMonitorId, stranger.Id));
    }
}

using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Services;

public sealed class SpaceServiceTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private SpaceService Spaces => db.Get<SpaceService>();

    [Fact]
    public async Task Create_ByInstanceAdmin_MakesCreatorSpaceAdmin()
    {
        var root = await db.Data.UserAsync("Root", admin: true);
        var key = "Q" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();

        var space = await Spaces.CreateAsync(new CreateSpaceRequest { Key = key, Name = " Quality " }, root.Id);

        Assert.Equal((key, "Quality", SpaceRole.Admin), (space.Key, space.Name, space.Role));
        var members = (await Spaces.ListMembersAsync(space.Id, 1, 20, root.Id))!;
        Assert.Equal([(root.Id, SpaceRole.Admin)], members.Items.Select(m => (m.Id, m.Role)));
    }

    [Theory]
    [InlineData("cust")]
    [InlineData("C")]
    [InlineData("1CUST")]
    [InlineData("CUSTOMERDATA")]
    [InlineData("CU-ST")]
    public async Task Create_BadKey_IsValidationError(string key)
    {
        var root = await db.Data.UserAsync("Root", admin: true);

        var error = await Assert.ThrowsAsync<ValidationException>(() => Spaces.CreateAsync(new CreateSpaceRequest { Key = key, Name = "x" }, root.Id));

        Assert.Contains("key", error.Errors.Keys);
    }

    [Fact]
    public async Task Create_TheSameKeyAtOnce_OneIsCreated_TheOthersAreConflicts()
    {
        var root = await db.Data.UserAsync("Root", admin: true);
        var key = "R" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run<Exception?>(async () =>
        {
            try
            {
                await db.Get<SpaceService>().CreateAsync(new CreateSpaceRequest { Key = key, Name = $"Race {n}" }, root.Id);
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        })));

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.OfType<Exception>(), e => Assert.Contains("already used", Assert.IsType<ConflictException>(e).Message));
    }

    [Fact]
    public async Task Create_DuplicateKey_IsAConflict_NonAdmin_IsForbidden()
    {
        var root = await db.Data.UserAsync("Root", admin: true);
        var plain = await db.Data.UserAsync("Plain");
        var key = "D" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        await Spaces.CreateAsync(new CreateSpaceRequest { Key = key, Name = "One" }, root.Id);

        var duplicate = await Assert.ThrowsAsync<ConflictException>(() => Spaces.CreateAsync(new CreateSpaceRequest { Key = key, Name = "Two" }, root.Id));
        await Assert.ThrowsAsync<ForbiddenException>(() => Spaces.CreateAsync(new CreateSpaceRequest { Key = "ZZ" + key[..3], Name = "Three" }, plain.Id));

        Assert.Contains("already used", duplicate.Message);
    }

    [Fact]
    public async Task Members_RolesAreManagedBySpaceAdminsOnly_AndLastAdminStays()
    {
        var team = await db.Data.TeamAsync();
        var newcomer = await db.Data.UserAsync("Nina Newcomer");

        await Assert.ThrowsAsync<ForbiddenException>(() => db.Data.MemberAsync(team.Space.Id, newcomer.Id, SpaceRole.Member, team.Member.Id));
        await db.Data.MemberAsync(team.Space.Id, newcomer.Id, SpaceRole.Member, team.Admin.Id);
        await Assert.ThrowsAsync<ConflictException>(() => db.Data.MemberAsync(team.Space.Id, team.Admin.Id, SpaceRole.Member, team.Admin.Id));
        await Assert.ThrowsAsync<ConflictException>(() => Spaces.RemoveMemberAsync(team.Space.Id, team.Admin.Id, team.Admin.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => db.Data.MemberAsync(team.Space.Id, Guid.NewGuid(), SpaceRole.Member, team.Admin.Id));
        await Assert.ThrowsAsync<ValidationException>(() => Spaces.SetMemberRoleAsync(team.Space.Id, newcomer.Id, new SetMemberRoleRequest(), team.Admin.Id));
        await Spaces.RemoveMemberAsync(team.Space.Id, team.Viewer.Id, team.Admin.Id);

        var members = (await Spaces.ListMembersAsync(team.Space.Id, 1, 20, team.Member.Id))!;
        Assert.Equal(["Alice Admin", "Jane Developer", "Nina Newcomer"], members.Items.Select(m => m.Name));
        Assert.Null(await Spaces.GetAsync(team.Space.Id, team.Viewer.Id));
    }

    [Fact]
    public async Task Members_TheQualityMonitorCanNeverJoin()
    {
        // Arrange
        var team = await db.Data.TeamAsync();

        // Act
        var refused = await Assert.ThrowsAsync<ValidationException>(() => Spaces.SetMemberRoleAsync(
            team.Space.Id, SystemUsers.QualityMonitorId, new SetMemberRoleRequest { Role = SpaceRole.Admin }, team.Admin.Id));

        // Assert
        Assert.Equal(["user_id"], refused.Errors.Keys);
        Assert.DoesNotContain((await Spaces.ListMembersAsync(team.Space.Id, 1, 100, team.Admin.Id))!.Items, m => m.Id == SystemUsers.QualityMonitorId);
    }

    [Fact]
    public async Task RemoveMember_UnassignsTheirIssuesInTheSameChange_WithHistoryByTheAdmin()
    {
        // Arrange
        var team = await db.Data.TeamAsync();
        var theirs = await db.Data.IssueAsync(team.Space.Id, team.Admin.Id, "Assigned to the leaver", assigneeId: team.Member.Id);
        var reported = await db.Data.IssueAsync(team.Space.Id, team.Member.Id, "Reported by the leaver");

        // Act
        await Spaces.RemoveMemberAsync(team.Space.Id, team.Member.Id, team.Admin.Id);

        // Assert
        var issues = db.Get<IssueService>();
        var unassigned = (await issues.GetAsync(theirs.Id, team.Admin.Id))!;
        Assert.Null(unassigned.Assignee);
        Assert.Equal(theirs.Version + 1, unassigned.Version);
        var last = (await issues.HistoryAsync(theirs.Id, 1, 100, team.Admin.Id))!.Items[^1];
        Assert.Equal((IssueEventKind.AssigneeChanged, "Jane Developer", (string?)null, team.Admin.Id), (last.Action, last.OldValue, last.NewValue, last.Actor.Id));
        Assert.Equal(team.Member.Id, (await issues.GetAsync(reported.Id, team.Admin.Id))!.Reporter.Id);
    }

    [Fact]
    public async Task ListAndGet_ShowOnlyTheActorsSpacesWithTheirRole()
    {
        var team = await db.Data.TeamAsync();
        var outsider = await db.Data.UserAsync("Olga Outsider");

        var viewerSpaces = await Spaces.ListAsync(1, 100, team.Viewer.Id);

        Assert.Equal([(team.Space.Id, SpaceRole.Viewer)], viewerSpaces.Items.Select(s => (s.Id, s.Role)));
        Assert.Equal(0, (await Spaces.ListAsync(1, 20, outsider.Id)).Total);
        Assert.Null(await Spaces.GetAsync(team.Space.Id, outsider.Id));
        Assert.Null(await Spaces.ListMembersAsync(team.Space.Id, 1, 20, outsider.Id));
    }
}

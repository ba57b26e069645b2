using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Infrastructure;

/// <summary>Builds the people, spaces and issues a test needs, through the real services. Names are unique per call.</summary>
public sealed class TestData(IServiceProvider services)
{
    public const string Password = "correct-horse-battery";

    private T Get<T>() where T : notnull => services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public async Task<UserDto> UserAsync(string name = "Jane Developer", bool admin = false)
    {
        var local = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '.').ToArray());
        var email = $"{local}.{Guid.NewGuid():N}@test.local";
        return await Get<UserService>().CreateUserAsync(new CreateUserRequest { Email = email, Name = name, Password = Password }, admin, CancellationToken.None);
    }

    /// <summary>A space whose admin is <paramref name="adminId"/> (an instance admin is made to create it).</summary>
    public async Task<SpaceDto> SpaceAsync(Guid adminId, string? key = null, string name = "Customer Data")
    {
        var root = await UserAsync("Root Admin", admin: true);
        key ??= "S" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant().Replace('0', 'A');
        var space = await Get<SpaceService>().CreateAsync(new CreateSpaceRequest { Key = key, Name = name }, root.Id);
        await Get<SpaceService>().SetMemberRoleAsync(space.Id, adminId, new SetMemberRoleRequest { Role = SpaceRole.Admin }, root.Id);
        await Get<SpaceService>().RemoveMemberAsync(space.Id, root.Id, adminId);
        return space with { Role = SpaceRole.Admin };
    }

    public Task<MemberDto> MemberAsync(Guid spaceId, Guid userId, SpaceRole role, Guid adminId) =>
        Get<SpaceService>().SetMemberRoleAsync(spaceId, userId, new SetMemberRoleRequest { Role = role }, adminId);

    public Task<ProductDto> ProductAsync(Guid spaceId, Guid adminId, string name = "Customer Events") =>
        Get<ProductService>().CreateAsync(new CreateProductRequest { SpaceId = spaceId, Name = name }, adminId);

    public async Task<IssueDto> IssueAsync(Guid spaceId, Guid reporterId, string title = "Customer ID nulls increased", IssuePriority? priority = null, Guid? productId = null, Guid? assigneeId = null) =>
        (await Get<IssueService>().CreateAsync(new CreateIssueRequest
        {
            SpaceId = spaceId,
            Title = title,
            Priority = priority,
            ProductId = productId,
            AssigneeId = assigneeId,
            Description = "Seeing 15% null rate in customer_id column",
        }, reporterId)).Issue;

    /// <summary>Switches off opening issues from alerts in a space, for tests that link alerts to issues by hand.</summary>
    public Task<AlertPolicyDto> ManualAlertsAsync(Guid spaceId, Guid adminId) =>
        Get<SpaceService>().SetAlertPolicyAsync(spaceId, new AlertPolicyDto { AutoOpen = false }, adminId);

    /// <summary>A space with an admin, a member and a viewer, and a product.</summary>
    public async Task<Team> TeamAsync()
    {
        var admin = await UserAsync("Alice Admin");
        var member = await UserAsync("Jane Developer");
        var viewer = await UserAsync("Victor Viewer");
        var space = await SpaceAsync(admin.Id);
        await MemberAsync(space.Id, member.Id, SpaceRole.Member, admin.Id);
        await MemberAsync(space.Id, viewer.Id, SpaceRole.Viewer, admin.Id);
        var product = await ProductAsync(space.Id, admin.Id);
        return new Team(space, admin, member, viewer, product);
    }
}

public sealed record Team(SpaceDto Space, UserDto Admin, UserDto Member, UserDto Viewer, ProductDto Product);

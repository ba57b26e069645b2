using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IssueTracker.Web.Spaces;

public static class SpacesApi
{
    public static RouteGroupBuilder MapSpacesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/spaces").WithTags("Spaces");
        group.MapGet("/", ListSpaces).WithName(nameof(ListSpaces));
        group.MapPost("/", CreateSpace).WithName(nameof(CreateSpace)).WithIdempotencyKey().RequireScope(TokenScope.Admin).Accepts<CreateSpaceRequest>("application/json");
        group.MapGet("/{id:guid}", GetSpace).WithName(nameof(GetSpace));
        group.MapGet("/{id:guid}/members", ListMembers).WithName(nameof(ListMembers));
        group.MapGet("/{id:guid}/alert-policy", GetSpaceAlertPolicy).WithName(nameof(GetSpaceAlertPolicy));
        group.MapPut("/{id:guid}/alert-policy", SetSpaceAlertPolicy).WithName(nameof(SetSpaceAlertPolicy)).RequireScope(TokenScope.Admin).Accepts<AlertPolicyDto>("application/json");
        group.MapGet("/{id:guid}/sla", GetSpaceSla).WithName(nameof(GetSpaceSla));
        group.MapPut("/{id:guid}/sla", SetSpaceSla).WithName(nameof(SetSpaceSla)).RequireScope(TokenScope.Admin).Accepts<SpaceSlaDto>("application/json");
        group.MapPut("/{id:guid}/members/{userId:guid}", SetMemberRole).WithName(nameof(SetMemberRole)).RequireScope(TokenScope.Admin).Accepts<SetMemberRoleRequest>("application/json");
        group.MapDelete("/{id:guid}/members/{userId:guid}", RemoveMember).WithName(nameof(RemoveMember)).RequireScope(TokenScope.Admin);
        return group;
    }

    public static async Task<Ok<PagedResult<SpaceDto>>> ListSpaces(
        [FromQuery] string? page, [FromQuery] string? size, ClaimsPrincipal user, SpaceService spaces, CancellationToken ct)
    {
        var paging = ApiHttp.Page(page, size);
        return TypedResults.Ok(await spaces.ListAsync(paging.Page, paging.Size, user.ActorId(), ct));
    }

    public static async Task<Created<SpaceDto>> CreateSpace(JsonBody<CreateSpaceRequest> body, ClaimsPrincipal user, SpaceService spaces, CancellationToken ct)
    {
        var space = await spaces.CreateAsync(body.Value, user.ActorId(), ct);
        return TypedResults.Created($"/api/spaces/{space.Id}", space);
    }

    public static async Task<Ok<SpaceDto>> GetSpace(Guid id, ClaimsPrincipal user, SpaceService spaces, CancellationToken ct) =>
        TypedResults.Ok(await spaces.GetAsync(id, user.ActorId(), ct) ?? throw new NotFoundException("Space"));

    public static async Task<Ok<PagedResult<MemberDto>>> ListMembers(
        Guid id, [FromQuery] string? page, [FromQuery] string? size, ClaimsPrincipal user, SpaceService spaces, CancellationToken ct)
    {
        var paging = ApiHttp.Page(page, size);
        return TypedResults.Ok(await spaces.ListMembersAsync(id, paging.Page, paging.Size, user.ActorId(), ct) ?? throw new NotFoundException("Space"));
    }

    public static async Task<Ok<MemberDto>> SetMemberRole(Guid id, Guid userId, JsonBody<SetMemberRoleRequest> body, ClaimsPrincipal user, SpaceService spaces, CancellationToken ct)
    {
        var request = body.Value;
        return TypedResults.Ok(await spaces.SetMemberRoleAsync(id, userId, request, user.ActorId(), ct));
    }

    public static async Task<NoContent> RemoveMember(Guid id, Guid userId, ClaimsPrincipal user, SpaceService spaces, CancellationToken ct)
    {
        await spaces.RemoveMemberAsync(id, userId, user.ActorId(), ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<AlertPolicyDto>> GetSpaceAlertPolicy(Guid id, ClaimsPrincipal user, SpaceService spaces, CancellationToken ct) =>
        TypedResults.Ok(await spaces.GetAlertPolicyAsync(id, user.ActorId(), ct) ?? throw new NotFoundException("Space"));

    public static async Task<Ok<AlertPolicyDto>> SetSpaceAlertPolicy(Guid id, JsonBody<AlertPolicyDto> body, ClaimsPrincipal user, SpaceService spaces, CancellationToken ct) =>
        TypedResults.Ok(await spaces.SetAlertPolicyAsync(id, body.Value, user.ActorId(), ct));

    public static async Task<Ok<SpaceSlaDto>> GetSpaceSla(Guid id, ClaimsPrincipal user, SlaService slas, CancellationToken ct) =>
        TypedResults.Ok(await slas.GetAsync(id, user.ActorId(), ct) ?? throw new NotFoundException("Space"));

    public static async Task<Ok<SpaceSlaDto>> SetSpaceSla(Guid id, JsonBody<SpaceSlaDto> body, ClaimsPrincipal user, SlaService slas, CancellationToken ct) =>
        TypedResults.Ok(await slas.SetAsync(id, body.Value, user.ActorId(), ct));
}

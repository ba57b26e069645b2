using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IssueTracker.Web.Spaces;

public static class SpacesApi
{
    public static RouteGroupBuilder MapSpacesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/spaces").WithTags("Spaces");
        group.MapGet("/", ListSpaces).WithName(nameof(ListSpaces)).WithSummary("Spaces the caller can see");
        group.MapPost("/", CreateSpace).WithName(nameof(CreateSpace)).WithSummary("Create a space (instance admins, admin scope)").WithIdempotencyKey().RequireScope(TokenScope.Admin).Accepts<CreateSpaceRequest>("application/json");
        group.MapGet("/{id:guid}", GetSpace).WithName(nameof(GetSpace)).WithSummary("One space");
        group.MapPatch("/{id:guid}", UpdateSpace).WithName(nameof(UpdateSpace)).WithSummary("Rename a space or change its description").RequireScope(TokenScope.Admin)
            .Accepts<UpdateSpaceRequest>("application/merge-patch+json", "application/json");
        group.MapPost("/{id:guid}/archive", ArchiveSpace).WithName(nameof(ArchiveSpace)).RequireScope(TokenScope.Admin)
            .WithSummary("Archive a space: hidden from pickers and default lists, its issues kept");
        group.MapPost("/{id:guid}/unarchive", UnarchiveSpace).WithName(nameof(UnarchiveSpace)).WithSummary("Bring an archived space back").RequireScope(TokenScope.Admin);
        group.MapGet("/{id:guid}/members", ListMembers).WithName(nameof(ListMembers)).WithSummary("A space's members and their roles");
        group.MapGet("/{id:guid}/alert-policy", GetSpaceAlertPolicy).WithName(nameof(GetSpaceAlertPolicy)).WithSummary("How alerts open issues in a space");
        group.MapPut("/{id:guid}/alert-policy", SetSpaceAlertPolicy).WithName(nameof(SetSpaceAlertPolicy)).WithSummary("Set how alerts open issues in a space").RequireScope(TokenScope.Admin).Accepts<AlertPolicyDto>("application/json");
        group.MapGet("/{id:guid}/sla", GetSpaceSla).WithName(nameof(GetSpaceSla)).WithSummary("A space's time-to-resolve targets by priority");
        group.MapPut("/{id:guid}/sla", SetSpaceSla).WithName(nameof(SetSpaceSla)).WithSummary("Set a space's time-to-resolve targets by priority").RequireScope(TokenScope.Admin).Accepts<SpaceSlaDto>("application/json");
        group.MapPut("/{id:guid}/members/{userId:guid}", SetMemberRole).WithName(nameof(SetMemberRole)).WithSummary("Add a person to a space or change their role").ProducesProblem(StatusCodes.Status409Conflict).RequireScope(TokenScope.Admin).Accepts<SetMemberRoleRequest>("application/json");
        group.MapDelete("/{id:guid}/members/{userId:guid}", RemoveMember).WithName(nameof(RemoveMember)).WithSummary("Remove a person from a space").ProducesProblem(StatusCodes.Status409Conflict).RequireScope(TokenScope.Admin);
        return group;
    }

    /// <summary>The spaces the caller can see; <c>key</c> finds one (archived or not), <c>archived=true</c> lists the archived ones.</summary>
    public static async Task<Ok<PagedResult<SpaceDto>>> ListSpaces(
        [FromQuery] string? key, [FromQuery] string? archived, [FromQuery] string? page, [FromQuery] string? size,
        ClaimsPrincipal user, SpaceService spaces, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var only = QueryText.Bool(archived, "archived", errors);
        var (p, s) = QueryText.Page(page, size, errors);
        errors.ThrowIfAny();
        return TypedResults.Ok(await spaces.ListAsync(new SpaceListQuery(string.IsNullOrWhiteSpace(key) ? null : key, only), p, s, user.ActorId(), ct));
    }

    public static async Task<Ok<SpaceDto>> UpdateSpace(Guid id, JsonBody<UpdateSpaceRequest> body, ClaimsPrincipal user, SpaceService spaces, CancellationToken ct) =>
        TypedResults.Ok(await spaces.UpdateAsync(id, body.Value, user.ActorId(), ct));

    public static async Task<Ok<SpaceDto>> ArchiveSpace(Guid id, ClaimsPrincipal user, SpaceService spaces, CancellationToken ct) =>
        TypedResults.Ok(await spaces.SetArchivedAsync(id, archived: true, user.ActorId(), ct));

    public static async Task<Ok<SpaceDto>> UnarchiveSpace(Guid id, ClaimsPrincipal user, SpaceService spaces, CancellationToken ct) =>
        TypedResults.Ok(await spaces.SetArchivedAsync(id, archived: false, user.ActorId(), ct));

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

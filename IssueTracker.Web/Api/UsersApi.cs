using System.Security.Claims;
using IssueTracker.Web.Contracts;
using IssueTracker.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IssueTracker.Web.Api;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", GetMe).WithTags("Users").WithName(nameof(GetMe));
        var group = api.MapGroup("/users").WithTags("Users");
        group.MapGet("/", ListUsers).WithName(nameof(ListUsers));
        group.MapPost("/", CreateUser).WithName(nameof(CreateUser)).Accepts<CreateUserRequest>("application/json");
        group.MapGet("/{id:guid}/avatar", GetAvatar).WithName(nameof(GetAvatar));
        return group;
    }

    public static async Task<Ok<MeDto>> GetMe(ClaimsPrincipal user, UserService users, CancellationToken ct) =>
        TypedResults.Ok(await users.GetMeAsync(user.ActorId(), ct) ?? throw new NotFoundException("User"));

    public static async Task<Ok<PagedResult<UserSummaryDto>>> ListUsers(
        [AsParameters] SpacePageParameters parameters, ClaimsPrincipal user, UserService users, CancellationToken ct)
    {
        var (space, paging) = parameters.Read();
        return TypedResults.Ok(await users.ListAsync(space, paging.Page, paging.Size, user.ActorId(), ct));
    }

    public static async Task<Created<UserDto>> CreateUser(JsonBody<CreateUserRequest> body, ClaimsPrincipal user, UserService users, CancellationToken ct)
    {
        var created = await users.CreateAsync(body.Value, user.ActorId(), ct);
        return TypedResults.Created($"/api/users/{created.Id}", created);
    }

    public static async Task<ContentHttpResult> GetAvatar(Guid id, HttpResponse response, UserService users, CancellationToken ct)
    {
        var svg = await users.GetAvatarSvgAsync(id, ct) ?? throw new NotFoundException("User");
        response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.Content(svg, "image/svg+xml");
    }
}

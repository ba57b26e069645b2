using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IssueTracker.Web.Accounts;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", GetMe).WithTags("Users").WithName(nameof(GetMe));
        var group = api.MapGroup("/users").WithTags("Users");
        group.MapGet("/", ListUsers).WithName(nameof(ListUsers));
        group.MapPost("/", CreateUser).WithName(nameof(CreateUser)).WithIdempotencyKey().Accepts<CreateUserRequest>("application/json").RequireScope(TokenScope.Admin);
        group.MapPatch("/{id:guid}", UpdateUser).WithName(nameof(UpdateUser)).Accepts<UpdateUserRequest>("application/merge-patch+json", "application/json");
        group.MapPost("/{id:guid}/deactivate", DeactivateUser).WithName(nameof(DeactivateUser)).RequireScope(TokenScope.Admin);
        group.MapPost("/{id:guid}/reactivate", ReactivateUser).WithName(nameof(ReactivateUser)).RequireScope(TokenScope.Admin);
        group.MapGet("/{id:guid}/avatar", GetAvatar).WithName(nameof(GetAvatar));
        return group;
    }

    public static async Task<Ok<MeDto>> GetMe(ClaimsPrincipal user, UserService users, CancellationToken ct) =>
        TypedResults.Ok(await users.GetMeAsync(user.ActorId(), ct) ?? throw new NotFoundException("User"));

    public static async Task<Ok<PagedResult<PersonDto>>> ListUsers(
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

    /// <summary>Sets a user's handle: an instance admin for anyone (admin scope), anyone for themselves.</summary>
    public static async Task<Results<Ok<UserDto>, ProblemHttpResult>> UpdateUser(
        Guid id, JsonBody<UpdateUserRequest> body, ClaimsPrincipal user, UserService users, CancellationToken ct)
    {
        if (id != user.ActorId() && !ActorClaims.HasScope(user, TokenScope.Admin)) return (ProblemHttpResult)ScopeFilter.Refusal(TokenScope.Admin);
        return TypedResults.Ok(await users.UpdateAsync(id, body.Value, user.ActorId(), ct));
    }

    /// <summary>Cuts a person off: no sign-in, every token 401, open sessions end within a minute.</summary>
    public static async Task<NoContent> DeactivateUser(Guid id, ClaimsPrincipal user, UserService users, CancellationToken ct)
    {
        await users.DeactivateAsync(id, user.ActorId(), ct);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> ReactivateUser(Guid id, ClaimsPrincipal user, UserService users, CancellationToken ct)
    {
        await users.ReactivateAsync(id, user.ActorId(), ct);
        return TypedResults.NoContent();
    }

    public static async Task<ContentHttpResult> GetAvatar(Guid id, HttpResponse response, ClaimsPrincipal user, UserService users, CancellationToken ct)
    {
        var svg = await users.GetAvatarSvgAsync(id, user.ActorId(), ct) ?? throw new NotFoundException("User");
        response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.Content(svg, "image/svg+xml");
    }
}

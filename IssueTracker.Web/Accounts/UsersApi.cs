using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IssueTracker.Web.Accounts;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", GetMe).WithTags("Users").WithName(nameof(GetMe)).WithSummary("Who the caller is: their account and whether they administer the instance");
        var group = api.MapGroup("/users").WithTags("Users");
        group.MapGet("/", ListUsers).WithName(nameof(ListUsers)).WithSummary("The people of this instance, for pickers and mentions");
        group.MapPost("/", CreateUser).WithName(nameof(CreateUser)).WithSummary("Create an account (instance admins, admin scope)").WithIdempotencyKey().Accepts<CreateUserRequest>("application/json").RequireScope(TokenScope.Admin);
        group.MapPatch("/{id:guid}", UpdateUser).WithName(nameof(UpdateUser)).WithSummary("Change a user's handle").ProducesProblem(StatusCodes.Status409Conflict).Accepts<UpdateUserRequest>("application/merge-patch+json", "application/json");
        group.MapPost("/{id:guid}/deactivate", DeactivateUser).WithName(nameof(DeactivateUser)).WithSummary("Deactivate a person: no sign-in, every token refused").ProducesProblem(StatusCodes.Status409Conflict).RequireScope(TokenScope.Admin);
        group.MapPost("/{id:guid}/reactivate", ReactivateUser).WithName(nameof(ReactivateUser)).WithSummary("Let a deactivated person sign in again").ProducesProblem(StatusCodes.Status409Conflict).RequireScope(TokenScope.Admin);
        group.MapGet("/{id:guid}/avatar", GetAvatar).WithName(nameof(GetAvatar)).Produces<string>(StatusCodes.Status200OK, "image/svg+xml").WithSummary("A user's avatar image");
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

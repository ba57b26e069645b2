using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IssueTracker.Web.Accounts;

public static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/tokens").WithTags("Tokens");
        group.MapGet("/", ListTokens).WithName(nameof(ListTokens)).WithSummary("Your personal access tokens (never their secrets)");
        group.MapPost("/", CreateToken).WithName(nameof(CreateToken)).WithSummary("Create a personal access token with chosen scopes; the answer shows the token, once").WithIdempotencyKey().Accepts<CreateTokenRequest>("application/json");
        group.MapDelete("/{id:guid}", RevokeToken).WithName(nameof(RevokeToken)).WithSummary("Revoke one of your tokens: it answers 401 from the next request on");
        return group;
    }

    public static async Task<Ok<PagedResult<TokenDto>>> ListTokens(
        [FromQuery] string? page, [FromQuery] string? size, ClaimsPrincipal user, TokenService tokens, CancellationToken ct)
    {
        var paging = ApiHttp.Page(page, size);
        return TypedResults.Ok(await tokens.ListAsync(paging.Page, paging.Size, user.ActorId(), ct));
    }

    public static async Task<Created<CreatedTokenDto>> CreateToken(JsonBody<CreateTokenRequest> body, HttpRequest http, ClaimsPrincipal user, TokenService tokens, CancellationToken ct)
    {
        var token = await tokens.CreateAsync(body.Value, user.ActorId(), ActorClaims.GetTokenGrant(user), ct);
        http.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/tokens/{token.Id}", token);
    }

    public static async Task<NoContent> RevokeToken(Guid id, ClaimsPrincipal user, TokenService tokens, CancellationToken ct)
    {
        await tokens.RevokeAsync(id, user.ActorId(), ct);
        return TypedResults.NoContent();
    }
}

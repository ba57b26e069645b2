namespace IssueTracker.Web.Api;

/// <summary>
/// The token scope each API endpoint needs (the OpenAPI document): <c>GET</c> needs read, other methods write, and the routes
/// that manage spaces, members, products, policies and people say admin (<see cref="RequiredScopeExtensions.RequireScope"/>). A person signed
/// in with the cookie has every scope; the role still decides, in the services. Outside its token's scopes a request
/// is 403 with <c>required_scope</c>, before its body is read or any service runs.
/// </summary>
public sealed class ScopeFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var needed = RequiredOf(http);
        if (ActorClaims.HasScope(http.User, needed)) return next(context);
        return ValueTask.FromResult<object?>(Refusal(needed));
    }

    /// <summary>The scope the current endpoint needs.</summary>
    public static TokenScope RequiredOf(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>()?.Scope
        ?? (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? TokenScope.Read : TokenScope.Write);

    /// <summary>403 naming the scope the token lacks.</summary>
    public static IResult Refusal(TokenScope needed) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        type: ProblemDetailsFilter.Types[StatusCodes.Status403Forbidden],
        detail: $"This token lacks the '{WireNames.Of(needed)}' scope this request needs.",
        extensions: new Dictionary<string, object?> { ["required_scope"] = WireNames.Of(needed) });
}

/// <summary>Endpoint metadata: the token scope a route needs when it is not the one its method implies.</summary>
public sealed record RequiredScope(TokenScope Scope);

public static class RequiredScopeExtensions
{
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder route, TokenScope scope) => route.WithMetadata(new RequiredScope(scope));
}

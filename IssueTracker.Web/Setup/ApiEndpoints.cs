using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace IssueTracker.Web.Setup;

/// <summary>Composition of the REST API under <c>/api</c>, its OpenAPI document, reference page and rate limit.</summary>
public static class ApiEndpoints
{
    public static IServiceCollection AddIssueTrackerApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        // Ours first: every /api problem is problem+json with a trace_id, whatever the Accept header asks for.
        services.AddSingleton<IProblemDetailsWriter, ApiProblemWriter>();
        services.AddProblemDetails();
        services.AddOpenApi(o =>
        {
            // The document describes the REST API only, not the Identity pages' form endpoints.
            o.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer<OpenApiDocumentInfo>();
            o.AddSchemaTransformer<OpenApiOptionalSchemas>();
            o.AddSchemaTransformer<OpenApiHiddenProperties>();
            o.AddSchemaTransformer<OpenApiWireSchemas>();
            o.AddOperationTransformer<OpenApiResponseRules>();
            o.AddOperationTransformer<OpenApiRequestExamples>();
            // Last: it gives every response, including those added above, its headers.
            o.AddOperationTransformer<OpenApiRateLimitHeaders>();
        });
        services.AddHealthChecks();
        services.AddSingleton<RateWindows>();
        services.AddSingleton<AddressRateLimits>();
        services.AddSingleton<StreamSlots>();
        services.AddScoped<StreamCredentials>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = WriteRateLimitedAsync;
            // Writes take turns: on SQLite they hold the one write lock in turn anyway, and many in flight at once only
            // compete for the CPU. Queued writes wait here without a thread. Per instance, like every limiter here.
            // Each caller first takes one of their own share of the queue, so one caller cannot fill it for everyone.
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                {
                    if (!IsApiWrite(http.Request)) return RateLimitPartition.GetNoLimiter(string.Empty);
                    var limits = http.RequestServices.GetRequiredService<IOptions<IssueTrackerOptions>>().Value.RateLimit;
                    return RateLimitPartition.GetConcurrencyLimiter(CallerOf(http), _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = Math.Max(1, limits.WritesPerCaller),
                        QueueLimit = 0,
                    });
                }),
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                {
                    if (!IsApiWrite(http.Request)) return RateLimitPartition.GetNoLimiter(string.Empty);
                    var limits = http.RequestServices.GetRequiredService<IOptions<IssueTrackerOptions>>().Value.RateLimit;
                    return RateLimitPartition.GetConcurrencyLimiter(WritesPartition, _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = limits.ConcurrentWrites > 0 ? limits.ConcurrentWrites : Environment.ProcessorCount,
                        QueueLimit = limits.QueuedWrites,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    });
                }));
        });
        return services;
    }

    public static IEndpointRouteBuilder MapIssueTrackerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api")
            .RequireAuthorization(AuthSetup.ApiPolicy)
            .AddEndpointFilter<ScopeFilter>()
            .AddEndpointFilter<CookieOriginFilter>()
            .AddEndpointFilter<ProblemDetailsFilter>()
            .AddEndpointFilter<QueryParameterFilter>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapIssuesApi();
        api.MapCommentsApi();
        api.MapSpacesApi();
        api.MapDataProductsApi();
        api.MapUsersApi();
        api.MapAlertsApi();
        api.MapConnectorsApi();
        api.MapTokensApi();
        api.MapEventsApi();
        api.MapNotificationsApi();
        api.MapWebhooksApi();
        api.MapInsightsApi();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/docs", o => o
            .WithTitle("IssueTracker API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddPreferredSecuritySchemes(PersonalAccessTokenHandlerName))
            .AllowAnonymous();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Each caller's requests per minute (<c>RateLimit:PermitsPerMinute</c>), counted after sign-in so a person's
    /// browser and tokens share one allowance. Every API answer says where the caller stands (<c>RateLimit-Limit</c>,
    /// <c>-Remaining</c>, <c>-Reset</c> in seconds); a refusal is 429 with the true <c>Retry-After</c>.
    /// </summary>
    public static IApplicationBuilder UseApiCallerLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/api/docs")
            || ActorClaims.GetActorId(http.User) is not { } actor)
        {
            await next(http);
            return;
        }
        var limits = http.RequestServices.GetRequiredService<IOptions<IssueTrackerOptions>>().Value.RateLimit;
        var decision = http.RequestServices.GetRequiredService<RateWindows>().Take("caller:" + actor, limits.PermitsPerMinute, TimeSpan.FromMinutes(1));
        decision.WriteHeaders(http.Response);
        if (decision.Allowed)
        {
            await next(http);
            return;
        }
        await TooManyRequests.WriteAsync(http, $"Rate limit reached ({decision.Limit} requests a minute); retry after {Seconds(decision.ResetSeconds)}.");
    });

    private const string PersonalAccessTokenHandlerName = PersonalAccessTokenHandler.SchemeName;
    private const string WritesPartition = "api-writes";

    private static string CallerOf(HttpContext http) =>
        ActorClaims.GetActorId(http.User)?.ToString() ?? "ip:" + http.Connection.RemoteIpAddress;

    private static bool IsApiWrite(HttpRequest request) =>
        request.Path.StartsWithSegments("/api")
        && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method));

    private static string Seconds(int n) => n == 1 ? "1 second" : $"{n} seconds";

    // Only the write queue refuses here (the per-caller window is UseApiCallerLimits): a full queue has no reopening
    // time, and drains in about a second.
    private static ValueTask WriteRateLimitedAsync(OnRejectedContext context, CancellationToken ct)
    {
        context.HttpContext.Response.Headers.RetryAfter = "1";
        return TooManyRequests.WriteAsync(context.HttpContext, "Too many writes are waiting (on this server, or from you); nothing was changed, retry after 1 second.");
    }
}

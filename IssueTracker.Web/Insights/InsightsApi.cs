using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IssueTracker.Web.Insights;

public static class InsightsApi
{
    public static RouteGroupBuilder MapInsightsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/insights").WithTags("Insights");
        group.MapGet("/", GetInsights).WithName(nameof(GetInsights)).WithSummary("Triage figures for the caller's spaces: open issues, time to resolve, SLA breaches");
        return group;
    }

    public static async Task<Ok<InsightsDto>> GetInsights([AsParameters] InsightsParameters parameters, ClaimsPrincipal user, InsightService insights, CancellationToken ct) =>
        TypedResults.Ok(await insights.GetAsync(parameters.ToQuery(), user.ActorId(), ct));
}

/// <summary>The query string of <c>GET /api/insights</c>, read as text so a bad value is named in the 400.</summary>
public sealed class InsightsParameters
{
    [FromQuery(Name = "space_id")] public string? SpaceId { get; set; }
    [FromQuery(Name = "product_id")] public string? ProductId { get; set; }
    /// <summary>Start of the period (ISO 8601 date or time, UTC); default 90 days before <c>to</c>.</summary>
    [FromQuery(Name = "from")] public string? From { get; set; }
    /// <summary>End of the period, exclusive; default now.</summary>
    [FromQuery(Name = "to")] public string? To { get; set; }

    public InsightsQuery ToQuery()
    {
        var errors = new ValidationErrors();
        var query = new InsightsQuery(
            QueryText.Guid(SpaceId, "space_id", errors), QueryText.Guid(ProductId, "product_id", errors),
            QueryText.Time(From, "from", errors), QueryText.Time(To, "to", errors));
        errors.ThrowIfAny();
        return query;
    }
}

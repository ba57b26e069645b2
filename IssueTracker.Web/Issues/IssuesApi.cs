using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IssueTracker.Web.Issues;

public static class IssuesApi
{
    public static RouteGroupBuilder MapIssuesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/issues").WithTags("Issues");
        group.MapGet("/", ListIssues).WithName(nameof(ListIssues));
        group.MapPost("/", CreateIssue).WithName(nameof(CreateIssue)).Accepts<CreateIssueRequest>("application/json");
        group.MapGet("/{id:guid}", GetIssue).WithName(nameof(GetIssue));
        group.MapPatch("/{id:guid}", UpdateIssue).WithName(nameof(UpdateIssue))
            .Accepts<UpdateIssueRequest>("application/merge-patch+json", "application/json");
        group.MapDelete("/{id:guid}", DeleteIssue).WithName(nameof(DeleteIssue));
        group.MapGet("/{id:guid}/history", GetIssueHistory).WithName(nameof(GetIssueHistory));
        group.MapGet("/{id:guid}/links", ListIssueLinks).WithName(nameof(ListIssueLinks));
        group.MapPost("/{id:guid}/links", AddIssueLink).WithName(nameof(AddIssueLink)).Accepts<LinkRequest>("application/json");
        group.MapDelete("/{id:guid}/links/{linkId:guid}", RemoveIssueLink).WithName(nameof(RemoveIssueLink));
        return group;
    }

    public static async Task<Ok<PagedResult<IssueDto>>> ListIssues(
        [AsParameters] IssueListParameters parameters, ClaimsPrincipal user, IssueService issues, CancellationToken ct) =>
        TypedResults.Ok(await issues.ListAsync(parameters.ToQuery(), user.ActorId(), ct));

    public static async Task<Created<IssueDto>> CreateIssue(
        JsonBody<CreateIssueRequest> body, [FromHeader(Name = ApiHttp.IdempotencyKeyHeader)] string? idempotencyKey,
        HttpResponse response, ClaimsPrincipal user, IssueService issues, CancellationToken ct)
    {
        var result = await issues.CreateAsync(body.Value, user.ActorId(), idempotencyKey, ct);
        response.Headers.ETag = ApiHttp.ETag(result.Issue.Version);
        if (result.Replayed) ApiHttp.MarkReplayed(response);
        return TypedResults.Created($"/api/issues/{result.Issue.Id}", result.Issue);
    }

    public static async Task<Ok<IssueDto>> GetIssue(Guid id, HttpResponse response, ClaimsPrincipal user, IssueService issues, CancellationToken ct)
    {
        var issue = await issues.GetAsync(id, user.ActorId(), ct) ?? throw new NotFoundException("Issue");
        response.Headers.ETag = ApiHttp.ETag(issue.Version);
        return TypedResults.Ok(issue);
    }

    public static async Task<Ok<IssueDto>> UpdateIssue(Guid id, JsonBody<UpdateIssueRequest> body, HttpRequest http, ClaimsPrincipal user, IssueService issues, CancellationToken ct)
    {
        var issue = await issues.UpdateAsync(id, body.Value, user.ActorId(), ApiHttp.IfMatchVersion(http), ct);
        http.HttpContext.Response.Headers.ETag = ApiHttp.ETag(issue.Version);
        return TypedResults.Ok(issue);
    }

    public static async Task<NoContent> DeleteIssue(Guid id, HttpRequest http, ClaimsPrincipal user, IssueService issues, CancellationToken ct)
    {
        await issues.DeleteAsync(id, user.ActorId(), ApiHttp.IfMatchVersion(http), ct);
        return TypedResults.NoContent();
    }

    /// <summary>Every link of the issue in one page (the collection shape of every list): an issue has a handful.</summary>
    public static async Task<Ok<PagedResult<IssueLinkDto>>> ListIssueLinks(Guid id, ClaimsPrincipal user, LinkService links, CancellationToken ct)
    {
        var items = await links.ListAsync(id, user.ActorId(), ct) ?? throw new NotFoundException("Issue");
        return TypedResults.Ok(new PagedResult<IssueLinkDto>(items, items.Count, 1, items.Count));
    }

    public static async Task<Created<IssueLinkDto>> AddIssueLink(Guid id, JsonBody<LinkRequest> body, ClaimsPrincipal user, LinkService links, CancellationToken ct)
    {
        var link = await links.AddAsync(id, body.Value, user.ActorId(), ct);
        return TypedResults.Created($"/api/issues/{id}/links/{link.Id}", link);
    }

    public static async Task<NoContent> RemoveIssueLink(Guid id, Guid linkId, ClaimsPrincipal user, LinkService links, CancellationToken ct)
    {
        await links.RemoveAsync(id, linkId, user.ActorId(), ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<PagedResult<HistoryEntryDto>>> GetIssueHistory(
        Guid id, [FromQuery] string? page, [FromQuery] string? size, ClaimsPrincipal user, IssueService issues, CancellationToken ct)
    {
        var paging = ApiHttp.Page(page, size);
        return TypedResults.Ok(await issues.HistoryAsync(id, paging.Page, paging.Size, user.ActorId(), ct) ?? throw new NotFoundException("Issue"));
    }
}

/// <summary>
/// The query string of <c>GET /api/issues</c>, bound as text and read by <see cref="QueryText.Issues"/> (the parser the
/// UI's addresses use too), so a bad value is reported by name instead of failing binding with an empty 400.
/// </summary>
public sealed class IssueListParameters
{
    [FromQuery(Name = "space_id")] public string? SpaceId { get; set; }
    [FromQuery(Name = "product_id")] public string? ProductId { get; set; }
    /// <summary>One of open, in_progress, resolved, or a comma list.</summary>
    [FromQuery(Name = "status")] public string? Status { get; set; }
    /// <summary>One of low, medium, high, critical, or a comma list.</summary>
    [FromQuery(Name = "priority")] public string? Priority { get; set; }
    /// <summary>A user id, or <c>none</c> for unassigned issues.</summary>
    [FromQuery(Name = "assignee_id")] public string? AssigneeId { get; set; }
    [FromQuery(Name = "reporter_id")] public string? ReporterId { get; set; }
    [FromQuery(Name = "alert_id")] public string? AlertId { get; set; }
    /// <summary>due_soon, breached, or both as a comma list: issues whose SLA is in that state now.</summary>
    [FromQuery(Name = "sla")] public string? Sla { get; set; }
    /// <summary>Created at or after this ISO 8601 time (the issues behind an insight).</summary>
    [FromQuery(Name = "created_from")] public string? CreatedFrom { get; set; }
    /// <summary>Created before this time.</summary>
    [FromQuery(Name = "created_to")] public string? CreatedTo { get; set; }
    [FromQuery(Name = "resolved_from")] public string? ResolvedFrom { get; set; }
    [FromQuery(Name = "resolved_to")] public string? ResolvedTo { get; set; }
    /// <summary>A resolution reason, a comma list, or <c>none</c> for issues resolved without one.</summary>
    [FromQuery(Name = "resolution")] public string? Resolution { get; set; }
    /// <summary>Text search over key, title, description and comments.</summary>
    [FromQuery(Name = "q")] public string? Q { get; set; }
    /// <summary>created_at, updated_at, priority or sla (soonest deadline first); a leading <c>-</c> sorts descending. Default -updated_at.</summary>
    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public string? Page { get; set; }
    [FromQuery(Name = "size")] public string? Size { get; set; }

    public IssueQuery ToQuery()
    {
        var errors = new ValidationErrors();
        var query = QueryText.Issues(new IssueQueryText
        {
            SpaceId = SpaceId,
            ProductId = ProductId,
            Status = Status,
            Priority = Priority,
            AssigneeId = AssigneeId,
            ReporterId = ReporterId,
            AlertId = AlertId,
            Sla = Sla,
            CreatedFrom = CreatedFrom,
            CreatedTo = CreatedTo,
            ResolvedFrom = ResolvedFrom,
            ResolvedTo = ResolvedTo,
            Resolution = Resolution,
            Q = Q,
            Sort = Sort,
            Page = Page,
            Size = Size,
        }, errors);
        errors.ThrowIfAny();
        return query;
    }
}

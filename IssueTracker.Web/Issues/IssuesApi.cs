using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IssueTracker.Web.Issues;

public static class IssuesApi
{
    public static RouteGroupBuilder MapIssuesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/issues").WithTags("Issues");
        group.MapGet("/", ListIssues).WithName(nameof(ListIssues)).WithSummary("Issues the caller can see, filtered, sorted and paged")
            .WithMetadata(new QueryNames(IssueQuery.ApiNames)).AddOpenApiOperationTransformer(IssueQuery.DescribeAsync);
        group.MapPost("/", CreateIssue).WithName(nameof(CreateIssue)).WithSummary("Open an issue in a space").Accepts<CreateIssueRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithRequestExample(new CreateIssueRequest
            {
                Title = "Customer ID nulls increased",
                Description = "Seeing 15% null rate in `customer_id` since the 02:00 load.",
                Priority = IssuePriority.High,
                SpaceId = ExampleIds.Space,
                ProductId = ExampleIds.Product,
            });
        group.MapGet("/{id:guid}", GetIssue).WithName(nameof(GetIssue)).WithSummary("One issue; its version is the ETag").WithETagAndIfNoneMatch();
        group.MapPatch("/{id:guid}", UpdateIssue).WithName(nameof(UpdateIssue)).WithSummary("Change an issue (JSON merge patch); If-Match guards against lost updates")
            .Accepts<UpdateIssueRequest>("application/merge-patch+json", "application/json").WithIfMatch().ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new UpdateIssueRequest { Status = IssueStatus.InProgress, AssigneeId = ExampleIds.Assignee });
        group.MapDelete("/{id:guid}", DeleteIssue).WithName(nameof(DeleteIssue)).WithSummary("Delete an issue and everything on it").WithIfMatch();
        group.MapGet("/{id:guid}/history", GetIssueHistory).WithName(nameof(GetIssueHistory)).WithSummary("What changed on an issue, by whom and when, oldest first");
        group.MapGet("/{id:guid}/links", ListIssueLinks).WithName(nameof(ListIssueLinks)).WithSummary("An issue's links to other issues");
        group.MapPost("/{id:guid}/links", AddIssueLink).WithName(nameof(AddIssueLink)).WithSummary("Link an issue to another (blocks, duplicates, relates to)").WithIdempotencyKey().Accepts<LinkRequest>("application/json");
        group.MapDelete("/{id:guid}/links/{linkId:guid}", RemoveIssueLink).WithName(nameof(RemoveIssueLink)).WithSummary("Remove a link between two issues");
        return group;
    }

    public static async Task<Ok<PagedResult<IssueDto>>> ListIssues(
        HttpRequest request, ClaimsPrincipal user, IssueService issues, CancellationToken ct) =>
        TypedResults.Ok(await issues.ListAsync(IssueQuery.FromApi(request.Query), user.ActorId(), ct));

    public static async Task<Created<IssueDto>> CreateIssue(
        JsonBody<CreateIssueRequest> body, [FromHeader(Name = ApiHttp.IdempotencyKeyHeader)] string? idempotencyKey,
        HttpResponse response, ClaimsPrincipal user, IssueService issues, CancellationToken ct)
    {
        var result = await issues.CreateAsync(body.Value, user.ActorId(), idempotencyKey, ct);
        response.Headers.ETag = ApiHttp.ETag(result.Issue.Version);
        if (result.Replayed) ApiHttp.MarkReplayed(response);
        return TypedResults.Created($"/api/issues/{result.Issue.Id}", result.Issue);
    }

    /// <summary>One issue, with its version as the ETag; 304 with no body when If-None-Match names that version.</summary>
    public static async Task<Results<Ok<IssueDto>, StatusCodeHttpResult>> GetIssue(
        Guid id, HttpRequest request, HttpResponse response, ClaimsPrincipal user, IssueService issues, CancellationToken ct)
    {
        var issue = await issues.GetAsync(id, user.ActorId(), ct) ?? throw new NotFoundException("Issue");
        response.Headers.ETag = ApiHttp.ETag(issue.Version);
        if (ApiHttp.IfNoneMatchVersions(request)?.Contains(issue.Version) == true) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Ok(issue);
    }

    public static async Task<Ok<IssueDto>> UpdateIssue(Guid id, JsonBody<UpdateIssueRequest> body, HttpRequest http, ClaimsPrincipal user, IssueService issues, CancellationToken ct)
    {
        var issue = await issues.UpdateAsync(id, body.Value, user.ActorId(), ApiHttp.IfMatchVersions(http), ct);
        http.HttpContext.Response.Headers.ETag = ApiHttp.ETag(issue.Version);
        return TypedResults.Ok(issue);
    }

    public static async Task<NoContent> DeleteIssue(Guid id, HttpRequest http, ClaimsPrincipal user, IssueService issues, CancellationToken ct)
    {
        await issues.DeleteAsync(id, user.ActorId(), ApiHttp.IfMatchVersions(http), ct);
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

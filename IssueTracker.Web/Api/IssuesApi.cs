using System.Security.Claims;
using IssueTracker.Web.Contracts;
using IssueTracker.Web.Domain;
using IssueTracker.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IssueTracker.Web.Api;

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
        return group;
    }

    public static async Task<Ok<PagedResult<IssueDto>>> ListIssues(
        [AsParameters] IssueListParameters parameters, ClaimsPrincipal user, IssueService issues, CancellationToken ct) =>
        TypedResults.Ok(await issues.ListAsync(parameters.ToQuery(), user.ActorId(), ct));

    public static async Task<Created<IssueDto>> CreateIssue(
        HttpRequest http, ClaimsPrincipal user, IssueService issues, CancellationToken ct)
    {
        var request = await ApiJson.ReadBodyAsync<CreateIssueRequest>(http, ct);
        var key = http.Headers.TryGetValue("Idempotency-Key", out var values) ? values.ToString() : null;
        var result = await issues.CreateAsync(request, user.ActorId(), key, ct);
        http.HttpContext.Response.Headers.ETag = ApiHttp.ETag(result.Issue.Version);
        if (result.Replayed) http.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/issues/{result.Issue.Id}", result.Issue);
    }

    public static async Task<Ok<IssueDto>> GetIssue(Guid id, HttpResponse response, ClaimsPrincipal user, IssueService issues, CancellationToken ct)
    {
        var issue = await issues.GetAsync(id, user.ActorId(), ct) ?? throw new NotFoundException("Issue");
        response.Headers.ETag = ApiHttp.ETag(issue.Version);
        return TypedResults.Ok(issue);
    }

    public static async Task<Ok<IssueDto>> UpdateIssue(Guid id, HttpRequest http, ClaimsPrincipal user, IssueService issues, CancellationToken ct)
    {
        var patch = await ApiJson.ReadBodyAsync<UpdateIssueRequest>(http, ct);
        var issue = await issues.UpdateAsync(id, patch, user.ActorId(), ApiHttp.IfMatchVersion(http), ct);
        http.HttpContext.Response.Headers.ETag = ApiHttp.ETag(issue.Version);
        return TypedResults.Ok(issue);
    }

    public static async Task<NoContent> DeleteIssue(Guid id, ClaimsPrincipal user, IssueService issues, CancellationToken ct)
    {
        await issues.DeleteAsync(id, user.ActorId(), ct);
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
/// The query string of <c>GET /api/issues</c>, bound as text so a bad value is reported by name instead of failing
/// binding with an empty 400.
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
    /// <summary>Text search over key, title, description and comments.</summary>
    [FromQuery(Name = "q")] public string? Q { get; set; }
    /// <summary>created_at, updated_at or priority; a leading <c>-</c> sorts descending. Default -updated_at.</summary>
    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public string? Page { get; set; }
    [FromQuery(Name = "size")] public string? Size { get; set; }

    public IssueQuery ToQuery()
    {
        var errors = new ValidationErrors();
        var unassigned = string.Equals(AssigneeId, "none", StringComparison.OrdinalIgnoreCase);
        var sort = string.IsNullOrEmpty(Sort) ? "-updated_at" : Sort;
        var descending = sort.StartsWith('-');
        IssueSortField? field = sort.TrimStart('-') switch
        {
            "updated_at" => IssueSortField.UpdatedAt,
            "created_at" => IssueSortField.CreatedAt,
            "priority" => IssueSortField.Priority,
            _ => null,
        };
        if (field is null) errors.Add("sort", "Sort must be created_at, updated_at or priority, optionally prefixed with '-'.");

        var query = new IssueQuery
        {
            SpaceId = ApiHttp.ParseGuid(SpaceId, "space_id", errors),
            ProductId = ApiHttp.ParseGuid(ProductId, "product_id", errors),
            Statuses = ParseList<IssueStatus>(Status, "status", errors),
            Priorities = ParseList<IssuePriority>(Priority, "priority", errors),
            Unassigned = unassigned,
            AssigneeId = unassigned ? null : ApiHttp.ParseGuid(AssigneeId, "assignee_id", errors),
            ReporterId = ApiHttp.ParseGuid(ReporterId, "reporter_id", errors),
            AlertId = ApiHttp.ParseGuid(AlertId, "alert_id", errors),
            Q = Q,
            Sort = field ?? IssueSortField.UpdatedAt,
            Descending = descending,
            Page = ApiHttp.ParseInt(Page, "page", 1, errors),
            Size = ApiHttp.ParseInt(Size, "size", 20, errors),
        };
        errors.ThrowIfAny();
        return query;
    }

    private static List<T>? ParseList<T>(string? raw, string name, ValidationErrors errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var values = new List<T>();
        foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (ApiEnums.TryParse<T>(part, out var value)) values.Add(value);
            else errors.Add(name, $"'{part}' is not one of {string.Join(", ", ApiEnums.Names<T>())}.");
        }
        return values;
    }
}

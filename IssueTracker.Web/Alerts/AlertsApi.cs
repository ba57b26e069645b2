using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IssueTracker.Web.Alerts;

public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/alerts").WithTags("Alerts");
        group.MapGet("/", ListAlerts).WithName(nameof(ListAlerts)).WithSummary("Alerts in the caller's spaces, filtered by space, product, status or check");
        group.MapPost("/", ReportAlert).WithName(nameof(ReportAlert)).WithSummary("Report a check result from a monitor: opens, updates or resolves its alert").Accepts<ReportAlertRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithRequestExample(new ReportAlertRequest
            {
                ProductId = ExampleIds.Product,
                Check = "orders_fresh",
                Kind = AlertKind.Freshness,
                Status = AlertStatus.Firing,
                Title = "Orders are 6 hours late",
                Message = "Newest row in orders is from 02:00.",
                Value = 6,
                Threshold = 2,
                Source = "airflow",
            });
        group.MapGet("/{id:guid}", GetAlert).WithName(nameof(GetAlert)).WithSummary("One alert, with the issue it opened");
        group.MapGet("/{id:guid}/occurrences", ListOccurrences).WithName(nameof(ListOccurrences)).WithSummary("Each time an alert fired, newest first");
        group.MapGet("/{id:guid}/runs", ListAlertRuns).WithName(nameof(ListAlertRuns)).WithSummary("The check's recent runs, newest first");
        return group;
    }

    public static async Task<Ok<PagedResult<AlertDto>>> ListAlerts(
        [FromQuery(Name = "space_id")] string? spaceId, [FromQuery(Name = "product_id")] string? productId,
        [FromQuery] string? status, [FromQuery] string? kind, [FromQuery] string? page, [FromQuery] string? size,
        ClaimsPrincipal user, AlertService alerts, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var query = new AlertQuery
        {
            SpaceId = QueryText.Guid(spaceId, "space_id", errors),
            ProductId = QueryText.Guid(productId, "product_id", errors),
            Statuses = QueryText.EnumList<AlertStatus>(status, "status", errors),
            Kinds = QueryText.EnumList<AlertKind>(kind, "kind", errors),
            Page = QueryText.Int(page, "page", 1, errors),
            Size = QueryText.Int(size, "size", 20, errors),
        };
        errors.ThrowIfAny();
        return TypedResults.Ok(await alerts.ListAsync(query, user.ActorId(), ct));
    }

    /// <summary>
    /// A monitor reports a check result: 201 when this creates the alert, 200 when it updates it. With an
    /// Idempotency-Key a retry returns the first answer and records nothing twice.
    /// </summary>
    public static async Task<Results<Created<AlertDto>, Ok<AlertDto>>> ReportAlert(
        JsonBody<ReportAlertRequest> body, [FromHeader(Name = ApiHttp.IdempotencyKeyHeader)] string? idempotencyKey,
        HttpResponse response, ClaimsPrincipal user, AlertService alerts, CancellationToken ct)
    {
        var result = await alerts.ReportAsync(body.Value, user.ActorId(), idempotencyKey, ct);
        if (result.Replayed) ApiHttp.MarkReplayed(response);
        return result.Created ? TypedResults.Created($"/api/alerts/{result.Alert.Id}", result.Alert) : TypedResults.Ok(result.Alert);
    }

    public static async Task<Ok<AlertDetailDto>> GetAlert(Guid id, ClaimsPrincipal user, AlertService alerts, CancellationToken ct) =>
        TypedResults.Ok(await alerts.GetAsync(id, user.ActorId(), ct) ?? throw new NotFoundException("Alert"));

    public static async Task<Ok<PagedResult<AlertOccurrenceDto>>> ListOccurrences(
        Guid id, [FromQuery] string? page, [FromQuery] string? size, ClaimsPrincipal user, AlertService alerts, CancellationToken ct)
    {
        var paging = ApiHttp.Page(page, size);
        return TypedResults.Ok(await alerts.OccurrencesAsync(id, paging.Page, paging.Size, user.ActorId(), ct) ?? throw new NotFoundException("Alert"));
    }

    /// <summary>The check's results of the last 90 days, newest first: how it came out each time (passing, failing, warning, errored).</summary>
    public static async Task<Ok<PagedResult<AlertRunDto>>> ListAlertRuns(
        Guid id, [FromQuery] string? page, [FromQuery] string? size, ClaimsPrincipal user, AlertService alerts, CancellationToken ct)
    {
        var paging = ApiHttp.Page(page, size);
        return TypedResults.Ok(await alerts.RunsAsync(id, paging.Page, paging.Size, user.ActorId(), ct) ?? throw new NotFoundException("Alert"));
    }
}

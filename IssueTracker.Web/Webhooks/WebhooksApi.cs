using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IssueTracker.Web.Webhooks;

/// <summary>A space's webhooks and their delivery logs (README, "Webhooks (Slack and others)"): space admins, with the admin scope.</summary>
public static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder api)
    {
        var spaces = api.MapGroup("/spaces/{id:guid}/webhooks").WithTags("Webhooks");
        spaces.MapGet("/", ListWebhooks).WithName(nameof(ListWebhooks)).WithSummary("A space's webhooks").RequireScope(TokenScope.Admin);
        spaces.MapPost("/", CreateWebhook).WithName(nameof(CreateWebhook)).WithIdempotencyKey().WithSummary("Add a webhook; the answer shows its secret, once")
            .Accepts<CreateWebhookRequest>("application/json").RequireScope(TokenScope.Admin);

        var hooks = api.MapGroup("/webhooks/{id:guid}").WithTags("Webhooks");
        hooks.MapGet("/", GetWebhook).WithName(nameof(GetWebhook)).WithSummary("One webhook").RequireScope(TokenScope.Admin);
        hooks.MapPatch("/", UpdateWebhook).WithName(nameof(UpdateWebhook)).WithSummary("Change a webhook's URL, events, format or state")
            .Accepts<UpdateWebhookRequest>("application/json").RequireScope(TokenScope.Admin);
        hooks.MapDelete("/", DeleteWebhook).WithName(nameof(DeleteWebhook)).WithSummary("Remove a webhook and its delivery log").RequireScope(TokenScope.Admin);
        hooks.MapPost("/ping", PingWebhook).WithName(nameof(PingWebhook)).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Send a ping delivery now").RequireScope(TokenScope.Admin);
        hooks.MapGet("/deliveries", ListDeliveries).WithName(nameof(ListDeliveries)).WithSummary("The delivery log, newest first").RequireScope(TokenScope.Admin);
        hooks.MapPost("/rotate-secret", RotateWebhookSecret).WithName(nameof(RotateWebhookSecret))
            .WithSummary("Replace the signing secret; the answer shows the new one, once, and the old one signs too for 24 hours").RequireScope(TokenScope.Admin);
        hooks.MapPost("/deliveries/{deliveryId:guid}/redeliver", Redeliver).WithName(nameof(Redeliver)).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Send a delivery again")
            .RequireScope(TokenScope.Admin);
        return api;
    }

    public static async Task<Ok<PagedResult<WebhookDto>>> ListWebhooks(Guid id, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct)
    {
        var list = await webhooks.ListAsync(id, user.ActorId(), ct);
        return TypedResults.Ok(new PagedResult<WebhookDto>(list, list.Count, 1, Math.Max(1, list.Count)));
    }

    public static async Task<Created<CreatedWebhookDto>> CreateWebhook(
        Guid id, JsonBody<CreateWebhookRequest> body, HttpResponse response, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct)
    {
        var created = await webhooks.CreateAsync(id, body.Value, user.ActorId(), ct);
        // The answer carries the secret: no cache may keep it.
        response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/webhooks/{created.Id}", created);
    }

    public static async Task<Ok<WebhookSecretDto>> RotateWebhookSecret(Guid id, HttpResponse response, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct)
    {
        var secret = await webhooks.RotateSecretAsync(id, user.ActorId(), ct);
        response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(secret);
    }

    public static async Task<Ok<WebhookDto>> GetWebhook(Guid id, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.GetAsync(id, user.ActorId(), ct));

    public static async Task<Ok<WebhookDto>> UpdateWebhook(Guid id, JsonBody<UpdateWebhookRequest> body, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.UpdateAsync(id, body.Value, user.ActorId(), ct));

    public static async Task<NoContent> DeleteWebhook(Guid id, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct)
    {
        await webhooks.DeleteAsync(id, user.ActorId(), ct);
        return TypedResults.NoContent();
    }

    public static async Task<Accepted<DeliveryDto>> PingWebhook(Guid id, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct)
    {
        var delivery = await webhooks.PingAsync(id, user.ActorId(), ct);
        return TypedResults.Accepted($"/api/webhooks/{id}/deliveries", delivery);
    }

    public static async Task<Ok<PagedResult<DeliveryDto>>> ListDeliveries(
        Guid id, [FromQuery] string? page, [FromQuery] string? size, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct)
    {
        var paging = ApiHttp.Page(page, size);
        return TypedResults.Ok(await webhooks.DeliveriesAsync(id, paging.Page, paging.Size, user.ActorId(), ct));
    }

    public static async Task<Accepted<DeliveryDto>> Redeliver(Guid id, Guid deliveryId, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct)
    {
        var delivery = await webhooks.RedeliverAsync(id, deliveryId, user.ActorId(), ct);
        return TypedResults.Accepted($"/api/webhooks/{id}/deliveries", delivery);
    }
}

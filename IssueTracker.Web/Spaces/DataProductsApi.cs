using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IssueTracker.Web.Spaces;

public static class DataProductsApi
{
    public static RouteGroupBuilder MapDataProductsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/products").WithTags("Products");
        group.MapGet("/", ListProducts).WithName(nameof(ListProducts));
        group.MapPost("/", CreateProduct).WithName(nameof(CreateProduct)).WithIdempotencyKey().RequireScope(TokenScope.Admin).Accepts<CreateProductRequest>("application/json");
        group.MapGet("/{id:guid}", GetProduct).WithName(nameof(GetProduct));
        group.MapGet("/{id:guid}/health", GetProductHealth).WithName(nameof(GetProductHealth));
        group.MapGet("/{id:guid}/alert-policy", GetProductAlertPolicy).WithName(nameof(GetProductAlertPolicy));
        group.MapPut("/{id:guid}/alert-policy", SetProductAlertPolicy).WithName(nameof(SetProductAlertPolicy)).RequireScope(TokenScope.Admin).Accepts<AlertPolicyDto>("application/json");
        return group;
    }

    public static async Task<Ok<PagedResult<ProductDto>>> ListProducts(
        [AsParameters] SpacePageParameters parameters, ClaimsPrincipal user, ProductService products, CancellationToken ct)
    {
        var (space, paging) = parameters.Read();
        return TypedResults.Ok(await products.ListAsync(space, paging.Page, paging.Size, user.ActorId(), ct));
    }

    public static async Task<Created<ProductDto>> CreateProduct(JsonBody<CreateProductRequest> body, ClaimsPrincipal user, ProductService products, CancellationToken ct)
    {
        var product = await products.CreateAsync(body.Value, user.ActorId(), ct);
        return TypedResults.Created($"/api/products/{product.Id}", product);
    }

    public static async Task<Ok<ProductDto>> GetProduct(Guid id, ClaimsPrincipal user, ProductService products, CancellationToken ct) =>
        TypedResults.Ok(await products.GetAsync(id, user.ActorId(), ct) ?? throw new NotFoundException("Product"));

    public static async Task<Ok<ProductHealthDto>> GetProductHealth(Guid id, ClaimsPrincipal user, ProductService products, CancellationToken ct) =>
        TypedResults.Ok(await products.HealthAsync(id, user.ActorId(), ct) ?? throw new NotFoundException("Product"));

    public static async Task<Ok<AlertPolicyDto>> GetProductAlertPolicy(Guid id, ClaimsPrincipal user, ProductService products, CancellationToken ct) =>
        TypedResults.Ok(await products.GetAlertPolicyAsync(id, user.ActorId(), ct) ?? throw new NotFoundException("Product"));

    public static async Task<Ok<AlertPolicyDto>> SetProductAlertPolicy(Guid id, JsonBody<AlertPolicyDto> body, ClaimsPrincipal user, ProductService products, CancellationToken ct) =>
        TypedResults.Ok(await products.SetAlertPolicyAsync(id, body.Value, user.ActorId(), ct));
}

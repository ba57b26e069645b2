using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IssueTracker.Web.Spaces;

public static class DataProductsApi
{
    public static RouteGroupBuilder MapDataProductsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/products").WithTags("Products");
        group.MapGet("/", ListProducts).WithName(nameof(ListProducts)).WithSummary("Data products the caller can see");
        group.MapPost("/", CreateProduct).WithName(nameof(CreateProduct)).WithSummary("Add a data product to a space").WithIdempotencyKey().RequireScope(TokenScope.Admin).Accepts<CreateProductRequest>("application/json");
        group.MapGet("/{id:guid}", GetProduct).WithName(nameof(GetProduct)).WithSummary("One data product");
        group.MapPatch("/{id:guid}", UpdateProduct).WithName(nameof(UpdateProduct)).WithSummary("Rename a data product or change its owner or description").RequireScope(TokenScope.Admin)
            .Accepts<UpdateProductRequest>("application/merge-patch+json", "application/json").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/archive", ArchiveProduct).WithName(nameof(ArchiveProduct)).RequireScope(TokenScope.Admin)
            .WithSummary("Archive a product: hidden from pickers and default lists, kept on its issues and alerts");
        group.MapPost("/{id:guid}/unarchive", UnarchiveProduct).WithName(nameof(UnarchiveProduct)).WithSummary("Bring an archived data product back").RequireScope(TokenScope.Admin);
        group.MapGet("/{id:guid}/health", GetProductHealth).WithName(nameof(GetProductHealth)).WithSummary("A data product's health from its alerts and open issues");
        group.MapGet("/{id:guid}/alert-policy", GetProductAlertPolicy).WithName(nameof(GetProductAlertPolicy)).WithSummary("How a product's alerts open issues (its own policy or the space's)");
        group.MapPut("/{id:guid}/alert-policy", SetProductAlertPolicy).WithName(nameof(SetProductAlertPolicy)).WithSummary("Set how a product's alerts open issues").RequireScope(TokenScope.Admin).Accepts<AlertPolicyDto>("application/json");
        return group;
    }

    /// <summary>The products the caller can see; <c>space_id</c> and <c>name</c> find one (archived or not), <c>archived=true</c> lists the archived ones.</summary>
    public static async Task<Ok<PagedResult<ProductDto>>> ListProducts(
        [AsParameters] SpacePageParameters parameters, [FromQuery] string? name, [FromQuery] string? archived,
        ClaimsPrincipal user, ProductService products, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var only = QueryText.Bool(archived, "archived", errors);
        errors.ThrowIfAny();
        var (space, paging) = parameters.Read();
        return TypedResults.Ok(await products.ListAsync(new ProductListQuery(space, string.IsNullOrWhiteSpace(name) ? null : name, only), paging.Page, paging.Size, user.ActorId(), ct));
    }

    public static async Task<Ok<ProductDto>> UpdateProduct(Guid id, JsonBody<UpdateProductRequest> body, ClaimsPrincipal user, ProductService products, CancellationToken ct) =>
        TypedResults.Ok(await products.UpdateAsync(id, body.Value, user.ActorId(), ct));

    public static async Task<Ok<ProductDto>> ArchiveProduct(Guid id, ClaimsPrincipal user, ProductService products, CancellationToken ct) =>
        TypedResults.Ok(await products.SetArchivedAsync(id, archived: true, user.ActorId(), ct));

    public static async Task<Ok<ProductDto>> UnarchiveProduct(Guid id, ClaimsPrincipal user, ProductService products, CancellationToken ct) =>
        TypedResults.Ok(await products.SetArchivedAsync(id, archived: false, user.ActorId(), ct));

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

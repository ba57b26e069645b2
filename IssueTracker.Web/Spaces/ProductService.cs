using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Spaces;

/// <summary>Data products of a space. Members of the space see them; space admins create them.</summary>
/// <remarks>Errors: 400 for bad fields, an unknown space or a duplicate name; 403 for non-admins of the space.</remarks>
public sealed class ProductService(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxNameLength = FieldLimits.Name;
    public const int MaxDescriptionLength = FieldLimits.ProductDescription;
    /// <summary>The products a picker offers: those the actor may see, optionally of one space, not archived, by name.</summary>
    public Task<PagedResult<ProductDto>> ListAsync(Guid? spaceId, int page, int size, Guid actorId, CancellationToken ct = default) =>
        ListAsync(new ProductListQuery(spaceId), page, size, actorId, ct);

    /// <summary>
    /// Products the actor may see, by name. Archived ones only with <c>Archived = true</c>; a lookup by name finds the
    /// product either way unless <c>Archived</c> says which.
    /// </summary>
    public async Task<PagedResult<ProductDto>> ListAsync(ProductListQuery query, int page, int size, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(page, size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        var products = db.Products.AsNoTracking();
        if (spaces is not null) products = products.Where(p => spaces.Contains(p.SpaceId));
        if (query.SpaceId is { } sid) products = products.Where(p => p.SpaceId == sid);
        if (query.Name?.Trim() is { Length: > 0 } name) products = products.Where(p => p.Name == name);
        var archived = query.Archived ?? (query.Name is null ? false : null);
        if (archived is { } only) products = products.Where(p => (p.ArchivedAt != null) == only);
        return await products.OrderBy(p => p.Name).ThenBy(p => p.Id).Select(Projections.Product).ToPageAsync(page, size, ct);
    }

    /// <summary>Renames a product or changes its description (admins of its space); a name is unique in its space (409).</summary>
    public async Task<ProductDto> UpdateAsync(Guid id, UpdateProductRequest patch, Guid actorId, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var name = patch.Name.IsSet ? TextRules.Line(patch.Name.Value, "name", "Name", MaxNameLength, errors) : null;
        var description = patch.Description.IsSet ? TextRules.Text(patch.Description.Value?.Trim(), "description", "Description", MaxDescriptionLength, errors) : null;
        errors.ThrowIfAny();
        return await ChangeAsync(id, actorId, "changing the product", async (db, product) =>
        {
            if (name is not null && name != product.Name)
            {
                await RequireNameFreeAsync(db, product.SpaceId, name, except: id, ct);
                product.Name = name;
            }
            if (patch.Description.IsSet) product.Description = description;
        }, ct);
    }

    /// <summary>Archives a product (hidden from pickers and default lists; kept on its issues and alerts) or brings it back.</summary>
    public Task<ProductDto> SetArchivedAsync(Guid id, bool archived, Guid actorId, CancellationToken ct = default) =>
        ChangeAsync(id, actorId, archived ? "archiving the product" : "unarchiving the product", (_, product) =>
        {
            product.ArchivedAt = archived ? product.ArchivedAt ?? clock.GetUtcNow().UtcDateTime : null;
            return Task.CompletedTask;
        }, ct);

    // A product's name is unique in its space: a second "orders" would make every picker ambiguous.
    private static async Task RequireNameFreeAsync(ApplicationDbContext db, Guid spaceId, string name, Guid? except, CancellationToken ct)
    {
        if (await db.Products.AnyAsync(p => p.SpaceId == spaceId && p.Name == name && p.Id != except, ct)) throw NameTaken(name);
    }

    private static ConflictException NameTaken(string name) => new($"A product named '{name}' already exists in this space.");

    // Two writers can both pass RequireNameFreeAsync side by side (PostgreSQL); the unique index refuses the second,
    // which is the same conflict.
    private static async Task SaveAsync(ApplicationDbContext db, string name, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            throw NameTaken(name);
        }
    }

    private async Task<ProductDto> ChangeAsync(Guid id, Guid actorId, string action, Func<ApplicationDbContext, DataProduct, Task> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var product = await db.Products.SingleOrDefaultAsync(p => p.Id == id, ct);
        var role = product is null ? null : await Access.RoleInSpaceAsync(db, actorId, product.SpaceId, ct);
        Access.Require(role, RoleRules.ManageSpaceRole, "Product", action);
        await change(db, product!);
        await SaveAsync(db, product!.Name, ct);
        await tx.CommitAsync(ct);
        return new ProductDto(product!.Id, product.SpaceId, product.Name, product.Description, product.CreatedAt, product.ArchivedAt);
    }

    public async Task<ProductDto?> GetAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var product = await db.Products.AsNoTracking().Where(p => p.Id == id).Select(Projections.Product).SingleOrDefaultAsync(ct);
        if (product is null || await Access.RoleInSpaceAsync(db, actorId, product.SpaceId, ct) is null) return null;
        return product;
    }

    /// <summary>The product's alert settings (null fields inherit from the space) and their effect; null when invisible.</summary>
    public async Task<AlertPolicyDto?> GetAlertPolicyAsync(Guid productId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var product = await db.Products.AsNoTracking().Include(p => p.Space).SingleOrDefaultAsync(p => p.Id == productId, ct);
        if (product is null || await Access.RoleInSpaceAsync(db, actorId, product.SpaceId, ct) is null) return null;
        return AlertPolicies.ToDto(product.AlertPolicy, AlertPolicies.Resolve(product.Space.AlertPolicy, product.AlertPolicy));
    }

    /// <summary>Replaces the product's alert settings (space admins). The default assignee must be able to change issues in the space.</summary>
    public async Task<AlertPolicyDto> SetAlertPolicyAsync(Guid productId, AlertPolicyDto settings, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var product = await db.Products.Include(p => p.Space).SingleOrDefaultAsync(p => p.Id == productId, ct);
        var role = product is null ? null : await Access.RoleInSpaceAsync(db, actorId, product.SpaceId, ct);
        Access.Require(role, RoleRules.ManageSpaceRole, "Product", "changing alert settings");
        var errors = new ValidationErrors();
        await AlertPolicies.ValidateAssigneeAsync(db, product!.SpaceId, settings.DefaultAssigneeId, errors, ct);
        AlertPolicies.Apply(settings, product.AlertPolicy, errors);
        errors.ThrowIfAny();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return AlertPolicies.ToDto(product.AlertPolicy, AlertPolicies.Resolve(product.Space.AlertPolicy, product.AlertPolicy));
    }

    public async Task<ProductDto> CreateAsync(CreateProductRequest request, Guid actorId, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var name = TextRules.Line(request.Name, "name", "Name", MaxNameLength, errors);
        var description = TextRules.Text(request.Description?.Trim(), "description", "Description", MaxDescriptionLength, errors);
        if (request.SpaceId is null) errors.Add("space_id", "Space is required.");
        errors.ThrowIfAny();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var spaceId = request.SpaceId!.Value;
        var role = await Access.RoleInSpaceAsync(db, actorId, spaceId, ct);
        if (role is null) throw new ValidationException("space_id", "Space does not exist.");
        Access.Require(role, RoleRules.ManageSpaceRole, "Space", "managing products");
        await RequireNameFreeAsync(db, spaceId, name!, except: null, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var product = new DataProduct { Id = Ids.New(now), SpaceId = spaceId, Name = name!, Description = description, CreatedAt = now };
        db.Products.Add(product);
        await SaveAsync(db, product.Name, ct);
        await tx.CommitAsync(ct);
        return new ProductDto(product.Id, product.SpaceId, product.Name, product.Description, product.CreatedAt);
    }

    /// <summary>
    /// Whether the product is safe to use now (the OpenAPI document): a circuit breaker a pipeline may call on every run, so it is
    /// a few small index reads. Null when the actor may not see the product.
    /// </summary>
    public async Task<ProductHealthDto?> HealthAsync(Guid productId, Guid actorId, CancellationToken ct = default) =>
        (await HealthAsync([productId], actorId, ct)).SingleOrDefault();

    /// <summary>The health of each of these products the actor may see (the products page: one set of reads for all).</summary>
    public async Task<IReadOnlyList<ProductHealthDto>> HealthAsync(IReadOnlyCollection<Guid> productIds, Guid actorId, CancellationToken ct = default)
    {
        if (productIds.Count == 0) return [];
        var ids = productIds.Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Name, p.SpaceId, p.HealthStatus, p.HealthSince }).ToListAsync(ct);
        products = products.Where(p => spaces is null || spaces.Contains(p.SpaceId)).ToList();
        if (products.Count == 0) return [];
        ids = products.Select(p => p.Id).ToList();

        // The open statuses named and grouped by status too: the (product, status, priority, created) index then answers
        // it range by range in its own order, with no sort and no resolved entries read (bench/RESULTS.md); the statuses
        // are added up here.
        var open = (await db.Issues
                .Where(i => ids.Contains(i.ProductId!.Value) && (i.Status == IssueStatus.Open || i.Status == IssueStatus.InProgress))
                .GroupBy(i => new { i.ProductId, i.Status, i.Priority })
                .Select(g => new { g.Key.ProductId, g.Key.Priority, Count = g.Count(), Oldest = g.Min(i => i.CreatedAt) })
                .ToListAsync(ct))
            .GroupBy(o => (o.ProductId, o.Priority))
            .Select(g => new { g.Key.ProductId, g.Key.Priority, Count = g.Sum(o => o.Count), Oldest = g.Min(o => o.Oldest) })
            .ToList();
        var firing = await db.Alerts.Where(a => ids.Contains(a.ProductId) && a.Status == AlertStatus.Firing)
            .Select(a => new { a.ProductId, a.Kind, a.FirstSeenAt })
            .ToListAsync(ct);
        var healthy = ids.Where(id => !open.Any(o => o.ProductId == id && o.Priority >= IssuePriority.High) && !firing.Any(a => a.ProductId == id)).ToList();
        var recovered = await LastRecoveredAsync(db, healthy, ct);

        return products.Select(p =>
        {
            int Open(IssuePriority priority) => open.FirstOrDefault(o => o.ProductId == p.Id && o.Priority == priority)?.Count ?? 0;
            DateTime? Oldest(IssuePriority priority) => open.FirstOrDefault(o => o.ProductId == p.Id && o.Priority == priority)?.Oldest;
            var alerts = firing.Where(a => a.ProductId == p.Id).ToList();
            var breaking = alerts.Where(a => ProductHealth.BreakingKinds.Contains(a.Kind)).ToList();
            var status = ProductHealth.Rule(Open(IssuePriority.Critical) > 0, breaking.Count > 0, Open(IssuePriority.High) > 0, alerts.Count > 0);
            var since = status switch
            {
                ProductHealthStatus.Failing => breaking.Select(a => (DateTime?)a.FirstSeenAt).Append(Oldest(IssuePriority.Critical)).Min(),
                ProductHealthStatus.Degraded => alerts.Select(a => (DateTime?)a.FirstSeenAt).Append(Oldest(IssuePriority.High)).Min(),
                _ => recovered.GetValueOrDefault(p.Id),
            };
            // Since the status began, as the writes recorded it (ProductHealth); the guess from the open issues and
            // firing alerts only where no write has looked yet (a product untouched since this was introduced).
            if (p.HealthStatus == status && p.HealthSince is { } began) since = began;
            return new ProductHealthDto(new NamedRef(p.Id, p.Name), status,
                new OpenIssueCounts(Open(IssuePriority.Critical), Open(IssuePriority.High), Open(IssuePriority.Medium), Open(IssuePriority.Low)),
                alerts.Count, since);
        }).ToList();
    }

    // Healthy since its last issue was resolved or its last alert stopped firing; absent if it never had either.
    private static async Task<Dictionary<Guid, DateTime?>> LastRecoveredAsync(ApplicationDbContext db, List<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var issues = await db.Issues.Where(i => ids.Contains(i.ProductId!.Value) && i.ResolvedAt != null)
            .GroupBy(i => i.ProductId!.Value).Select(g => new { Id = g.Key, At = g.Max(i => i.ResolvedAt) }).ToListAsync(ct);
        var alerts = await db.Alerts.Where(a => ids.Contains(a.ProductId) && a.ResolvedAt != null)
            .GroupBy(a => a.ProductId).Select(g => new { Id = g.Key, At = g.Max(a => a.ResolvedAt) }).ToListAsync(ct);
        return issues.Concat(alerts).GroupBy(x => x.Id).ToDictionary(g => g.Key, g => g.Max(x => x.At));
    }
}

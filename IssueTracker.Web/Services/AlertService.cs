using IssueTracker.Web.Contracts;
using IssueTracker.Web.Data;
using IssueTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

/// <summary>
/// Quality alerts reported by monitors. One alert per product + fingerprint (default: the check name); each report
/// updates it. Reporting needs the member role in the product's space.
/// </summary>
/// <remarks>Errors: 400 for bad fields or an unknown/invisible product; 403 for viewers; 404 for an invisible alert.</remarks>
public sealed class AlertService(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock)
{
    public async Task<PagedResult<AlertDto>> ListAsync(AlertQuery query, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(query.Page, query.Size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        var alerts = db.Alerts.AsNoTracking();
        if (spaces is not null) alerts = alerts.Where(a => spaces.Contains(a.SpaceId));
        if (query.SpaceId is { } spaceId) alerts = alerts.Where(a => a.SpaceId == spaceId);
        if (query.ProductId is { } productId) alerts = alerts.Where(a => a.ProductId == productId);
        if (query.Status is { } status) alerts = alerts.Where(a => a.Status == status);
        return await alerts.OrderByDescending(a => a.LastSeenAt).ThenByDescending(a => a.Id)
            .Select(Projections.Alert)
            .ToPageAsync(query.Page, query.Size, ct);
    }

    public async Task<AlertDto?> GetAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var spaceId = await db.Alerts.Where(a => a.Id == id).Select(a => (Guid?)a.SpaceId).SingleOrDefaultAsync(ct);
        if (spaceId is null || await Access.RoleInSpaceAsync(db, actorId, spaceId.Value, ct) is null) return null;
        return await db.Alerts.AsNoTracking().Where(a => a.Id == id).Select(Projections.Alert).SingleAsync(ct);
    }

    /// <summary>Records a check result: creates the alert on its first report, updates it on later ones.</summary>
    public async Task<ReportAlertResult> ReportAsync(ReportAlertRequest request, Guid actorId, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var check = request.Check?.Trim();
        var title = request.Title?.Trim();
        var fingerprint = string.IsNullOrWhiteSpace(request.Fingerprint) ? check : request.Fingerprint.Trim();
        if (request.ProductId is null) errors.Add("product_id", "Product is required.");
        if (string.IsNullOrEmpty(check)) errors.Add("check", "Check is required.");
        else if (check.Length > 200) errors.Add("check", "Check must be at most 200 characters.");
        if (fingerprint is { Length: > 200 }) errors.Add("fingerprint", "Fingerprint must be at most 200 characters.");
        if (request.Kind is null) errors.Add("kind", "Kind is required: freshness, volume, schema, null_rate, distribution or custom.");
        if (request.Status is null) errors.Add("status", "Status is required: firing or resolved.");
        if (string.IsNullOrEmpty(title)) errors.Add("title", "Title is required.");
        else if (title.Length > 200) errors.Add("title", "Title must be at most 200 characters.");
        if (request.Message is { Length: > 10_000 }) errors.Add("message", "Message must be at most 10,000 characters.");
        errors.ThrowIfAny();

        // The first reports of one check may race (two monitors, or two app instances); the unique index on
        // product + fingerprint lets exactly one insert win, and the loser retries as an update.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await ReportOnceAsync(request, check!, fingerprint!, title!, actorId, ct);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
            }
        }
    }

    private async Task<ReportAlertResult> ReportOnceAsync(ReportAlertRequest request, string check, string fingerprint, string title, Guid actorId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var productId = request.ProductId!.Value;
        var spaceId = await db.Products.Where(p => p.Id == productId).Select(p => (Guid?)p.SpaceId).SingleOrDefaultAsync(ct);
        var role = spaceId is null ? null : await Access.RoleInSpaceAsync(db, actorId, spaceId.Value, ct);
        if (role is null) throw new ValidationException("product_id", "Product does not exist.");
        Access.Require(role, IssueRules.ChangeRole, "Product", "reporting alerts");

        var now = clock.GetUtcNow().UtcDateTime;
        var alert = await db.Alerts.SingleOrDefaultAsync(a => a.ProductId == productId && a.Fingerprint == fingerprint, ct);
        var created = alert is null;
        if (alert is null)
        {
            alert = new Alert
            {
                Id = Ids.New(now), SpaceId = spaceId!.Value, ProductId = productId, Fingerprint = fingerprint,
                FirstSeenAt = now, CreatedAt = now,
            };
            db.Alerts.Add(alert);
        }
        alert.Check = check;
        alert.Kind = request.Kind!.Value;
        alert.Title = title;
        alert.Message = request.Message;
        alert.OccurrenceCount++;
        alert.LastSeenAt = now;
        alert.UpdatedAt = now;
        if (request.Status!.Value != alert.Status || created)
            alert.ResolvedAt = request.Status == AlertStatus.Resolved ? now : null;
        alert.Status = request.Status.Value;

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var dto = await db.Alerts.AsNoTracking().Where(a => a.Id == alert.Id).Select(Projections.Alert).SingleAsync(ct);
        return new ReportAlertResult(dto, created);
    }
}

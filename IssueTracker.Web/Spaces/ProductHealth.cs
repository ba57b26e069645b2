using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IssueTracker.Web.Spaces;

/// <summary>
/// Keeps each product's health and when it began (<see cref="DataProduct.HealthSince"/>, product health's
/// <c>since</c>): after any save that opens, closes or re-prioritises an issue of a product, moves an issue between
/// products, or starts or ends an alert, the product's health is worked out again in the same transaction, and a
/// different answer starts a new <c>since</c>. Reading health could only guess: an escalation from high to critical
/// left <c>since</c> at the day the issue was opened.
/// </summary>
public sealed class ProductHealth(TimeProvider clock) : SaveChangesInterceptor
{
    // What one save touched, from before it ran (original values) until after (when the rows are written).
    private readonly ConditionalWeakTable<DbContext, HashSet<Guid>> _touched = [];

    /// <summary>The kinds of firing alert that make a product failing, not just degraded.</summary>
    public static readonly AlertKind[] BreakingKinds = [AlertKind.Schema, AlertKind.Freshness];

    /// <summary>The one rule of a product's health (see <see cref="ProductHealthStatus"/>), from what is open and firing.</summary>
    public static ProductHealthStatus Rule(bool openCritical, bool breakingAlert, bool openHigh, bool firingAlert) =>
        openCritical || breakingAlert ? ProductHealthStatus.Failing
        : openHigh || firingAlert ? ProductHealthStatus.Degraded
        : ProductHealthStatus.Healthy;

    /// <summary>The health <see cref="Rule"/> gives a product now: four index seeks.</summary>
    public static async Task<ProductHealthStatus> StatusAsync(ApplicationDbContext db, Guid productId, CancellationToken ct)
    {
        var open = db.Issues.Where(i => i.ProductId == productId && (i.Status == IssueStatus.Open || i.Status == IssueStatus.InProgress));
        var firing = db.Alerts.Where(a => a.ProductId == productId && a.Status == AlertStatus.Firing);
        return Rule(
            openCritical: await open.AnyAsync(i => i.Priority == IssuePriority.Critical, ct),
            breakingAlert: await firing.AnyAsync(a => BreakingKinds.Contains(a.Kind), ct),
            openHigh: await open.AnyAsync(i => i.Priority == IssuePriority.High, ct),
            firingAlert: await firing.AnyAsync(ct));
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        if (eventData.Context is ApplicationDbContext db && _touched.TryGetValue(db, out var products))
        {
            _touched.Remove(db);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var productId in products)
            {
                var status = await StatusAsync(db, productId, ct);
                await db.Products.Where(p => p.Id == productId && (p.HealthStatus == null || p.HealthStatus != status))
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.HealthStatus, status).SetProperty(p => p.HealthSince, now), ct);
            }
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        // Issues and alerts are only saved asynchronously; a synchronous save (Identity's) has nothing to look at.
        if (eventData.Context is { } context) _touched.Remove(context);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } context) _touched.Remove(context);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    private void Remember(DbContext? context)
    {
        if (context is null) return;
        var products = new HashSet<Guid>();
        foreach (var entry in context.ChangeTracker.Entries<Issue>())
        {
            if (entry.State is EntityState.Added or EntityState.Deleted
                || (entry.State == EntityState.Modified && (entry.Property(i => i.Status).IsModified || entry.Property(i => i.Priority).IsModified || entry.Property(i => i.ProductId).IsModified)))
            {
                if (entry.Entity.ProductId is { } now) products.Add(now);
                if (entry.State != EntityState.Added && entry.Property(i => i.ProductId).OriginalValue is { } before) products.Add(before);
            }
        }
        foreach (var entry in context.ChangeTracker.Entries<Alert>())
        {
            if (entry.State == EntityState.Added || (entry.State == EntityState.Modified && entry.Property(a => a.Status).IsModified))
                products.Add(entry.Entity.ProductId);
        }
        if (products.Count > 0) _touched.AddOrUpdate(context, products);
    }
}

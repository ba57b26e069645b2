using IssueTracker.Web.Data.Postgres;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Data.Providers;

/// <summary>
/// Claiming webhook deliveries so that no two senders (of this or another instance) send one delivery at once: each
/// claimed row gets a lease (its <c>NextAttemptAt</c> moved to the lease's end) and one more attempt.
/// </summary>
public static class OutboxClaims
{
    /// <summary>Of <paramref name="ids"/>, those still pending and due at <paramref name="now"/> that this call claimed.</summary>
    public static async Task<IReadOnlyList<Guid>> ClaimDeliveriesAsync(ApplicationDbContext db, IReadOnlyCollection<Guid> ids, DateTime now, DateTime lease, CancellationToken ct)
    {
        if (db.Database.IsNpgsql()) return await PostgresClaims.ClaimDeliveriesAsync(db, [.. ids], now, lease, ct);
        // One process writes at a time (SQLite): a conditional update, then the rows carrying this claim's lease, a
        // moment unique to it, are this claim's.
        await db.WebhookDeliveries
            .Where(x => ids.Contains(x.Id) && x.Status == DeliveryStatus.Pending && x.NextAttemptAt <= now)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.NextAttemptAt, lease).SetProperty(x => x.Attempts, x => x.Attempts + 1), ct);
        return await db.WebhookDeliveries.AsNoTracking()
            .Where(x => ids.Contains(x.Id) && x.NextAttemptAt == lease)
            .Select(x => x.Id)
            .ToListAsync(ct);
    }
}

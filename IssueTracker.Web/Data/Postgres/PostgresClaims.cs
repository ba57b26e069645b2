using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Data.Postgres;

/// <summary>Claiming outbox rows on PostgreSQL, where several instances' senders look for the same due rows at once.</summary>
internal static class PostgresClaims
{
    /// <summary>
    /// Of <paramref name="ids"/>, the deliveries still pending and due, locked with <c>FOR UPDATE SKIP LOCKED</c> and
    /// leased in the same statement: a row another instance is claiming right now is skipped rather than waited for,
    /// so two senders racing for one batch split it instead of one taking all and the other none.
    /// </summary>
    public static Task<List<Guid>> ClaimDeliveriesAsync(ApplicationDbContext db, Guid[] ids, DateTime now, DateTime lease, CancellationToken ct) =>
        db.Database.SqlQuery<Guid>($"""
            UPDATE "WebhookDeliveries" AS d SET "NextAttemptAt" = {lease}, "Attempts" = d."Attempts" + 1
            FROM (SELECT "Id" FROM "WebhookDeliveries"
                  WHERE "Id" = ANY({ids}) AND "Status" = {(int)DeliveryStatus.Pending} AND "NextAttemptAt" <= {now}
                  FOR UPDATE SKIP LOCKED) AS c
            WHERE d."Id" = c."Id"
            RETURNING d."Id" AS "Value"
            """).ToListAsync(ct);
}

using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Data.Postgres;

/// <summary>Row locks for read-then-write transactions on PostgreSQL, where writers run side by side.</summary>
internal static class PostgresLocks
{
    /// <summary>Locks the issue's row until the transaction ends; a second writer of the same issue waits here, then reads what the first committed.</summary>
    public static Task LockIssueAsync(ApplicationDbContext db, Guid issueId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Issues" WHERE "Id" = {issueId} FOR UPDATE""", ct);

    /// <summary>
    /// Takes a check's turn (its product and fingerprint) until the transaction ends: a lock on the name rather than
    /// the row, so that the first reports of a check, before its alert row exists, take turns too.
    /// </summary>
    public static Task LockAlertAsync(ApplicationDbContext db, Guid productId, string fingerprint, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({productId.ToString()} || ':' || {fingerprint}, 0))", ct);
}

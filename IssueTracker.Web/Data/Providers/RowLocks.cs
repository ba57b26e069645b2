using IssueTracker.Web.Data.Postgres;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Data.Providers;

/// <summary>
/// What a read-then-write transaction takes before it reads, so that two writers of the same row take turns and the
/// second builds on what the first committed. SQLite needs nothing: a write transaction holds the database's one
/// write lock from its start (<c>BEGIN IMMEDIATE</c>). PostgreSQL locks the row (Data/Postgres).
/// </summary>
public static class RowLocks
{
    public static Task LockIssueAsync(ApplicationDbContext db, Guid issueId, CancellationToken ct) =>
        Locks(db) ? PostgresLocks.LockIssueAsync(db, issueId, ct) : Task.CompletedTask;

    /// <summary>A check's alert (by product and fingerprint), existing or not: concurrent reports of one check count every occurrence.</summary>
    public static Task LockAlertAsync(ApplicationDbContext db, Guid productId, string fingerprint, CancellationToken ct) =>
        Locks(db) ? PostgresLocks.LockAlertAsync(db, productId, fingerprint, ct) : Task.CompletedTask;

    // Outside a transaction a lock would end with its own statement.
    private static bool Locks(ApplicationDbContext db) => db.Database.IsNpgsql() && db.Database.CurrentTransaction is not null;
}

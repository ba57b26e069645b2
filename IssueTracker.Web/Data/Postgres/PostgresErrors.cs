using Npgsql;

namespace IssueTracker.Web.Data.Postgres;

internal static class PostgresErrors
{
    // Answered as "busy, retry" (503 with Retry-After): the transaction was rolled back, so nothing changed, and the
    // same request a moment later may well succeed. serialization_failure, deadlock_detected, lock_not_available,
    // too_many_connections, cannot_connect_now; and a connection pool that stayed exhausted past its timeout.
    private static readonly HashSet<string> Transient = ["40001", "40P01", "55P03", "53300", "57P03"];

    public static bool IsBusy(Exception e) => e switch
    {
        PostgresException p => Transient.Contains(p.SqlState),
        NpgsqlException { InnerException: TimeoutException } => true,
        _ => false,
    };

    // unique_violation: a concurrent insert of the same key committed first.
    public static bool IsUniqueViolation(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}

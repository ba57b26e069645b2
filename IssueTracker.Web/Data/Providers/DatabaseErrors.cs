using IssueTracker.Web.Data.Postgres;
using IssueTracker.Web.Data.Sqlite;

namespace IssueTracker.Web.Data.Providers;

/// <summary>
/// "The database is busy", whichever provider says it: the API answers it with 503 and Retry-After instead of a 500,
/// and bookkeeping writes skip it. The provider's own codes are recognised behind its seam (Data/Sqlite, Data/Postgres).
/// </summary>
public static class DatabaseErrors
{
    public static bool IsBusy(Exception e) =>
        e is DatabaseBusyException || SqliteErrors.IsBusy(e) || PostgresErrors.IsBusy(e) || (e.InnerException is { } inner && IsBusy(inner));

    /// <summary>
    /// A unique index refused the write. Where a service checks a name is free before writing it, two writers can both
    /// pass the check side by side (PostgreSQL); the index then refuses the second, which is the same conflict.
    /// </summary>
    public static bool IsUniqueViolation(Exception e) =>
        SqliteErrors.IsUniqueViolation(e) || PostgresErrors.IsUniqueViolation(e) || (e.InnerException is { } inner && IsUniqueViolation(inner));
}

using Microsoft.Data.Sqlite;

namespace IssueTracker.Web.Data.Sqlite;

internal static class SqliteErrors
{
    // SQLITE_BUSY (5) and SQLITE_LOCKED (6), in their extended forms too (the low byte is the primary code): what
    // SQLite reports when the busy timeout ran out while another connection or process held the write lock.
    public static bool IsBusy(Exception e) => e is SqliteException { SqliteErrorCode: var code } && (code & 0xFF) is 5 or 6;

    // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
    public static bool IsUniqueViolation(Exception e) => e is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };
}

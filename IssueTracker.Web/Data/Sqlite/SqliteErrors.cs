using Microsoft.Data.Sqlite;

namespace IssueTracker.Web.Data.Sqlite;

internal static class SqliteErrors
{
    // SQLITE_BUSY (5) and SQLITE_LOCKED (6), in their extended forms too (the low byte is the primary code): what
    // SQLite reports when the busy timeout ran out while another connection or process held the write lock.
    public static bool IsBusy(Exception e) => e is SqliteException { SqliteErrorCode: var code } && (code & 0xFF) is 5 or 6;
}

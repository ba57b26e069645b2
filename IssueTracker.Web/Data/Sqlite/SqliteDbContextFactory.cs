using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace IssueTracker.Web.Data.Sqlite;

/// <summary>
/// Hands the services (which all call <see cref="CreateDbContextAsync"/>) a context whose connection is already open,
/// opened by Microsoft.Data.Sqlite itself and closed when the context is disposed.
/// </summary>
/// <remarks>
/// Why: EF opens and closes the connection around every command, and every EF open re-registers its SQLite functions
/// (<c>ef_add</c>, <c>ef_compare</c>, <c>regexp</c>…, for decimal maths and Regex this model does not use), which costs
/// several times a plain pooled open, on every command of a request. The synchronous <see cref="CreateDbContext"/> (the scoped context Identity's stores use, which can
/// live as long as a Blazor circuit) keeps EF's open-per-command so it never holds a connection between requests.
/// </remarks>
public sealed class SqliteDbContextFactory(
    DbContextOptions<ApplicationDbContext> options, string connectionString, SqliteConnectionSetup connectionSetup)
    : IDbContextFactory<ApplicationDbContext>
{
    // Pooled: a new context would build its internal service scope again on first use, in every operation.
    private readonly PooledDbContextFactory<ApplicationDbContext> _pool = new(options);

    // Not pooled: a caller may open this context's connection itself, and a context returned to the pool with a
    // connection still open by EF cannot be given a new one.
    public ApplicationDbContext CreateDbContext() => new(options);

    public async Task<ApplicationDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            connectionSetup.Apply(connection);
            var db = _pool.CreateDbContext();
            Attach(db, connection);
            return db;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Owned: returning the context to the pool disposes the connection (back to Microsoft.Data.Sqlite's pool).
    private static void Attach(ApplicationDbContext db, SqliteConnection connection)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                db.Database.SetDbConnection(connection, contextOwnsConnection: true);
                return;
            }
            catch (InvalidOperationException) when (attempt < 16)
            {
                // A previous lessee opened the connection through EF (OpenConnection) without closing it, and EF still
                // counts it as in use: release its count, then attach.
                db.Database.CloseConnection();
            }
        }
    }
}

using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Data.Postgres;

/// <summary>
/// The same model on PostgreSQL. A type of its own only so that EF keeps its migrations (<c>Data/Postgres/Migrations</c>)
/// apart from SQLite's; the services see an <see cref="ApplicationDbContext"/> either way.
/// </summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : ApplicationDbContext(options);

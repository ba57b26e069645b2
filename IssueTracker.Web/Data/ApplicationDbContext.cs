using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace IssueTracker.Web.Data;

/// <summary>
/// The one database context: Identity's tables plus the tracker's. Entity configuration lives in
/// <c>Data/Configurations</c>.
/// </summary>
/// <remarks>
/// One model, one migrations set per provider: SQLite's in <c>Data/Migrations</c> (this type's), PostgreSQL's in
/// <c>Data/Postgres/Migrations</c> (<see cref="Postgres.PostgresDbContext"/>'s). A model change gets a migration in both
/// (README, "Running on PostgreSQL"):
/// <code>
/// dotnet ef migrations add &lt;PascalCaseName&gt; --project IssueTracker.Web --context ApplicationDbContext --output-dir Data/Migrations
/// dotnet ef migrations add &lt;PascalCaseName&gt; --project IssueTracker.Web --context PostgresDbContext --output-dir Data/Postgres/Migrations
/// </code>
/// </remarks>
public class ApplicationDbContext : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>, IDataProtectionKeyContext
{
    public ApplicationDbContext(DbContextOptions<ApplicationDbContext> options) : base(options) { }

    /// <summary>For a provider's own context type, by which EF tells its migrations from the other provider's.</summary>
    protected ApplicationDbContext(DbContextOptions options) : base(options) { }

    /// <summary>Cookie and antiforgery keys, shared by every app instance that uses this database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Space> Spaces => Set<Space>();
    public DbSet<SpaceMember> SpaceMembers => Set<SpaceMember>();
    public DbSet<DataProduct> Products => Set<DataProduct>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<AlertOccurrence> AlertOccurrences => Set<AlertOccurrence>();
    public DbSet<ConnectorRun> ConnectorRuns => Set<ConnectorRun>();
    public DbSet<Issue> Issues => Set<Issue>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<IssueEvent> IssueEvents => Set<IssueEvent>();
    public DbSet<IssueLink> IssueLinks => Set<IssueLink>();
    public DbSet<SpaceSla> SpaceSlas => Set<SpaceSla>();
    public DbSet<ChangeEvent> ChangeEvents => Set<ChangeEvent>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<IssueWatcher> IssueWatchers => Set<IssueWatcher>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Webhook> Webhooks => Set<Webhook>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ApplicationDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Every timestamp is UTC; providers that drop the kind on read (SQLite) get it back here.
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IssueTracker.Web.Data.Configurations;

public class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> alert)
    {
        alert.Property(a => a.Check).HasMaxLength(200).IsRequired();
        alert.Property(a => a.Fingerprint).HasMaxLength(200).IsRequired();
        alert.Property(a => a.Title).HasMaxLength(200).IsRequired();
        alert.Property(a => a.Message).HasMaxLength(10_000);
        alert.Property(a => a.Source).HasMaxLength(32).HasDefaultValue(AlertSources.Api);
        // One alert per product + fingerprint: repeated reports of a check land on the same row.
        alert.HasIndex(a => new { a.ProductId, a.Fingerprint }).IsUnique();
        alert.HasIndex(a => new { a.SpaceId, a.Status, a.LastSeenAt });
        alert.HasIndex(a => a.LastSeenAt);
        alert.HasOne(a => a.Space).WithMany().HasForeignKey(a => a.SpaceId).OnDelete(DeleteBehavior.Cascade);
        alert.HasOne(a => a.Product).WithMany().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Cascade);
        alert.HasIndex(a => new { a.ProductId, a.Status, a.LastSeenAt });
        alert.HasIndex(a => new { a.SpaceId, a.Kind, a.LastSeenAt });
    }
}

public class AlertOccurrenceConfiguration : IEntityTypeConfiguration<AlertOccurrence>
{
    public void Configure(EntityTypeBuilder<AlertOccurrence> occurrence)
    {
        occurrence.Property(o => o.Message).HasMaxLength(10_000);
        occurrence.Property(o => o.RunId).HasMaxLength(200);
        occurrence.Property(o => o.Source).HasMaxLength(32).HasDefaultValue(AlertSources.Api);
        occurrence.HasIndex(o => new { o.AlertId, o.ReceivedAt });
        occurrence.HasOne(o => o.Alert).WithMany().HasForeignKey(o => o.AlertId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class ConnectorRunConfiguration : IEntityTypeConfiguration<ConnectorRun>
{
    public void Configure(EntityTypeBuilder<ConnectorRun> run)
    {
        run.Property(r => r.Tool).HasMaxLength(32).IsRequired();
        run.Property(r => r.RunKey).HasMaxLength(200).IsRequired();
        // One upload per run of a tool in a space: the same run posted again is answered from here.
        run.HasIndex(r => new { r.SpaceId, r.Tool, r.RunKey }).IsUnique();
        run.HasOne<Space>().WithMany().HasForeignKey(r => r.SpaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

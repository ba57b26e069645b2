using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IssueTracker.Web.Data.Configurations;

public class ChangeEventConfiguration : IEntityTypeConfiguration<ChangeEvent>
{
    public void Configure(EntityTypeBuilder<ChangeEvent> e)
    {
        // An integer key the database assigns (SQLite: the rowid), so ids follow the order writers commit in.
        e.Property(x => x.Id).ValueGeneratedOnAdd();
        e.Property(x => x.Type).HasMaxLength(32).IsRequired();
        e.Property(x => x.ActorName).HasMaxLength(100).IsRequired();
        e.Property(x => x.IssueKey).HasMaxLength(24);
        e.Property(x => x.OtherSpaceIds).HasMaxLength(400);
        // No foreign keys: an event outlives the issue, comment or person it tells of (issue.deleted must stay).
        e.HasIndex(x => x.At);
        // The newest access change, asked on every authenticated request (AccessCache), is one seek here.
        e.HasIndex(x => new { x.Type, x.Id });
    }
}

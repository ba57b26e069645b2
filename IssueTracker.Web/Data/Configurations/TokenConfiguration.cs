using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IssueTracker.Web.Data.Configurations;

public class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> token)
    {
        token.Property(t => t.Name).HasMaxLength(100).IsRequired();
        token.Property(t => t.TokenHash).HasMaxLength(64).IsRequired();
        token.Property(t => t.Prefix).HasMaxLength(16).IsRequired();
        token.Property(t => t.Scopes).HasMaxLength(64).IsRequired();
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.HasIndex(t => t.UserId);
        // Revoking a token walks down to the tokens it made. No foreign key: SQLite would rebuild the table to add one.
        token.HasIndex(t => t.ParentId);
        token.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        // A key is one caller's for one endpoint: the same key sent to two endpoints is two keys.
        record.HasKey(r => new { r.UserId, r.Operation, r.Key });
        record.Property(r => r.Key).HasMaxLength(255);
        record.Property(r => r.Operation).HasMaxLength(50).IsRequired();
        record.Property(r => r.RequestHash).HasMaxLength(64).IsRequired();
        record.HasIndex(r => r.CreatedAt);
    }
}

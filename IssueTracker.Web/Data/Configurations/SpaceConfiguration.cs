using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IssueTracker.Web.Data.Configurations;

public class SpaceConfiguration : IEntityTypeConfiguration<Space>
{
    public void Configure(EntityTypeBuilder<Space> space)
    {
        space.Property(s => s.Key).HasMaxLength(10).IsRequired();
        space.Property(s => s.Name).HasMaxLength(100).IsRequired();
        space.HasIndex(s => s.Key).IsUnique();
        space.OwnsOne(s => s.AlertPolicy, AlertPolicyColumns.Configure);
        // Required: a policy whose fields are all unset still loads as an (empty) object, not null.
        space.Navigation(s => s.AlertPolicy).IsRequired();
    }
}

public class SpaceMemberConfiguration : IEntityTypeConfiguration<SpaceMember>
{
    public void Configure(EntityTypeBuilder<SpaceMember> member)
    {
        member.HasKey(m => new { m.SpaceId, m.UserId });
        // "Which spaces may this user see?" runs on every request.
        member.HasIndex(m => new { m.UserId, m.SpaceId, m.Role });
        member.HasOne(m => m.Space).WithMany(s => s.Members).HasForeignKey(m => m.SpaceId).OnDelete(DeleteBehavior.Cascade);
        member.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class DataProductConfiguration : IEntityTypeConfiguration<DataProduct>
{
    public void Configure(EntityTypeBuilder<DataProduct> product)
    {
        product.Property(p => p.Name).HasMaxLength(100).IsRequired();
        product.Property(p => p.Description).HasMaxLength(2000);
        product.HasIndex(p => new { p.SpaceId, p.Name }).IsUnique();
        product.HasOne(p => p.Space).WithMany(s => s.Products).HasForeignKey(p => p.SpaceId).OnDelete(DeleteBehavior.Cascade);
        product.OwnsOne(p => p.AlertPolicy, AlertPolicyColumns.Configure);
        product.Navigation(p => p.AlertPolicy).IsRequired();
    }
}

using IssueTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IssueTracker.Web.Data.Configurations;

public class IssueConfiguration : IEntityTypeConfiguration<Issue>
{
    public void Configure(EntityTypeBuilder<Issue> issue)
    {
        issue.Property(i => i.Title).HasMaxLength(200).IsRequired();
        issue.Property(i => i.Description).HasMaxLength(100_000).IsRequired();
        issue.Property(i => i.Version).IsConcurrencyToken();

        issue.HasIndex(i => new { i.SpaceId, i.Number }).IsUnique();

        // Every filter and sort of GET /api/issues has an index that leads with its filter and ends with its
        // sort key and the Id tiebreak, so a page is read in index order, neither sorted nor looked up row by row to
        // skip earlier pages.
        // Non-admins are always scoped by space.
        issue.HasIndex(i => new { i.SpaceId, i.UpdatedAt, i.Id });
        issue.HasIndex(i => new { i.SpaceId, i.CreatedAt, i.Id });
        issue.HasIndex(i => new { i.SpaceId, i.Status, i.UpdatedAt, i.Id });
        issue.HasIndex(i => new { i.SpaceId, i.Status, i.Priority, i.UpdatedAt, i.Id });
        issue.HasIndex(i => new { i.SpaceId, i.Priority, i.UpdatedAt, i.Id });
        issue.HasIndex(i => new { i.ProductId, i.UpdatedAt, i.Id });
        issue.HasIndex(i => new { i.AssigneeId, i.UpdatedAt, i.Id });
        issue.HasIndex(i => new { i.ReporterId, i.UpdatedAt, i.Id });
        issue.HasIndex(i => new { i.AlertId, i.CreatedAt });
        issue.HasIndex(i => new { i.UpdatedAt, i.Id });
        issue.HasIndex(i => new { i.CreatedAt, i.Id });

        issue.HasOne(i => i.Space).WithMany().HasForeignKey(i => i.SpaceId).OnDelete(DeleteBehavior.Cascade);
        issue.HasOne(i => i.Product).WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.SetNull);
        issue.HasOne(i => i.Assignee).WithMany().HasForeignKey(i => i.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        issue.HasOne(i => i.Reporter).WithMany().HasForeignKey(i => i.ReporterId).OnDelete(DeleteBehavior.Restrict);
        issue.HasOne(i => i.Alert).WithMany(a => a.Issues).HasForeignKey(i => i.AlertId).OnDelete(DeleteBehavior.SetNull);
    }
}

public class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> comment)
    {
        comment.Property(c => c.Content).HasMaxLength(65_536).IsRequired();
        comment.HasIndex(c => new { c.IssueId, c.CreatedAt });
        comment.HasIndex(c => c.AuthorId);
        comment.HasOne(c => c.Issue).WithMany().HasForeignKey(c => c.IssueId).OnDelete(DeleteBehavior.Cascade);
        comment.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class IssueEventConfiguration : IEntityTypeConfiguration<IssueEvent>
{
    public void Configure(EntityTypeBuilder<IssueEvent> e)
    {
        e.Property(x => x.OldValue).HasMaxLength(1000);
        e.Property(x => x.NewValue).HasMaxLength(1000);
        e.HasIndex(x => new { x.IssueId, x.CreatedAt });
        e.HasIndex(x => x.ActorId);
        // No foreign key: the line outlives the comment it was about.
        e.HasIndex(x => x.CommentId);
        e.HasOne(x => x.Issue).WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(x => x.Actor).WithMany().HasForeignKey(x => x.ActorId).OnDelete(DeleteBehavior.Restrict);
    }
}

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
        issue.Property(i => i.ResolutionNote).HasMaxLength(2000);

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
        // sla=breached and sla=due_soon: the pending deadline (null once resolved) against the clock, per space; the
        // SLA watcher's sweep reads the same columns across spaces.
        issue.HasIndex(i => new { i.SpaceId, i.SlaBreachAt });
        issue.HasIndex(i => new { i.SpaceId, i.SlaWarnAt });
        issue.HasIndex(i => i.SlaBreachAt);
        issue.HasIndex(i => i.SlaWarnAt);
        // Insights: what was opened and resolved in a period, per space; product health: a product's open issues by
        // priority (with the oldest) and its last resolution.
        issue.HasIndex(i => new { i.SpaceId, i.ResolvedAt });
        issue.HasIndex(i => new { i.ProductId, i.Status, i.Priority, i.CreatedAt });
        issue.HasIndex(i => new { i.ProductId, i.ResolvedAt });

        issue.HasOne(i => i.Space).WithMany().HasForeignKey(i => i.SpaceId).OnDelete(DeleteBehavior.Cascade);
        issue.HasOne(i => i.Product).WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.SetNull);
        issue.HasOne(i => i.Assignee).WithMany().HasForeignKey(i => i.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        issue.HasOne(i => i.Reporter).WithMany().HasForeignKey(i => i.ReporterId).OnDelete(DeleteBehavior.Restrict);
        issue.HasOne(i => i.Alert).WithMany(a => a.Issues).HasForeignKey(i => i.AlertId).OnDelete(DeleteBehavior.SetNull);
        // No foreign keys for who acknowledged and what an issue duplicates: on SQLite adding one rebuilds the whole
        // issues table (and drops its search triggers). Deleting an issue clears the duplicate_of naming it.
        issue.HasIndex(i => i.DuplicateOfId);
    }
}

public class IssueLinkConfiguration : IEntityTypeConfiguration<IssueLink>
{
    public void Configure(EntityTypeBuilder<IssueLink> link)
    {
        // One link of a type between two issues; an issue's links are read from both ends.
        link.HasIndex(l => new { l.IssueId, l.TargetId, l.Type }).IsUnique();
        link.HasIndex(l => l.TargetId);
        link.HasIndex(l => l.CreatedById);
        link.HasOne(l => l.Issue).WithMany().HasForeignKey(l => l.IssueId).OnDelete(DeleteBehavior.Cascade);
        link.HasOne(l => l.Target).WithMany().HasForeignKey(l => l.TargetId).OnDelete(DeleteBehavior.Cascade);
        link.HasOne(l => l.CreatedBy).WithMany().HasForeignKey(l => l.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

public class SpaceSlaConfiguration : IEntityTypeConfiguration<SpaceSla>
{
    public void Configure(EntityTypeBuilder<SpaceSla> sla)
    {
        sla.HasKey(s => new { s.SpaceId, s.Priority });
        sla.HasOne(s => s.Space).WithMany().HasForeignKey(s => s.SpaceId).OnDelete(DeleteBehavior.Cascade);
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

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IssueTracker.Web.Data.Configurations;

public class IssueWatcherConfiguration : IEntityTypeConfiguration<IssueWatcher>
{
    public void Configure(EntityTypeBuilder<IssueWatcher> w)
    {
        w.HasKey(x => new { x.IssueId, x.UserId });
        // "Issues I watch" and removing a person's rows start from the person.
        w.HasIndex(x => x.UserId);
        w.HasOne(x => x.Issue).WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        w.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> n)
    {
        n.Property(x => x.Summary).HasMaxLength(300).IsRequired();
        // The inbox (newest first) and the unread count are both one person's range of this index.
        n.HasIndex(x => new { x.UserId, x.CreatedAt, x.Id });
        n.HasIndex(x => new { x.UserId, x.ReadAt });
        n.HasIndex(x => x.CommentId);
        n.HasOne(x => x.Issue).WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        n.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        n.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.ActorId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> w)
    {
        w.Property(x => x.Url).HasMaxLength(2000).IsRequired();
        w.Property(x => x.Events).HasMaxLength(400).IsRequired();
        w.Property(x => x.ProtectedSecret).HasMaxLength(1000).IsRequired();
        w.Property(x => x.PreviousProtectedSecret).HasMaxLength(1000);
        w.Property(x => x.DisabledReason).HasMaxLength(300);
        // Whose authority a space's webhooks send on: checked when someone leaves a space or loses its admin role.
        w.HasIndex(x => x.CreatedById);
        // Every change looks up its space's active webhooks, inside the write.
        w.HasIndex(x => new { x.SpaceId, x.Active });
        w.HasOne(x => x.Space).WithMany().HasForeignKey(x => x.SpaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> d)
    {
        d.Property(x => x.Type).HasMaxLength(32).IsRequired();
        d.Property(x => x.Error).HasMaxLength(500);
        // The sender's queue (pending, due first) and a webhook's log (newest first).
        d.HasIndex(x => new { x.Status, x.NextAttemptAt });
        d.HasIndex(x => new { x.WebhookId, x.CreatedAt });
        d.HasOne(x => x.Webhook).WithMany().HasForeignKey(x => x.WebhookId).OnDelete(DeleteBehavior.Cascade);
        // Events age out of the feed after a week; the delivery log keeps its rows.
        d.HasOne(x => x.Event).WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.SetNull);
    }
}

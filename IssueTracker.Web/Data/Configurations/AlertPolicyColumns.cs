using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IssueTracker.Web.Data.Configurations;

/// <summary>An alert policy is stored as nullable columns of its owner (space or product), prefixed <c>Alert</c>.</summary>
internal static class AlertPolicyColumns
{
    public static void Configure<TOwner>(OwnedNavigationBuilder<TOwner, AlertPolicy> policy) where TOwner : class
    {
        policy.Property(p => p.AutoOpen).HasColumnName("AlertAutoOpen");
        policy.Property(p => p.AutoResolve).HasColumnName("AlertAutoResolve");
        policy.Property(p => p.ReopenWindowHours).HasColumnName("AlertReopenWindowHours");
        policy.Property(p => p.ResolveAfterPasses).HasColumnName("AlertResolveAfterPasses");
        policy.Property(p => p.DefaultAssigneeId).HasColumnName("AlertDefaultAssigneeId");
        policy.Property(p => p.FreshnessPriority).HasColumnName("AlertFreshnessPriority");
        policy.Property(p => p.VolumePriority).HasColumnName("AlertVolumePriority");
        policy.Property(p => p.SchemaPriority).HasColumnName("AlertSchemaPriority");
        policy.Property(p => p.NullRatePriority).HasColumnName("AlertNullRatePriority");
        policy.Property(p => p.DistributionPriority).HasColumnName("AlertDistributionPriority");
        policy.Property(p => p.CustomPriority).HasColumnName("AlertCustomPriority");
    }
}

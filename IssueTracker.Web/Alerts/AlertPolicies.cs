using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Alerts;

/// <summary>
/// The alert policy in force for a product: its own settings, else its space's, else these defaults (open and
/// resolve issues automatically, reopen within 7 days; freshness and volume high, schema critical, others medium).
/// </summary>
public static class AlertPolicies
{
    public static readonly EffectiveAlertPolicy Default = new(
        AutoOpen: true,
        AutoResolve: true,
        ReopenWindowHours: 7 * 24,
        DefaultAssigneeId: null,
        Priorities: new Dictionary<AlertKind, IssuePriority>
        {
            [AlertKind.Freshness] = IssuePriority.High,
            [AlertKind.Volume] = IssuePriority.High,
            [AlertKind.Schema] = IssuePriority.Critical,
            [AlertKind.NullRate] = IssuePriority.Medium,
            [AlertKind.Distribution] = IssuePriority.Medium,
            [AlertKind.Custom] = IssuePriority.Medium,
        });

    public static EffectiveAlertPolicy Resolve(AlertPolicy? space, AlertPolicy? product)
    {
        T Pick<T>(Func<AlertPolicy, T?> field, T fallback) where T : struct =>
            (product is null ? null : field(product)) ?? (space is null ? null : field(space)) ?? fallback;

        var priorities = Enum.GetValues<AlertKind>().ToDictionary(kind => kind, kind => Pick(p => PriorityOf(p, kind), Default.Priorities[kind]));
        return new EffectiveAlertPolicy(
            Pick(p => p.AutoOpen, Default.AutoOpen),
            Pick(p => p.AutoResolve, Default.AutoResolve),
            Pick(p => p.ReopenWindowHours, Default.ReopenWindowHours),
            product?.DefaultAssigneeId ?? space?.DefaultAssigneeId,
            priorities,
            Pick(p => p.ResolveAfterPasses, Default.ResolveAfterPasses));
    }

    public const int MaxReopenWindowHours = 24 * 365;
    public const int MaxResolveAfterPasses = 20;

    public static AlertPolicyDto ToDto(AlertPolicy stored, EffectiveAlertPolicy effective) => new()
    {
        AutoOpen = stored.AutoOpen,
        AutoResolve = stored.AutoResolve,
        ReopenWindowHours = stored.ReopenWindowHours,
        ResolveAfterPasses = stored.ResolveAfterPasses,
        DefaultAssigneeId = stored.DefaultAssigneeId,
        Priorities = Enum.GetValues<AlertKind>().Where(k => PriorityOf(stored, k) is not null).ToDictionary(k => k, k => PriorityOf(stored, k)!.Value),
        Effective = effective,
    };

    /// <summary>Copies validated settings onto a stored policy; unset fields (null) inherit.</summary>
    public static void Apply(AlertPolicyDto settings, AlertPolicy target, ValidationErrors errors)
    {
        if (settings.ReopenWindowHours is < 0 or > MaxReopenWindowHours)
            errors.Add("reopen_window_hours", $"The reopen window must be between 0 and {MaxReopenWindowHours} hours.");
        if (settings.ResolveAfterPasses is < 1 or > MaxResolveAfterPasses)
            errors.Add("resolve_after_passes", $"Resolve after passes must be between 1 and {MaxResolveAfterPasses}.");
        if (errors.Any) return;
        target.AutoOpen = settings.AutoOpen;
        target.AutoResolve = settings.AutoResolve;
        target.ReopenWindowHours = settings.ReopenWindowHours;
        target.ResolveAfterPasses = settings.ResolveAfterPasses;
        target.DefaultAssigneeId = settings.DefaultAssigneeId;
        foreach (var kind in Enum.GetValues<AlertKind>())
            SetPriority(target, kind, settings.Priorities is not null && settings.Priorities.TryGetValue(kind, out var p) ? p : null);
    }

    /// <summary>A default assignee must be someone who can work on the space's issues.</summary>
    internal static async Task ValidateAssigneeAsync(ApplicationDbContext db, Guid spaceId, Guid? assigneeId, ValidationErrors errors, CancellationToken ct)
    {
        if (assigneeId is { } id && !await db.SpaceMembers.AnyAsync(m => m.SpaceId == spaceId && m.UserId == id && m.Role >= RoleRules.ChangeIssuesRole, ct))
            errors.Add("default_assignee_id", "The default assignee must be a member (not a viewer) of this space.");
    }

    public static IssuePriority? PriorityOf(AlertPolicy policy, AlertKind kind) => kind switch
    {
        AlertKind.Freshness => policy.FreshnessPriority,
        AlertKind.Volume => policy.VolumePriority,
        AlertKind.Schema => policy.SchemaPriority,
        AlertKind.NullRate => policy.NullRatePriority,
        AlertKind.Distribution => policy.DistributionPriority,
        _ => policy.CustomPriority,
    };

    public static void SetPriority(AlertPolicy policy, AlertKind kind, IssuePriority? priority)
    {
        switch (kind)
        {
            case AlertKind.Freshness: policy.FreshnessPriority = priority; break;
            case AlertKind.Volume: policy.VolumePriority = priority; break;
            case AlertKind.Schema: policy.SchemaPriority = priority; break;
            case AlertKind.NullRate: policy.NullRatePriority = priority; break;
            case AlertKind.Distribution: policy.DistributionPriority = priority; break;
            default: policy.CustomPriority = priority; break;
        }
    }
}

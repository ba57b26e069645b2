using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Webhooks;

/// <summary>
/// A webhook sends a space's every change to an address its admin chose, so it sends only while that admin (its
/// <c>created_by</c>: who set it up, or last turned it on) is still an active admin of the space or of the instance.
/// Asked where someone stops being one (a role changed, a member removed, a person deactivated or deleted), in that
/// change's transaction, and again by <see cref="WebhookSender"/> before each send, so a change made around these
/// paths cannot leave a webhook sending.
/// </summary>
internal static class WebhookAuthority
{
    private const int MaxReasonLength = 300;

    /// <summary>Whether <paramref name="userId"/> may have webhooks of <paramref name="spaceId"/> send.</summary>
    public static Task<bool> HoldsAsync(ApplicationDbContext db, Guid userId, Guid spaceId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id == userId && u.DeactivatedAt == null
                               && (u.IsAdmin || db.SpaceMembers.Any(m => m.SpaceId == spaceId && m.UserId == userId && m.Role == SpaceRole.Admin)), ct);

    /// <summary>
    /// Turns off the active webhooks that send on <paramref name="userId"/>'s authority (in <paramref name="spaceId"/>,
    /// or anywhere) where they no longer hold it, with the reason, and drops what those had not sent yet.
    /// </summary>
    public static async Task StopWhereLostAsync(ApplicationDbContext db, Guid userId, Guid? spaceId, DateTime now, CancellationToken ct)
    {
        var hooks = db.Webhooks.Where(w => w.CreatedById == userId && w.Active);
        if (spaceId is { } space) hooks = hooks.Where(w => w.SpaceId == space);
        var found = await hooks.Select(w => new { w.Id, w.SpaceId }).ToListAsync(ct);
        if (found.Count == 0) return;
        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? "Its creator";
        var lost = new List<Guid>();
        foreach (var spaceHooks in found.GroupBy(h => h.SpaceId))
            if (!await HoldsAsync(db, userId, spaceHooks.Key, ct)) lost.AddRange(spaceHooks.Select(h => h.Id));
        await StopAsync(db, lost, $"Turned off: {name}, on whose authority it sent, is no longer an admin of this space. An admin can turn it on again.", now, ct);
    }

    /// <summary>Turns webhooks off with the reason the app did it, and drops what they had not sent.</summary>
    public static async Task StopAsync(ApplicationDbContext db, IReadOnlyCollection<Guid> hookIds, string reason, DateTime now, CancellationToken ct)
    {
        if (hookIds.Count == 0) return;
        if (reason.Length > MaxReasonLength) reason = reason[..(MaxReasonLength - 1)] + "…";
        await db.Webhooks.Where(w => hookIds.Contains(w.Id) && w.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Active, false).SetProperty(w => w.DisabledReason, reason).SetProperty(w => w.UpdatedAt, now), ct);
        await DropPendingAsync(db, hookIds, ct);
    }

    /// <summary>An inactive webhook sends nothing: its deliveries not yet sent are marked failed, with why.</summary>
    public static Task DropPendingAsync(ApplicationDbContext db, IReadOnlyCollection<Guid> hookIds, CancellationToken ct) =>
        db.WebhookDeliveries.Where(d => hookIds.Contains(d.WebhookId) && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Failed).SetProperty(d => d.Error, "Not sent: the webhook was turned off."), ct);
}

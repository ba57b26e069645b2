using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Webhooks;

/// <summary>
/// Writes a delivery row for every active webhook of the space that wants the event, into the change's own unit of
/// work (the transactional outbox): the rows exist exactly when the change does, and <see cref="WebhookSender"/> sends
/// them after commit.
/// </summary>
internal static class WebhookOutbox
{
    // Compiled: every change asks it, inside the write.
    private static readonly Func<ApplicationDbContext, Guid, IAsyncEnumerable<Hook>> ActiveHooks =
        EF.CompileAsyncQuery((ApplicationDbContext db, Guid spaceId) => db.Webhooks.Where(w => w.SpaceId == spaceId && w.Active).Select(w => new Hook(w.Id, w.Events)));

    private sealed record Hook(Guid Id, string Events);

    public static async Task AddAsync(ApplicationDbContext db, Guid spaceId, IReadOnlyList<ChangeEvent> events, DateTime now, CancellationToken ct)
    {
        if (events.Count == 0) return;
        await foreach (var (hookId, wanted) in ActiveHooks(db, spaceId).WithCancellation(ct))
        {
            var types = WebhookService.EventTypes(wanted);
            foreach (var e in events.Where(e => types.Count == 0 || types.Contains(e.Type)))
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    Id = Ids.New(now),
                    WebhookId = hookId,
                    Event = e,
                    Type = e.Type,
                    Status = DeliveryStatus.Pending,
                    NextAttemptAt = now,
                    CreatedAt = now,
                });
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IssueTracker.Web.Webhooks;

/// <summary>
/// The transactional outbox: whenever a save adds change-feed events, a delivery row for every active webhook of the
/// event's space that wants it joins the same save, so the rows exist exactly when the change does, whichever write
/// made it, and <see cref="WebhookSender"/> sends them after commit. A consumer of the feed, as the README's "Layout"
/// describes: nothing that writes an event knows webhooks exist.
/// </summary>
public sealed class WebhookOutbox : SaveChangesInterceptor
{
    // Compiled: every change asks it, inside the write.
    private static readonly PerModel<Func<ApplicationDbContext, Guid, IAsyncEnumerable<Hook>>> ActiveHooks =
        new(() => EF.CompileAsyncQuery((ApplicationDbContext db, Guid spaceId) => db.Webhooks.Where(w => w.SpaceId == spaceId && w.Active).Select(w => new Hook(w.Id, w.Events))));

    private static readonly PerModel<Func<ApplicationDbContext, Guid, IEnumerable<Hook>>> ActiveHooksNow =
        new(() => EF.CompileQuery((ApplicationDbContext db, Guid spaceId) => db.Webhooks.Where(w => w.SpaceId == spaceId && w.Active).Select(w => new Hook(w.Id, w.Events))));

    private sealed record Hook(Guid Id, string Events);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ApplicationDbContext db)
            foreach (var space in Added(db))
            {
                var hooks = new List<Hook>();
                await foreach (var hook in ActiveHooks.For(db)(db, space.Key).WithCancellation(cancellationToken)) hooks.Add(hook);
                AddDeliveries(db, hooks, space);
            }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is ApplicationDbContext db)
            foreach (var space in Added(db))
                AddDeliveries(db, [.. ActiveHooksNow.For(db)(db, space.Key)], space);
        return result;
    }

    // The events this save adds that anyone outside may hear of, by space (one save may touch several: an account's
    // issues unassigned everywhere).
    private static List<IGrouping<Guid, ChangeEvent>> Added(ApplicationDbContext db) =>
        [.. ChangeEvents.AddedIn(db).Where(e => !AccessEvents.IsInternal(e)).GroupBy(e => e.SpaceId)];

    private static void AddDeliveries(ApplicationDbContext db, List<Hook> hooks, IEnumerable<ChangeEvent> events)
    {
        foreach (var (hookId, wanted) in hooks)
        {
            var types = WebhookService.EventTypes(wanted);
            foreach (var e in events.Where(e => types.Count == 0 || types.Contains(e.Type)))
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    Id = Ids.New(e.At),
                    WebhookId = hookId,
                    Event = e,
                    Type = e.Type,
                    Status = DeliveryStatus.Pending,
                    NextAttemptAt = e.At,
                    CreatedAt = e.At,
                });
        }
    }
}

using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Webhooks;

/// <summary>
/// What a deletion takes from the delivery log: the bodies of deliveries that told of a deleted comment or issue, kept
/// for the log and redelivery. A body not yet made is made at its first attempt from the (scrubbed) feed row; one
/// already made, or being sent now (claimed: attempted, its body not saved yet), is replaced by a note, which is also
/// what a redelivery sends. A consumer of the write path, in the deleting transaction.
/// </summary>
internal sealed class DeliveryScrub : IIssueChangeConsumer
{
    public const string Note = "What this delivery said was deleted.";

    public Task AddAsync(ApplicationDbContext db, IssueChangeRecord change, CancellationToken ct)
    {
        if (change.Kind == IssueChangeKind.Deleted)
        {
            var issueId = change.Issue.Id;
            return ScrubAsync(db, db.ChangeEvents.Where(e => e.IssueId == issueId).Select(e => e.Id), ct);
        }
        if (change.DeletedComment is { Id: var commentId })
            return ScrubAsync(db, db.ChangeEvents.Where(e => e.CommentId == commentId).Select(e => e.Id), ct);
        return Task.CompletedTask;
    }

    private static Task ScrubAsync(ApplicationDbContext db, IQueryable<long> eventIds, CancellationToken ct) =>
        db.WebhookDeliveries.Where(d => (d.Body != null || d.Attempts > 0) && d.EventId != null && eventIds.Contains(d.EventId.Value))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Body, d => "{\"type\":\"" + d.Type + "\",\"note\":\"" + Note + "\"}"), ct);
}

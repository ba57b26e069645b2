using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Issues;

/// <summary>
/// What a deletion takes with it beyond its own rows: the copies of its words that other records made at the time (an
/// inbox line quoting a comment, the change feed's excerpts of a description, the bodies of webhook deliveries, kept
/// for the delivery log and redelivery). Run in the deleting transaction, so the words go exactly when the thing does.
/// </summary>
internal static class DeletedWords
{
    /// <summary>The inbox line a deleted comment leaves behind.</summary>
    public const string DeletedCommentSummary = "commented (the comment was deleted)";

    // The fields of an issue.updated event that carry what people wrote.
    private static readonly string[] TextFields = ["title", "description", "resolution_note"];

    public static async Task ScrubCommentAsync(ApplicationDbContext db, Guid commentId, string content, CancellationToken ct)
    {
        // A line may tell more than the comment (a triage pass is one line): only the comment's part goes.
        var quoted = NotificationRules.Commented(content);
        foreach (var line in await db.Notifications.Where(n => n.CommentId == commentId).ToListAsync(ct))
        {
            var at = line.Summary.IndexOf(quoted, StringComparison.Ordinal);
            line.Summary = at >= 0
                ? line.Summary.Remove(at, quoted.Length).Insert(at, DeletedCommentSummary)
                // Cut short (a long line ends in "…"): from the comment on.
                : line.Summary.IndexOf("commented: ", StringComparison.Ordinal) is var from and >= 0 ? line.Summary[..from] + DeletedCommentSummary : DeletedCommentSummary;
        }
        await ScrubDeliveriesAsync(db, db.ChangeEvents.Where(e => e.CommentId == commentId).Select(e => e.Id), ct);
    }

    public static async Task ScrubIssueAsync(ApplicationDbContext db, Guid issueId, CancellationToken ct)
    {
        var worded = await db.ChangeEvents.Where(e => e.IssueId == issueId && e.Changes != null).Select(e => new { e.Id, e.Changes }).ToListAsync(ct);
        foreach (var e in worded)
        {
            var changes = JsonNode.Parse(e.Changes!)!.AsObject();
            if (!TextFields.Any(changes.ContainsKey)) continue;
            foreach (var field in TextFields) changes.Remove(field);
            var scrubbed = changes.ToJsonString();
            await db.ChangeEvents.Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Changes, scrubbed), ct);
        }
        await ScrubDeliveriesAsync(db, db.ChangeEvents.Where(e => e.IssueId == issueId).Select(e => e.Id), ct);
    }

    // A body not yet made is made at its first attempt from the (scrubbed) feed row; one already made, or being sent
    // now (claimed: attempted, its body not saved yet), is replaced by a note, which is also what a redelivery sends.
    private static Task ScrubDeliveriesAsync(ApplicationDbContext db, IQueryable<long> eventIds, CancellationToken ct) =>
        db.WebhookDeliveries.Where(d => (d.Body != null || d.Attempts > 0) && d.EventId != null && eventIds.Contains(d.EventId.Value))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Body, d => "{\"type\":\"" + d.Type + "\",\"note\":\"What this delivery said was deleted.\"}"), ct);
}

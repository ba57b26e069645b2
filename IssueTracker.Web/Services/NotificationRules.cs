using IssueTracker.Web.Contracts;
using IssueTracker.Web.Data;
using IssueTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

/// <summary>
/// Who hears of a change to an issue, written into the change's own unit of work (so an inbox line exists exactly when
/// its change does, and the change feed's event that tells pages to look arrives after both). The rules
/// (api-v2.md, "Watchers, mentions, notifications"):
/// <list type="bullet">
/// <item>the person an issue is assigned to: <c>assigned</c>;</item>
/// <item>a person newly mentioned in the description or a comment: <c>mentioned</c>;</item>
/// <item>watchers: a comment, a status or priority change, an alert firing on the issue (or reopening it).</item>
/// </list>
/// Only people who can see the space, never the person who acted, one line per person per change (the most specific
/// reason). The reporter, the assignee, commenters and mentioned people start watching, unless they chose not to.
/// </summary>
internal static class NotificationRules
{
    private const int ExcerptLength = 140;

    public static async Task AddAsync(ApplicationDbContext db, IssueChange change, CancellationToken ct)
    {
        var issue = change.Issue;
        var actor = change.ActorId;
        var fields = change.Fields;
        Guid? assigned = change.IsNew ? issue.AssigneeId : fields["assignee"] is { } a ? IdOf(a["to"]) : null;
        var statusFrom = fields["status"]?["from"]?.GetValue<string>();
        var watchersHear = change.CommentText is not null || statusFrom is not null || fields.ContainsKey("priority") || change.AlertFired is not null;
        if (!change.IsNew && assigned is null && change.MentionsAdded.Count == 0 && !watchersHear) return;

        var watchers = change.IsNew
            ? []
            : await db.IssueWatchers.Where(w => w.IssueId == issue.Id).ToDictionaryAsync(w => w.UserId, w => w.Watching, ct);
        var ids = watchersHear ? watchers.Where(w => w.Value).Select(w => w.Key).ToList() : [];
        if (assigned is { } assignee) ids.Add(assignee);
        var handles = change.MentionsAdded.ToList();
        var seeing = ids.Count == 0 && handles.Count == 0
            ? []
            : await db.Users
                .Where(u => ids.Contains(u.Id) || (u.Handle != null && handles.Contains(u.Handle)))
                .Where(u => u.DeactivatedAt == null && !u.IsSystem && (u.IsAdmin || db.SpaceMembers.Any(m => m.SpaceId == issue.SpaceId && m.UserId == u.Id)))
                .Select(u => new { u.Id, u.Handle })
                .ToListAsync(ct);
        var sees = seeing.Select(p => p.Id).ToHashSet();
        var mentioned = seeing.Where(p => p.Handle != null && change.MentionsAdded.Contains(p.Handle)).Select(p => p.Id).ToList();

        void Watch(Guid user)
        {
            if (!watchers.TryAdd(user, true)) return;
            db.IssueWatchers.Add(new IssueWatcher { IssueId = issue.Id, UserId = user, Watching = true, CreatedAt = change.Now });
        }
        if (change.IsNew && issue.ReporterId != SystemUsers.QualityMonitorId) Watch(issue.ReporterId);
        if (assigned is { } newAssignee && sees.Contains(newAssignee)) Watch(newAssignee);
        if (change.CommentText is not null && actor != SystemUsers.QualityMonitorId) Watch(actor);
        foreach (var person in mentioned) Watch(person);

        var told = new HashSet<Guid> { actor };
        void Tell(Guid user, NotificationType type, string summary, Guid? commentId = null)
        {
            if (!sees.Contains(user) || !told.Add(user)) return;
            db.Notifications.Add(new Notification
            {
                Id = Ids.New(change.Now),
                UserId = user,
                IssueId = issue.Id,
                Type = type,
                ActorId = actor,
                Summary = summary,
                CommentId = commentId,
                CreatedAt = change.Now,
            });
        }
        if (assigned is { } assignedTo) Tell(assignedTo, NotificationType.Assigned, "assigned the issue to you");
        foreach (var person in mentioned)
            Tell(person, NotificationType.Mentioned, change.CommentText is not null ? "mentioned you in a comment" : "mentioned you in the description");
        if (!watchersHear) return;
        var (type, what) = change.AlertFired is { } alert
            ? statusFrom == WireNames.Of(IssueStatus.Resolved)
                ? (NotificationType.AlertReopened, $"reopened the issue: the alert fired again ({Excerpt(alert)})")
                : (NotificationType.AlertFired, $"alert fired: {Excerpt(alert)}")
            : change.CommentText is { } comment ? (NotificationType.Commented, $"commented: {Excerpt(comment)}")
            : statusFrom is not null ? (NotificationType.StatusChanged, $"changed the status from {Words(statusFrom)} to {Words(fields["status"]!["to"]!.GetValue<string>())}")
            : (NotificationType.PriorityChanged, $"changed the priority from {Words(fields["priority"]!["from"]!.GetValue<string>())} to {Words(fields["priority"]!["to"]!.GetValue<string>())}");
        var quotes = type == NotificationType.Commented ? change.CommentId : null;
        foreach (var (watcher, watching) in watchers)
            if (watching) Tell(watcher, type, what, quotes);
    }

    private static Guid? IdOf(System.Text.Json.Nodes.JsonNode? person) => person?["id"]?.GetValue<string>() is { } id ? Guid.Parse(id) : null;

    // "in_progress" → "In progress": the words the pages use for a status or priority.
    private static string Words(string wireName) => char.ToUpperInvariant(wireName[0]) + wireName[1..].Replace('_', ' ');

    private static string Excerpt(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= ExcerptLength ? line : line[..(ExcerptLength - 1)] + "…";
    }
}

using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Notifications;

/// <summary>
/// Who hears of a change to an issue, written into the change's own unit of work (so an inbox line exists exactly when
/// its change does, and the change feed's event that tells pages to look arrives after both). The rules
/// (README, "Use it": Inbox):
/// <list type="bullet">
/// <item>the person an issue is assigned to: <c>assigned</c>;</item>
/// <item>a person newly mentioned in the description or a comment: <c>mentioned</c>;</item>
/// <item>watchers: a comment, a status or priority change, an alert firing on the issue (or reopening it).</item>
/// </list>
/// Only people who can see the space, never the person who acted, one line per person per change (the most specific
/// reason). The reporter, the assignee, commenters and mentioned people start watching, unless they chose not to.
/// A person's unread line about the same issue and actor from the last <see cref="GroupWindow"/> takes the new news
/// instead of a new line ("assigned the issue to you; changed the priority from Medium to High; commented: …"): one
/// triage pass is one line. The SLA's news (due soon, breached) goes to the assignee and watchers; a deleted comment's
/// words leave the lines that quoted it. A consumer of the write path (<see cref="IIssueChangeConsumer"/>).
/// </summary>
internal sealed class NotificationRules : IIssueChangeConsumer
{
    /// <summary>The inbox line a deleted comment leaves behind.</summary>
    public const string DeletedCommentSummary = "commented (the comment was deleted)";

    private const int ExcerptLength = 140;
    private const int MaxSummaryLength = 300;

    /// <summary>How long after a line the same person's further news of the same issue and actor joins it.</summary>
    public static readonly TimeSpan GroupWindow = TimeSpan.FromMinutes(10);

    /// <summary>How a comment reads in an inbox line; also what a deleted comment's words are taken out as.</summary>
    public static string Commented(string comment) => $"commented: {Excerpt(comment)}";

    public async Task AddAsync(ApplicationDbContext db, IssueChangeRecord change, CancellationToken ct)
    {
        if (change.DeletedComment is { } deleted) await ScrubAsync(db, deleted, ct);
        if (change.Kind == IssueChangeKind.Deleted) return;
        var issue = change.Issue;
        var actor = change.ActorId;
        var fields = change.Fields;
        var isNew = change.Kind == IssueChangeKind.Created;
        Guid? assigned = isNew ? issue.AssigneeId : fields.Assignee?.To?.Id;
        var statusFrom = fields.Status?.From;
        var sla = fields.Sla?.To is SlaState.DueSoon or SlaState.Breached ? fields.Sla.To : null;
        var watchersHear = change.CommentText is not null || statusFrom is not null || fields.Priority is not null || change.AlertFired is not null || sla is not null;
        if (!isNew && assigned is null && change.MentionsAdded.Count == 0 && !watchersHear) return;

        var watchers = isNew
            ? []
            : await db.IssueWatchers.Where(w => w.IssueId == issue.Id).ToDictionaryAsync(w => w.UserId, w => w.Watching, ct);
        var ids = watchersHear ? watchers.Where(w => w.Value).Select(w => w.Key).ToList() : [];
        if (assigned is { } assignee) ids.Add(assignee);
        // The SLA is the assignee's to meet: they hear of it, watching or not.
        var slaAssignee = sla is not null ? issue.AssigneeId : null;
        if (slaAssignee is { } owner) ids.Add(owner);
        var handles = change.MentionsAdded.ToList();
        var seeing = ids.Count == 0 && handles.Count == 0
            ? []
            : await db.Users
                .Where(u => ids.Contains(u.Id) || (u.Handle != null && handles.Contains(u.Handle)))
                .Where(u => u.DeactivatedAt == null && !u.IsSystem && (u.IsAdmin || db.SpaceMembers.Any(m => m.SpaceId == issue.SpaceId && m.UserId == u.Id)))
                .Select(u => new { u.Id, u.Handle })
                .ToListAsync(ct);
        var sees = seeing.Select(p => p.Id).ToHashSet();
        var seeingIds = sees.ToList();
        var mentioned = seeing.Where(p => p.Handle != null && change.MentionsAdded.Contains(p.Handle)).Select(p => p.Id).ToList();

        void Watch(Guid user)
        {
            if (!watchers.TryAdd(user, true)) return;
            db.IssueWatchers.Add(new IssueWatcher { IssueId = issue.Id, UserId = user, Watching = true, CreatedAt = change.At });
        }
        if (isNew && issue.ReporterId != SystemUsers.QualityMonitorId) Watch(issue.ReporterId);
        if (assigned is { } newAssignee && sees.Contains(newAssignee)) Watch(newAssignee);
        if (change.CommentText is not null && actor != SystemUsers.QualityMonitorId) Watch(actor);
        foreach (var person in mentioned) Watch(person);

        var told = new HashSet<Guid> { actor };
        var since = change.At - GroupWindow;
        var recent = isNew || sees.Count == 0
            ? []
            : await db.Notifications.Where(n => n.IssueId == issue.Id && n.ActorId == actor && n.ReadAt == null && n.CreatedAt >= since && seeingIds.Contains(n.UserId))
                .OrderBy(n => n.CreatedAt).ToListAsync(ct);
        void Tell(Guid user, NotificationType type, string summary, Guid? commentId = null)
        {
            if (!sees.Contains(user) || !told.Add(user)) return;
            if (recent.LastOrDefault(n => n.UserId == user) is { } line)
            {
                // The same pass: the line says this too, and comes up as new.
                line.Summary = Joined(line.Summary, summary);
                if (Rank(type) < Rank(line.Type)) line.Type = type;
                line.CommentId ??= commentId;
                line.CreatedAt = change.At;
                return;
            }
            db.Notifications.Add(new Notification
            {
                Id = Ids.New(change.At),
                UserId = user,
                IssueId = issue.Id,
                Type = type,
                ActorId = actor,
                Summary = summary,
                CommentId = commentId,
                CreatedAt = change.At,
            });
        }
        if (assigned is { } assignedTo) Tell(assignedTo, NotificationType.Assigned, "assigned the issue to you");
        foreach (var person in mentioned)
            Tell(person, NotificationType.Mentioned, change.InComment ? "mentioned you in a comment" : "mentioned you in the description");
        if (!watchersHear) return;
        var (type, what) = change.AlertFired is { } alert
            ? statusFrom == IssueStatus.Resolved
                ? (NotificationType.AlertReopened, $"reopened the issue: the alert fired again ({Excerpt(alert)})")
                : (NotificationType.AlertFired, $"alert fired: {Excerpt(alert)}")
            : change.CommentText is { } comment ? (NotificationType.Commented, Commented(comment))
            : sla is { } state ? (state == SlaState.Breached ? NotificationType.SlaBreached : NotificationType.SlaDueSoon, ChangeText.SlaNews(issue, state))
            : fields.Status is { } status ? (NotificationType.StatusChanged, ChangeText.Changed("status", status.From, status.To))
            : (NotificationType.PriorityChanged, ChangeText.Changed("priority", fields.Priority!.From, fields.Priority.To));
        var quotes = type == NotificationType.Commented ? change.CommentId : null;
        if (slaAssignee is { } slaOwner) Tell(slaOwner, type, what);
        foreach (var (watcher, watching) in watchers)
            if (watching) Tell(watcher, type, what, quotes);
    }

    // What a line is "about" when it tells several things: being assigned or mentioned matters most to its reader.
    private static int Rank(NotificationType type) => type switch
    {
        NotificationType.Assigned => 0,
        NotificationType.Mentioned => 1,
        NotificationType.AlertReopened or NotificationType.AlertFired => 2,
        NotificationType.Commented => 3,
        _ => 4,
    };

    private static string Joined(string summary, string more)
    {
        var joined = summary + "; " + more;
        return joined.Length <= MaxSummaryLength ? joined : joined[..(MaxSummaryLength - 1)] + "…";
    }

    private static string Excerpt(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= ExcerptLength ? line : line[..(ExcerptLength - 1)] + "…";
    }

    // A line may tell more than the comment (a triage pass is one line): only the comment's part goes.
    private static async Task ScrubAsync(ApplicationDbContext db, DeletedComment comment, CancellationToken ct)
    {
        var quoted = Commented(comment.Content);
        foreach (var line in await db.Notifications.Where(n => n.CommentId == comment.Id).ToListAsync(ct))
        {
            var at = line.Summary.IndexOf(quoted, StringComparison.Ordinal);
            line.Summary = at >= 0
                ? line.Summary.Remove(at, quoted.Length).Insert(at, DeletedCommentSummary)
                // Cut short (a long line ends in "…"): from the comment on.
                : line.Summary.IndexOf("commented: ", StringComparison.Ordinal) is var from and >= 0 ? line.Summary[..from] + DeletedCommentSummary : DeletedCommentSummary;
        }
    }
}

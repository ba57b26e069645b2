using System.Globalization;
using IssueTracker.Web.Components.Shared;

namespace IssueTracker.Web.Live;

/// <summary>
/// How a change reads, in one place: the history line ("Jane changed the status from Open to In progress"), the inbox
/// line ("changed the status from …"), the page's quiet note ("Jane changed CUST-4"), a Slack delivery's summary
/// ("status Open → Resolved"). Values read as the pages show them (<see cref="Labels"/>).
/// </summary>
public static class ChangeText
{
    /// <summary>The words that stand for an issue the reader cannot see.</summary>
    public const string HiddenIssue = "an issue you cannot see";

    /// <summary>"changed the status from Open to In progress": a field's change, without who made it.</summary>
    public static string Changed<T>(string field, T from, T to) => $"changed the {Field(field)} from {Value(from)} to {Value(to)}";

    /// <summary>A field's change in short: "status Open → Resolved", "the description".</summary>
    public static string Short<T>(string field, T from, T to) =>
        field is "description" ? "the description" : $"{Field(field)} {Value(from)} → {Value(to)}";

    /// <summary>Every field of a change in short, in the record's order.</summary>
    public static string Short(FieldChanges changes)
    {
        var parts = changes.Each().Select(c => Short(c.Field, c.Change.FromValue, c.Change.ToValue)).ToList();
        return parts.Count == 0 ? "no fields" : string.Join(", ", parts);
    }

    /// <summary>An issue's SLA news for its inbox: which deadline, by when.</summary>
    public static string SlaNews(Issue issue, SlaState state)
    {
        var (deadline, at) = issue.AcknowledgeBy is { } ackBy && (issue.AcknowledgedAt is null || issue.AcknowledgedAt > ackBy) && ackBy <= (issue.ResolveBy ?? DateTime.MaxValue)
            ? ("acknowledge", ackBy)
            : ("resolve", issue.ResolveBy ?? issue.SlaBreachAt ?? issue.UpdatedAt);
        var when = at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return state == SlaState.Breached
            ? $"SLA breached: not {(deadline == "acknowledge" ? "acknowledged" : "resolved")} by {when} UTC"
            : $"SLA due soon: {deadline} by {when} UTC";
    }

    /// <summary>A page's quiet note of who changed what, with "You (elsewhere)" for the viewer's own change made in another tab, device or script.</summary>
    public static string Note(ChangeEvent e, Guid? viewerId = null)
    {
        var who = e.ActorId == viewerId ? "You (elsewhere)" : e.ActorName;
        return e.Type switch
        {
            ChangeTypes.IssueCreated => $"{who} opened {e.IssueKey}",
            ChangeTypes.IssueDeleted => $"{who} deleted {e.IssueKey}",
            ChangeTypes.IssueUpdated when FieldChanges.Parse(e.Changes).Sla is { To: { } state } =>
                state == SlaState.Breached ? $"{e.IssueKey} breached its SLA" : $"{e.IssueKey} is due soon (SLA)",
            ChangeTypes.IssueUpdated => $"{who} changed {e.IssueKey}",
            ChangeTypes.CommentCreated => $"{who} commented on {e.IssueKey}",
            ChangeTypes.CommentUpdated => $"{who} edited a comment on {e.IssueKey}",
            ChangeTypes.CommentDeleted => $"{who} deleted a comment on {e.IssueKey}",
            ChangeTypes.AlertFired => $"An alert fired{(e.IssueKey is null ? "" : " on " + e.IssueKey)}",
            _ => $"An alert resolved{(e.IssueKey is null ? "" : " on " + e.IssueKey)}",
        };
    }

    /// <summary>One history line in plain words: "Jane Developer changed the status from Open to In progress".</summary>
    public static string History(HistoryEntryDto entry)
    {
        var who = entry.Actor.Name;
        var (old, @new) = (entry.OldValue, entry.NewValue);
        return entry.Action switch
        {
            IssueEventKind.Created => $"{who} created the issue",
            IssueEventKind.TitleChanged => $"{who} changed the title from “{old}” to “{@new}”",
            IssueEventKind.DescriptionChanged => old is null ? $"{who} added a description" : @new is null ? $"{who} removed the description" : $"{who} edited the description",
            IssueEventKind.AssigneeChanged => (old, @new) switch
            {
                (null, not null) => $"{who} assigned {@new}",
                (not null, null) => $"{who} unassigned {old}",
                _ => $"{who} reassigned from {old} to {@new}",
            },
            IssueEventKind.ProductChanged => (old, @new) switch
            {
                (null, not null) => $"{who} set the product to {@new}",
                (not null, null) => $"{who} removed the product {old}",
                _ => $"{who} changed the product from {old} to {@new}",
            },
            IssueEventKind.AlertLinked => $"{who} linked the alert “{@new}”",
            IssueEventKind.CommentAdded => $"{who} commented",
            IssueEventKind.CommentEdited => $"{who} edited a comment",
            IssueEventKind.CommentDeleted => $"{who} deleted a comment",
            IssueEventKind.AlertFired => @new is null ? "The alert fired" : $"The alert fired: {@new}",
            IssueEventKind.AlertResolved => @new is null ? "The alert resolved" : $"The alert resolved: {@new}",
            IssueEventKind.ResolutionChanged => (Parsed<IssueResolution>(old), Parsed<IssueResolution>(@new)) switch
            {
                (null, { } to) => $"{who} resolved it as {Value(to).ToLowerInvariant()}",
                ({ } from, null) => $"{who} cleared the resolution {Value(from).ToLowerInvariant()}",
                var (from, to) => $"{who} changed the resolution from {Value(from).ToLowerInvariant()} to {Value(to).ToLowerInvariant()}",
            },
            IssueEventKind.ResolutionNoteChanged => @new is null ? $"{who} removed the resolution note" : $"{who} wrote a resolution note",
            IssueEventKind.LinkAdded => $"{who} linked it: {Link(@new)}",
            IssueEventKind.LinkRemoved => $"{who} removed the link: {Link(old)}",
            IssueEventKind.SlaChanged => Parsed<SlaState>(@new) == SlaState.Breached ? "The SLA was breached" : "The SLA is due soon",
            // A field with no words of its own (status, priority, a new one): "changed the priority from Low to High",
            // its values as the API spells them, in words.
            var kind when kind.ToString() is [.. var name, 'C', 'h', 'a', 'n', 'g', 'e', 'd'] =>
                $"{who} changed the {Field(WireNames.Policy.ConvertName(name))} from {Words(old)} to {Words(@new)}",
            _ => $"{who} changed the issue",
        };
    }

    /// <summary>The quoted text a history line carries below its sentence (a comment's words), if any.</summary>
    public static string? HistoryDetail(HistoryEntryDto entry) => entry.Action switch
    {
        IssueEventKind.CommentAdded or IssueEventKind.CommentEdited or IssueEventKind.ResolutionNoteChanged => entry.NewValue,
        _ => null,
    };

    // "resolution_note" → "resolution note"; "sla" → "SLA".
    private static string Field(string field) => field switch
    {
        "sla" => "SLA",
        "duplicate_of" => "duplicate",
        _ => field.Replace('_', ' '),
    };

    /// <summary>A value as the pages show it; "none" for none.</summary>
    public static string Value<T>(T value) => value switch
    {
        null => "none",
        IssueStatus status => Labels.Of(status),
        IssuePriority priority => Labels.Of(priority),
        IssueResolution resolution => Labels.Of(resolution),
        SlaState state => Labels.Of(state),
        NamedAt named => named.Name ?? "someone",
        Enum other => WireNames.Words(other),
        _ => value.ToString() ?? "none",
    };

    private static string Words(string? wireName) => wireName is null ? "none" : WireNames.Words(wireName);

    // History stores values as the API spells them (in_progress); one it cannot read stays as it is.
    private static T? Parsed<T>(string? value) where T : struct, Enum => WireNames.TryParse<T>(value, out var parsed) ? parsed : null;

    // "blocked_by CUST-9" → "is blocked by CUST-9"; without the key, the other issue is in a space the reader cannot see.
    private static string Link(string? value)
    {
        var (type, key) = value?.Split(' ', 2) is [var t, var k] ? (t, k) : (value ?? "", HiddenIssue);
        return WireNames.TryParse<LinkDirection>(type, out var direction) ? $"{Labels.Of(direction)} {key}" : value ?? "";
    }
}

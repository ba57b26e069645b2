using IssueTracker.Web.Components.Shared;

namespace IssueTracker.Web.Issues;

/// <summary>One history line in plain words: "Jane Developer changed status from Open to In progress".</summary>
public static class HistoryText
{
    public static string Describe(HistoryEntryDto entry)
    {
        var who = entry.Actor.Name;
        var (old, @new) = (entry.OldValue, entry.NewValue);
        return entry.Action switch
        {
            IssueEventKind.Created => $"{who} created the issue",
            IssueEventKind.TitleChanged => $"{who} changed the title from “{old}” to “{@new}”",
            IssueEventKind.DescriptionChanged => old is null ? $"{who} added a description" : @new is null ? $"{who} removed the description" : $"{who} edited the description",
            IssueEventKind.StatusChanged => $"{who} changed status from {Status(old)} to {Status(@new)}",
            IssueEventKind.PriorityChanged => $"{who} changed priority from {Priority(old)} to {Priority(@new)}",
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
            IssueEventKind.ResolutionChanged => (old, @new) switch
            {
                (null, not null) => $"{who} resolved it as {Resolution(@new)}",
                (not null, null) => $"{who} cleared the resolution {Resolution(old)}",
                _ => $"{who} changed the resolution from {Resolution(old)} to {Resolution(@new)}",
            },
            IssueEventKind.ResolutionNoteChanged => @new is null ? $"{who} removed the resolution note" : $"{who} wrote a resolution note",
            IssueEventKind.LinkAdded => $"{who} linked it: {Link(@new)}",
            IssueEventKind.LinkRemoved => $"{who} removed the link: {Link(old)}",
            _ => $"{who} changed the issue",
        };
    }

    private static string Resolution(string? value) => WireNames.TryParse<IssueResolution>(value, out var r) ? Labels.Of(r).ToLowerInvariant() : value ?? "none";

    // "blocked_by CUST-9" → "is blocked by CUST-9"; without the key, the other issue is in a space the reader cannot see.
    private static string Link(string? value)
    {
        var (type, key) = value?.Split(' ', 2) is [var t, var k] ? (t, k) : (value ?? "", "an issue you cannot see");
        return WireNames.TryParse<LinkDirection>(type, out var direction) ? $"{Labels.Of(direction)} {key}" : value ?? "";
    }

    /// <summary>The quoted text a line carries below its sentence (a comment's words), if any.</summary>
    public static string? Detail(HistoryEntryDto entry) => entry.Action switch
    {
        IssueEventKind.CommentAdded or IssueEventKind.CommentEdited or IssueEventKind.ResolutionNoteChanged => entry.NewValue,
        _ => null,
    };

    // History stores values as the API spells them (in_progress), so they read back through the same names.
    private static string Status(string? value) => WireNames.TryParse<IssueStatus>(value, out var status) ? Labels.Of(status) : value ?? "none";

    private static string Priority(string? value) => WireNames.TryParse<IssuePriority>(value, out var priority) ? Labels.Of(priority) : value ?? "none";
}

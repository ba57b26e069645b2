using IssueTracker.Web.Components.Shared;

namespace IssueTracker.Web.Components.Pages.Issues;

/// <summary>What a key does to the focused card on the board, or row of the list.</summary>
public enum CardCommand { None, Open, StatusBack, StatusForward, Priority, AssignToMe, Menu, PickAssignee }

/// <summary>
/// Keyboard triage, in one place: the keys a focused board card or list row answers (<see cref="For"/>), and the list
/// the "?" dialog and the README show (<see cref="Shortcuts"/>). Arrow keys moving the focus between cards and rows are
/// app.js's.
/// </summary>
public static class TriageKeys
{
    /// <summary>Every shortcut, as the "?" dialog lists it: the keys, then what they do.</summary>
    public static readonly (string Keys, string Does)[] Shortcuts =
    [
        ("↑ ↓ ← →", "Move between cards on the board"),
        ("Enter", "Open the focused issue"),
        ("[  ]", "Move the focused issue to the previous or next status"),
        ("1 2 3 4", "Set its priority: critical, high, medium, low"),
        ("i", "Assign it to me"),
        ("a", "Choose its assignee"),
        ("m", "Open its actions menu (also the ⋯ button on every card)"),
        ("Esc", "Close the actions menu"),
        ("c", "Report a new issue"),
        ("/", "Search"),
        ("?", "Show these shortcuts"),
    ];

    /// <summary>The command of a key pressed on a card, and the priority its number names.</summary>
    public static (CardCommand Command, IssuePriority? Priority) For(string key) => key switch
    {
        "Enter" => (CardCommand.Open, null),
        "[" => (CardCommand.StatusBack, null),
        "]" => (CardCommand.StatusForward, null),
        "1" => (CardCommand.Priority, IssuePriority.Critical),
        "2" => (CardCommand.Priority, IssuePriority.High),
        "3" => (CardCommand.Priority, IssuePriority.Medium),
        "4" => (CardCommand.Priority, IssuePriority.Low),
        "i" => (CardCommand.AssignToMe, null),
        "a" => (CardCommand.PickAssignee, null),
        "m" => (CardCommand.Menu, null),
        _ => (CardCommand.None, null),
    };

    /// <summary>How a saved move is said (the live region, the board's message).</summary>
    public static string Moved(string key, IssueStatus to) => $"{key} moved to {Labels.Of(to)}";

    /// <summary>How a saved priority is said.</summary>
    public static string Prioritized(string key, IssuePriority priority) => $"{key} is now {Labels.Of(priority).ToLowerInvariant()} priority";

    /// <summary>How a saved assignment is said: to "you", to a name, or to no one (null).</summary>
    public static string Assigned(string key, string? who) => who is null ? $"{key} is unassigned" : $"{key} is assigned to {who}";

    /// <summary>The status a step back (-1) or forward (+1) from <paramref name="status"/> leads to; null past either end.</summary>
    public static IssueStatus? Step(IssueStatus status, int step)
    {
        var index = Array.IndexOf(Labels.Statuses, status) + step;
        return index >= 0 && index < Labels.Statuses.Length ? Labels.Statuses[index] : null;
    }
}

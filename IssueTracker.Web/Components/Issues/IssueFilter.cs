using IssueTracker.Web.Components.Shared;
using IssueTracker.Web.Contracts;
using IssueTracker.Web.Domain;
using Microsoft.AspNetCore.Components;

namespace IssueTracker.Web.Components.Issues;

/// <summary>
/// The board's and the list's filters as they live in the URL (<c>?space=…&amp;priority=high,critical&amp;assignee=me</c>),
/// so a filtered view can be bookmarked and shared. Unknown values are ignored rather than failing the page.
/// </summary>
public sealed record IssueFilter
{
    public const string Me = "me";
    public const string Nobody = "none";

    public Guid? SpaceId { get; init; }
    public Guid? ProductId { get; init; }
    public IReadOnlyList<IssuePriority> Priorities { get; init; } = [];
    public IReadOnlyList<IssueStatus> Statuses { get; init; } = [];
    /// <summary><see cref="Me"/>, <see cref="Nobody"/>, or a user id.</summary>
    public string? Assignee { get; init; }
    public string? Q { get; init; }
    /// <summary>The board shows resolved issues of the last 14 days unless this is set.</summary>
    public bool AllResolved { get; init; }

    public static IssueFilter FromQuery(string? space, string? product, string? priority, string? assignee, string? q, string? resolved, string? status = null) => new()
    {
        SpaceId = Guid.TryParse(space, out var s) ? s : null,
        ProductId = Guid.TryParse(product, out var p) ? p : null,
        Priorities = ParseList<IssuePriority>(priority),
        Statuses = ParseList<IssueStatus>(status),
        Assignee = assignee is Me or Nobody || Guid.TryParse(assignee, out _) ? assignee : null,
        Q = string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
        AllResolved = resolved == "all",
    };

    public IssueQuery ToQuery(Guid actorId) => new()
    {
        SpaceId = SpaceId,
        ProductId = ProductId,
        Priorities = Priorities.Count > 0 ? Priorities : null,
        Statuses = Statuses.Count > 0 ? Statuses : null,
        Unassigned = Assignee == Nobody,
        AssigneeId = Assignee == Me ? actorId : Guid.TryParse(Assignee, out var id) ? id : null,
        Q = Q,
    };

    /// <summary>The address of <paramref name="path"/> with these filters (and optionally one status) in its query string.</summary>
    public string ToUri(NavigationManager navigation, string path, IssueStatus? status = null)
    {
        var statuses = status is { } one ? [one] : Statuses;
        return navigation.GetUriWithQueryParameters(navigation.ToAbsoluteUri(path).ToString(), new Dictionary<string, object?>
        {
            ["space"] = SpaceId?.ToString(),
            ["product"] = ProductId?.ToString(),
            ["priority"] = Priorities.Count > 0 ? string.Join(',', Priorities.Select(Name)) : null,
            ["status"] = statuses.Count > 0 ? string.Join(',', statuses.Select(Name)) : null,
            ["assignee"] = Assignee,
            ["q"] = Q,
            ["resolved"] = AllResolved ? "all" : null,
        });
    }

    private static string Name<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static IReadOnlyList<T> ParseList<T>(string? raw) where T : struct, Enum =>
        string.IsNullOrWhiteSpace(raw)
            ? []
            : raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(part => Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => Name(v!.Value) == part))
                .OfType<T>()
                .Distinct()
                .ToList();
}

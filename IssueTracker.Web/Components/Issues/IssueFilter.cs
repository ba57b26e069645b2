using IssueTracker.Web.Contracts;
using IssueTracker.Web.Domain;
using IssueTracker.Web.Services;
using Microsoft.AspNetCore.Components;

namespace IssueTracker.Web.Components.Issues;

/// <summary>
/// The board's and the list's filters as they live in the URL (<c>?space=…&amp;priority=high,critical&amp;assignee=me</c>),
/// so a filtered view can be bookmarked and shared. Unknown values are ignored rather than failing the page.
/// </summary>
public sealed record IssueFilter
{
    public const string Me = QueryText.Me;
    public const string Nobody = QueryText.Nobody;

    public Guid? SpaceId { get; init; }
    public Guid? ProductId { get; init; }
    public IReadOnlyList<IssuePriority> Priorities { get; init; } = [];
    public IReadOnlyList<IssueStatus> Statuses { get; init; } = [];
    /// <summary><see cref="Me"/>, <see cref="Nobody"/>, or a user id.</summary>
    public string? Assignee { get; init; }
    public string? Q { get; init; }
    /// <summary>SLA states to show (due soon, breached), as <c>GET /api/issues?sla=</c> takes them.</summary>
    public IReadOnlyList<SlaState> Sla { get; init; } = [];
    /// <summary>The board shows recently resolved issues only (<c>IssueService.RecentlyResolvedWindow</c>) unless this is set.</summary>
    public bool AllResolved { get; init; }

    public static IssueFilter FromQuery(string? space, string? product, string? priority, string? assignee, string? q, string? resolved, string? status = null, string? sla = null)
    {
        // The API's parser, with "me" allowed; what it cannot read is dropped rather than failing the page.
        var query = QueryText.Issues(new IssueQueryText
        {
            SpaceId = space,
            ProductId = product,
            Priority = priority,
            Status = status,
            AssigneeId = assignee,
            Sla = sla,
            Q = q,
        }, new ValidationErrors(), acceptMe: true);
        return new IssueFilter
        {
            SpaceId = query.SpaceId,
            ProductId = query.ProductId,
            Priorities = query.Priorities ?? [],
            Statuses = query.Statuses ?? [],
            Assignee = query.AssignedToActor ? Me : query.Unassigned ? Nobody : query.AssigneeId?.ToString(),
            Q = query.Q,
            Sla = query.Sla ?? [],
            AllResolved = resolved == "all",
        };
    }

    public IssueQuery ToQuery(Guid actorId) => new()
    {
        SpaceId = SpaceId,
        ProductId = ProductId,
        Priorities = Priorities.Count > 0 ? Priorities : null,
        Statuses = Statuses.Count > 0 ? Statuses : null,
        Unassigned = Assignee == Nobody,
        AssigneeId = Assignee == Me ? actorId : Guid.TryParse(Assignee, out var id) ? id : null,
        Q = Q,
        Sla = Sla.Count > 0 ? Sla : null,
    };

    /// <summary>The address of <paramref name="path"/> with these filters (and optionally one status) in its query string.</summary>
    public string ToUri(NavigationManager navigation, string path, IssueStatus? status = null)
    {
        var statuses = status is { } one ? [one] : Statuses;
        return navigation.GetUriWithQueryParameters(navigation.ToAbsoluteUri(path).ToString(), new Dictionary<string, object?>
        {
            ["space"] = SpaceId?.ToString(),
            ["product"] = ProductId?.ToString(),
            ["priority"] = Priorities.Count > 0 ? string.Join(',', Priorities.Select(WireNames.Of)) : null,
            ["status"] = statuses.Count > 0 ? string.Join(',', statuses.Select(WireNames.Of)) : null,
            ["assignee"] = Assignee,
            ["q"] = Q,
            ["sla"] = Sla.Count > 0 ? string.Join(',', Sla.Select(WireNames.Of)) : null,
            ["resolved"] = AllResolved ? "all" : null,
        });
    }
}

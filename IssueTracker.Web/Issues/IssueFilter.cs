using Microsoft.AspNetCore.Components;

namespace IssueTracker.Web.Issues;

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
    /// <summary>The issues behind an insight: created or resolved within a period, by reason, of one alert (no controls; a note says so).</summary>
    public DateTime? CreatedFrom { get; init; }
    public DateTime? CreatedTo { get; init; }
    public DateTime? ResolvedFrom { get; init; }
    public DateTime? ResolvedTo { get; init; }
    /// <summary>A reason's wire name, or <see cref="Nobody"/> for none given.</summary>
    public string? Resolution { get; init; }
    public Guid? AlertId { get; init; }

    /// <summary>Whether an insight's filters (period, reason, alert) narrow the list.</summary>
    public bool HasInsightFilters => CreatedFrom is not null || CreatedTo is not null || ResolvedFrom is not null || ResolvedTo is not null || Resolution is not null || AlertId is not null;

    /// <summary>The board orders its open columns by the soonest SLA deadline instead of priority (<c>order=sla</c>).</summary>
    public bool SlaFirst { get; init; }

    /// <summary>The board shows recently resolved issues only (<c>IssueService.RecentlyResolvedWindow</c>) unless this is set.</summary>
    public bool AllResolved { get; init; }

    public static IssueFilter FromQuery(string? space, string? product, string? priority, string? assignee, string? q, string? resolved, string? status = null, string? sla = null,
        string? createdFrom = null, string? createdTo = null, string? resolvedFrom = null, string? resolvedTo = null, string? resolution = null, string? alert = null, string? order = null)
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
            CreatedFrom = createdFrom,
            CreatedTo = createdTo,
            ResolvedFrom = resolvedFrom,
            ResolvedTo = resolvedTo,
            Resolution = resolution,
            AlertId = alert,
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
            CreatedFrom = query.CreatedFrom,
            CreatedTo = query.CreatedTo,
            ResolvedFrom = query.ResolvedFrom,
            ResolvedTo = query.ResolvedTo,
            Resolution = query.NoResolution ? Nobody : query.Resolutions is [var one] ? WireNames.Of(one) : null,
            AlertId = query.AlertId,
            AllResolved = resolved == "all",
            SlaFirst = order == "sla",
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
        CreatedFrom = CreatedFrom,
        CreatedTo = CreatedTo,
        ResolvedFrom = ResolvedFrom,
        ResolvedTo = ResolvedTo,
        NoResolution = Resolution == Nobody,
        Resolutions = WireNames.TryParse<IssueResolution>(Resolution, out var reason) ? [reason] : null,
        AlertId = AlertId,
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
            ["order"] = SlaFirst ? "sla" : null,
            ["created_from"] = Time(CreatedFrom),
            ["created_to"] = Time(CreatedTo),
            ["resolved_from"] = Time(ResolvedFrom),
            ["resolved_to"] = Time(ResolvedTo),
            ["resolution"] = Resolution,
            ["alert"] = AlertId?.ToString(),
        });
    }

    private static string? Time(DateTime? at) => at?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

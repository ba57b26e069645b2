using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace IssueTracker.Web.Issues;

/// <summary>
/// An issue list's filters, sort and page, defined once (README, "Adding a field"). Each filter is one row of
/// <see cref="Parameters"/>: its name as the API and the pages' addresses spell it
/// (<c>GET /api/issues?space_id=…&amp;assignee_id=…</c>, <c>/issues?space_id=…&amp;assignee_id=me</c>), how it is read
/// and written, the SQL that selects by it (lists, board columns, the CSV export) and the same test in memory (a live
/// board placing a changed card without a read). The API, the board, the list, the insights' links and the export all
/// use this type, so a filter added here is added everywhere, and cannot be forgotten by one of them.
/// </summary>
public sealed record IssueQuery
{
    /// <summary>The assignee value meaning "the person asking" (the pages' addresses only).</summary>
    public const string Me = "me";
    /// <summary>The value meaning "none": no assignee, no resolution reason.</summary>
    public const string Nobody = "none";

    public Guid? SpaceId { get; init; }
    public Guid? ProductId { get; init; }
    public IReadOnlyList<IssueStatus> Statuses { get; init; } = [];
    public IReadOnlyList<IssuePriority> Priorities { get; init; } = [];
    public Guid? AssigneeId { get; init; }
    /// <summary>Only issues with no assignee (<c>assignee_id=none</c>).</summary>
    public bool Unassigned { get; init; }
    /// <summary>Only the asking person's own issues (the pages' <c>assignee_id=me</c>).</summary>
    public bool AssignedToActor { get; init; }
    public Guid? ReporterId { get; init; }
    public Guid? AlertId { get; init; }
    /// <summary>Text search over key, title, description and comments.</summary>
    public string? Q { get; init; }
    /// <summary>Only issues in these SLA states now (due_soon, breached).</summary>
    public IReadOnlyList<SlaState> Sla { get; init; } = [];
    /// <summary>Created in [<see cref="CreatedFrom"/>, <see cref="CreatedTo"/>), resolved in [<see cref="ResolvedFrom"/>, <see cref="ResolvedTo"/>): the issues behind an insight.</summary>
    public DateTime? CreatedFrom { get; init; }
    public DateTime? CreatedTo { get; init; }
    public DateTime? ResolvedFrom { get; init; }
    public DateTime? ResolvedTo { get; init; }
    /// <summary>Changed in [<see cref="UpdatedFrom"/>, <see cref="UpdatedTo"/>): an incremental export.</summary>
    public DateTime? UpdatedFrom { get; init; }
    public DateTime? UpdatedTo { get; init; }
    public IReadOnlyList<IssueResolution> Resolutions { get; init; } = [];
    /// <summary>Only issues resolved without a reason (<c>resolution=none</c>).</summary>
    public bool NoResolution { get; init; }
    /// <summary>The board's Resolved column shows every resolved issue, not only the recent ones (the pages' <c>resolved=all</c>).</summary>
    public bool AllResolved { get; init; }
    /// <summary>Resolved issues only when resolved within <c>IssueService.RecentlyResolvedWindow</c>: what a board column asks (no parameter).</summary>
    public bool RecentlyResolvedOnly { get; init; }
    public IssueSortField Sort { get; init; } = IssueSortField.UpdatedAt;
    public bool Descending { get; init; } = true;
    public int Page { get; init; } = 1;
    public int Size { get; init; } = 20;

    /// <summary>The board orders its open columns by the soonest SLA deadline instead of priority (<c>sort=sla</c>).</summary>
    public bool SlaFirst => Sort == IssueSortField.Sla;

    public IssueQuery WithSlaFirst(bool on) => this with { Sort = on ? IssueSortField.Sla : IssueSortField.UpdatedAt, Descending = !on };

    /// <summary>The assignee filter as the pages' pickers hold it: <see cref="Me"/>, <see cref="Nobody"/>, a user id, or null.</summary>
    public string? Assignee => AssignedToActor ? Me : Unassigned ? Nobody : AssigneeId?.ToString();

    public IssueQuery WithAssignee(string? value) => this with
    {
        AssignedToActor = value == Me,
        Unassigned = value == Nobody,
        AssigneeId = Guid.TryParse(value, out var id) ? id : null,
    };

    /// <summary>Whether an insight's filters (period, reason, alert) narrow the list.</summary>
    public bool HasInsightFilters =>
        CreatedFrom is not null || CreatedTo is not null || ResolvedFrom is not null || ResolvedTo is not null || Resolutions.Count > 0 || NoResolution || AlertId is not null;

    public IssueQuery WithoutInsightFilters() =>
        this with { CreatedFrom = null, CreatedTo = null, ResolvedFrom = null, ResolvedTo = null, Resolutions = [], NoResolution = false, AlertId = null };

    /// <summary>The query of <c>GET /api/issues</c>; a bad value is a 400 naming the parameter.</summary>
    /// <summary>The query parameters of <c>GET /api/issues</c>.</summary>
    public static IReadOnlyList<string> ApiNames => [.. Parameters.Where(p => !p.PagesOnly).Select(p => p.Name)];

    public static IssueQuery FromApi(IQueryCollection query)
    {
        // Unknown names were refused before (Api/QueryParameterFilter, from ApiNames).
        var errors = new ValidationErrors();
        var read = Read(name => query.TryGetValue(name, out var value) ? value.ToString() : null, errors, pages: false);
        // A period that ends before it starts is a mistake to point out (as insights do), not an empty answer.
        foreach (var (name, from, to) in new[] { ("created", read.CreatedFrom, read.CreatedTo), ("updated", read.UpdatedFrom, read.UpdatedTo), ("resolved", read.ResolvedFrom, read.ResolvedTo) })
        {
            if (from >= to) errors.Add(name + "_from", $"{name}_from is after {name}_to: the period must start before it ends.");
        }
        errors.ThrowIfAny();
        return read;
    }

    /// <summary>
    /// The query of a page's address (<paramref name="uri"/>). What it cannot read is left out rather than failing the
    /// page, and the names the pages used before they spelled them as the API does (<c>space</c>, <c>assignee</c>,
    /// <c>order</c>) still open, so an old bookmark still works.
    /// </summary>
    public static IssueQuery FromAddress(string uri)
    {
        var at = uri.IndexOf('?');
        var values = QueryHelpers.ParseQuery(at < 0 ? "" : uri[at..].Split('#')[0]);
        return Read(name => values.TryGetValue(name, out var value) ? value.ToString() : null, new ValidationErrors(), pages: true);
    }

    /// <summary>The address of <paramref name="path"/> with this query (and optionally one status instead of its own).</summary>
    public string ToAddress(string path, IssueStatus? status = null)
    {
        var query = status is { } one ? this with { Statuses = [one] } : this;
        return QueryHelpers.AddQueryString(path, Parameters
            .Select(p => KeyValuePair.Create(p.Name, p.Write(query)))
            .Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    /// <summary>The issue list of one person's issues: where a mention of them leads.</summary>
    public static string IssuesOf(Guid userId) => new IssueQuery { AssigneeId = userId }.ToAddress("/issues");

    /// <summary>Whether an issue as a card shows it is in this list; null when that needs what a card does not carry (a reporter, words, the clock).</summary>
    public bool? Matches(IssueFacts issue, Guid actorId, DateTime recentlyResolvedSince)
    {
        bool? verdict = true;
        foreach (var parameter in Parameters)
        {
            switch (parameter.Matches(this, issue, actorId))
            {
                case false: return false;
                case null: verdict = null; break;
            }
        }
        if (issue.Status == IssueStatus.Resolved && RecentlyResolvedOnly && !(issue.ResolvedAt >= recentlyResolvedSince)) return false;
        return verdict;
    }

    /// <summary>The SQL of <see cref="Matches"/>: every filter given, on <paramref name="issues"/>.</summary>
    internal IQueryable<Issue> Where(IQueryable<Issue> issues, ApplicationDbContext db, Guid actorId, DateTime now, DateTime recentlyResolvedSince)
    {
        var context = new SqlContext(db, actorId, now);
        foreach (var parameter in Parameters) issues = parameter.Where(this, issues, context);
        if (RecentlyResolvedOnly)
        {
            var since = recentlyResolvedSince;
            // Resolving moves updated_at too, so the second condition changes nothing but lets the list index skip
            // straight to the recent rows instead of reading every resolved issue of the spaces (bench/RESULTS.md).
            issues = Statuses is [IssueStatus.Resolved]
                ? issues.Where(i => i.UpdatedAt >= since && i.ResolvedAt >= since)
                : issues.Where(i => i.Status != IssueStatus.Resolved || (i.UpdatedAt >= since && i.ResolvedAt >= since));
        }
        return issues;
    }

    /// <summary>The list's order in SQL; the id breaks ties so paging is stable when timestamps collide.</summary>
    internal IQueryable<Issue> Order(IQueryable<Issue> issues) => (Sort, Descending) switch
    {
        (IssueSortField.CreatedAt, true) => issues.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id),
        (IssueSortField.CreatedAt, false) => issues.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id),
        (IssueSortField.Priority, true) => issues.OrderByDescending(i => i.Priority).ThenByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id),
        (IssueSortField.Priority, false) => issues.OrderBy(i => i.Priority).ThenByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id),
        // Soonest pending deadline first; issues without one (no SLA, resolved) last either way.
        (IssueSortField.Sla, false) => issues.OrderBy(i => i.SlaBreachAt == null).ThenBy(i => i.SlaBreachAt).ThenBy(i => i.Id),
        (IssueSortField.Sla, true) => issues.OrderBy(i => i.SlaBreachAt == null).ThenByDescending(i => i.SlaBreachAt).ThenByDescending(i => i.Id),
        (_, true) => issues.OrderByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id),
        (_, false) => issues.OrderBy(i => i.UpdatedAt).ThenBy(i => i.Id),
    };

    /// <summary>The same order in memory, for cards a live board places: below zero when <paramref name="a"/> comes first.</summary>
    public int Compare(IssueSummaryDto a, IssueSummaryDto b)
    {
        var (x, y) = Descending ? (b, a) : (a, b);
        var first = Sort switch
        {
            IssueSortField.CreatedAt => x.CreatedAt.CompareTo(y.CreatedAt),
            IssueSortField.Priority => x.Priority.CompareTo(y.Priority),
            IssueSortField.Sla => (a.SlaTimes?.BreachAt is null).CompareTo(b.SlaTimes?.BreachAt is null) is var none and not 0
                ? none : Nullable.Compare(x.SlaTimes?.BreachAt, y.SlaTimes?.BreachAt),
            _ => x.UpdatedAt.CompareTo(y.UpdatedAt),
        };
        if (first != 0) return first;
        // Priority's ties: the most recently changed first, whichever way priority runs.
        if (Sort == IssueSortField.Priority && b.UpdatedAt.CompareTo(a.UpdatedAt) is var recent and not 0) return recent;
        return Sort == IssueSortField.Priority ? b.Id.CompareTo(a.Id) : x.Id.CompareTo(y.Id);
    }

    // What a parameter's SQL may use.
    private sealed record SqlContext(ApplicationDbContext Db, Guid ActorId, DateTime Now);

    /// <summary>One filter (or the sort, or the page): everything about it, in one row.</summary>
    /// <param name="Name">Its name in the API's query string and the pages' addresses.</param>
    /// <param name="Description">What the OpenAPI document says of it.</param>
    /// <param name="Write">Its value in an address; null or empty when not set.</param>
    /// <param name="Read">Reads a value into the query; a bad one adds an error under <paramref name="Name"/>.</param>
    /// <param name="Where">Selects by it in SQL (unchanged when not set).</param>
    /// <param name="Matches">The same test on a card in memory: true when not set, null when a card cannot tell.</param>
    /// <param name="PagesOnly">Only the pages' addresses know it.</param>
    /// <param name="FormerName">What the pages' addresses called it before they spelled it as the API does.</param>
    private sealed record Parameter(
        string Name,
        string Description,
        Func<IssueQuery, string?> Write,
        Func<IssueQuery, string, Reading, IssueQuery> Read,
        Func<IssueQuery, IQueryable<Issue>, SqlContext, IQueryable<Issue>> Where,
        Func<IssueQuery, IssueFacts, Guid, bool?> Matches,
        bool PagesOnly = false,
        string? FormerName = null);

    private sealed record Reading(ValidationErrors Errors, bool Pages);

    private static readonly Dictionary<IssueSortField, string> SortNames = new()
    {
        [IssueSortField.UpdatedAt] = "updated_at",
        [IssueSortField.CreatedAt] = "created_at",
        [IssueSortField.Priority] = "priority",
        [IssueSortField.Sla] = "sla",
    };

    /// <summary>The parameters of <c>GET /api/issues</c> (documented from here in the OpenAPI document) and of the pages' addresses.</summary>
    private static readonly Parameter[] Parameters =
    [
        new("space_id", "A space id.",
            q => q.SpaceId?.ToString(),
            (q, v, r) => q with { SpaceId = QueryText.Guid(v, "space_id", r.Errors) },
            (q, issues, _) => q.SpaceId is { } id ? issues.Where(i => i.SpaceId == id) : issues,
            (q, issue, _) => q.SpaceId is not { } id || issue.SpaceId == id,
            FormerName: "space"),
        new("product_id", "A data product id.",
            q => q.ProductId?.ToString(),
            (q, v, r) => q with { ProductId = QueryText.Guid(v, "product_id", r.Errors) },
            (q, issues, _) => q.ProductId is { } id ? issues.Where(i => i.ProductId == id) : issues,
            (q, issue, _) => q.ProductId is not { } id || issue.ProductId == id,
            FormerName: "product"),
        new("status", "One of open, in_progress, resolved, or a comma list.",
            q => List(q.Statuses),
            (q, v, r) => q with { Statuses = QueryText.EnumList<IssueStatus>(v, "status", r.Errors) },
            // One value is a plain equality rather than an IN list: EF caches the SQL of such a query, whereas a list
            // parameter makes it generate the SQL again on every call.
            (q, issues, _) => q.Statuses switch
            {
                [var one] => issues.Where(i => i.Status == one),
                { Count: > 1 } all => issues.Where(i => all.Contains(i.Status)),
                _ => issues,
            },
            (q, issue, _) => q.Statuses.Count == 0 || q.Statuses.Contains(issue.Status)),
        new("priority", "One of low, medium, high, critical, or a comma list.",
            q => List(q.Priorities),
            (q, v, r) => q with { Priorities = QueryText.EnumList<IssuePriority>(v, "priority", r.Errors) },
            (q, issues, _) => q.Priorities switch
            {
                [var one] => issues.Where(i => i.Priority == one),
                { Count: > 1 } all => issues.Where(i => all.Contains(i.Priority)),
                _ => issues,
            },
            (q, issue, _) => q.Priorities.Count == 0 || q.Priorities.Contains(issue.Priority)),
        new("assignee_id", "A user id, or none for unassigned issues.",
            q => q.Assignee,
            (q, v, r) => v switch
            {
                Me when r.Pages => q.WithAssignee(Me),
                _ when string.Equals(v, Nobody, StringComparison.OrdinalIgnoreCase) => q.WithAssignee(Nobody),
                _ => q with { AssigneeId = QueryText.Guid(v, "assignee_id", r.Errors) },
            },
            (q, issues, c) => q.Unassigned ? issues.Where(i => i.AssigneeId == null)
                : q.AssigneeId is { } id ? issues.Where(i => i.AssigneeId == id)
                : q.AssignedToActor ? issues.Where(i => i.AssigneeId == c.ActorId)
                : issues,
            (q, issue, actorId) => q.Unassigned ? issue.AssigneeId is null
                : q.AssigneeId is { } id ? issue.AssigneeId == id
                : !q.AssignedToActor || issue.AssigneeId == actorId,
            FormerName: "assignee"),
        new("reporter_id", "A user id: the issues they reported.",
            q => q.ReporterId?.ToString(),
            (q, v, r) => q with { ReporterId = QueryText.Guid(v, "reporter_id", r.Errors) },
            (q, issues, _) => q.ReporterId is { } id ? issues.Where(i => i.ReporterId == id) : issues,
            (q, _, _) => q.ReporterId is null ? true : null),
        new("alert_id", "An alert id: the issues it opened.",
            q => q.AlertId?.ToString(),
            (q, v, r) => q with { AlertId = QueryText.Guid(v, "alert_id", r.Errors) },
            (q, issues, _) => q.AlertId is { } id ? issues.Where(i => i.AlertId == id) : issues,
            (q, _, _) => q.AlertId is null ? true : null,
            FormerName: "alert"),
        new("sla", "due_soon, breached, or both as a comma list: issues whose SLA is in that state now.",
            q => List(q.Sla),
            (q, v, r) =>
            {
                var states = QueryText.EnumList<SlaState>(v, "sla", r.Errors);
                if (states.Any(s => s is not (SlaState.DueSoon or SlaState.Breached)))
                    r.Errors.Add("sla", "The SLA filter takes due_soon, breached or both (due_soon,breached).");
                return q with { Sla = [.. states.Where(s => s is SlaState.DueSoon or SlaState.Breached)] };
            },
            (q, issues, c) => q.Sla.Count > 0 ? issues.Where(SlaRules.InState(q.Sla, c.Now)) : issues,
            // Depends on the clock: a board showing it reads itself again.
            (q, _, _) => q.Sla.Count == 0 ? true : null),
        new("created_from", "Created at or after this ISO 8601 time (the issues behind an insight).",
            q => Time(q.CreatedFrom),
            (q, v, r) => q with { CreatedFrom = QueryText.Time(v, "created_from", r.Errors) },
            (q, issues, _) => q.CreatedFrom is { } from ? issues.Where(i => i.CreatedAt >= from) : issues,
            (q, issue, _) => q.CreatedFrom is not { } from || issue.CreatedAt >= from),
        new("created_to", "Created at or before this time (a date alone: to the end of that UTC day).",
            q => InclusiveTime(q.CreatedTo),
            (q, v, r) => q with { CreatedTo = UpperBound(v, "created_to", r.Errors) },
            (q, issues, _) => q.CreatedTo is { } to ? issues.Where(i => i.CreatedAt < to) : issues,
            (q, issue, _) => q.CreatedTo is not { } to || issue.CreatedAt < to),
        new("updated_from", "Changed at or after this time: an incremental export reads sort=updated_at&updated_from=<the last updated_at it saw>.",
            q => Time(q.UpdatedFrom),
            (q, v, r) => q with { UpdatedFrom = QueryText.Time(v, "updated_from", r.Errors) },
            (q, issues, _) => q.UpdatedFrom is { } from ? issues.Where(i => i.UpdatedAt >= from) : issues,
            // When it was changed before this change is not in the change: a board filtered so reads itself again.
            (q, _, _) => q.UpdatedFrom is null ? true : null),
        new("updated_to", "Changed at or before this time (a date alone: to the end of that UTC day).",
            q => InclusiveTime(q.UpdatedTo),
            (q, v, r) => q with { UpdatedTo = UpperBound(v, "updated_to", r.Errors) },
            (q, issues, _) => q.UpdatedTo is { } to ? issues.Where(i => i.UpdatedAt < to) : issues,
            (q, _, _) => q.UpdatedTo is null ? true : null),
        new("resolved_from", "Resolved at or after this time.",
            q => Time(q.ResolvedFrom),
            (q, v, r) => q with { ResolvedFrom = QueryText.Time(v, "resolved_from", r.Errors) },
            (q, issues, _) => q.ResolvedFrom is { } from ? issues.Where(i => i.ResolvedAt >= from) : issues,
            (q, issue, _) => q.ResolvedFrom is not { } from || issue.ResolvedAt >= from),
        new("resolved_to", "Resolved at or before this time (a date alone: to the end of that UTC day).",
            q => InclusiveTime(q.ResolvedTo),
            (q, v, r) => q with { ResolvedTo = UpperBound(v, "resolved_to", r.Errors) },
            (q, issues, _) => q.ResolvedTo is { } to ? issues.Where(i => i.ResolvedAt < to) : issues,
            (q, issue, _) => q.ResolvedTo is not { } to || issue.ResolvedAt < to),
        new("resolution", "A resolution reason, a comma list, or none for issues resolved without one.",
            q => q.NoResolution ? Nobody : List(q.Resolutions),
            (q, v, r) => string.Equals(v, Nobody, StringComparison.OrdinalIgnoreCase)
                ? q with { NoResolution = true }
                : q with { Resolutions = QueryText.EnumList<IssueResolution>(v, "resolution", r.Errors) },
            (q, issues, _) => q.NoResolution ? issues.Where(i => i.Status == IssueStatus.Resolved && i.Resolution == null)
                : q.Resolutions switch
                {
                    [var one] => issues.Where(i => i.Resolution == one),
                    { Count: > 1 } all => issues.Where(i => all.Contains(i.Resolution!.Value)),
                    _ => issues,
                },
            (q, issue, _) => q.NoResolution ? issue.Status == IssueStatus.Resolved && issue.Resolution is null
                : q.Resolutions.Count == 0 || (issue.Resolution is { } reason && q.Resolutions.Contains(reason))),
        new("q", "Text search over key, title, description and comments.",
            q => q.Q,
            (q, v, r) =>
            {
                // A search of no word (%, 🚨, _) matched everything or nothing; it is refused instead.
                if (!v.Any(char.IsLetterOrDigit))
                {
                    r.Errors.Add("q", "Search needs a word: a letter or a digit.");
                    return q;
                }
                return q with { Q = v.Trim() };
            },
            (q, issues, c) => q.Q is { } text ? IssueSearch.Apply(issues, c.Db, text) : issues,
            // The words a card does not carry (the description, comments): a board showing it reads itself again.
            (q, _, _) => q.Q is null ? true : null),
        new("sort", "created_at, updated_at, priority or sla (soonest deadline first); a leading - sorts descending. Default -updated_at.",
            q => q is { Sort: IssueSortField.UpdatedAt, Descending: true } ? null : (q.Descending ? "-" : "") + SortNames[q.Sort],
            (q, v, r) =>
            {
                if (SortNames.FirstOrDefault(n => n.Value == v.TrimStart('-')) is { Value: not null } known)
                    return q with { Sort = known.Key, Descending = v.StartsWith('-') };
                r.Errors.Add("sort", "Sort must be created_at, updated_at, priority or sla, optionally prefixed with '-'.");
                return q;
            },
            (_, issues, _) => issues,
            (_, _, _) => true,
            // The board's former "order=sla" is sort=sla: soonest deadline first.
            FormerName: "order"),
        new("resolved", "all: the board's Resolved column shows every resolved issue, not only the last two weeks'.",
            q => q.AllResolved ? "all" : null,
            (q, v, _) => q with { AllResolved = v == "all" },
            (_, issues, _) => issues,
            (_, _, _) => true,
            PagesOnly: true),
        new("page", "The page, from 1.",
            q => q.Page == 1 ? null : q.Page.ToString(CultureInfo.InvariantCulture),
            (q, v, r) => q with { Page = QueryText.Int(v, "page", 1, r.Errors) },
            (_, issues, _) => issues,
            (_, _, _) => true),
        new("size", "Issues per page, 1 to 100 (default 20).",
            q => q.Size == 20 ? null : q.Size.ToString(CultureInfo.InvariantCulture),
            (q, v, r) => q with { Size = QueryText.Int(v, "size", 20, r.Errors) },
            (_, issues, _) => issues,
            (_, _, _) => true),
    ];

    /// <summary>
    /// Lists the API's parameters in the OpenAPI document's <c>GET /api/issues</c>: the endpoint reads the query string
    /// through <see cref="FromApi"/>, so a bad value is a 400 naming it, and the document learns them from here.
    /// </summary>
    internal static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.Parameters ??= [];
        foreach (var parameter in Parameters.Where(p => !p.PagesOnly))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Query,
                Description = parameter.Description,
                Schema = new OpenApiSchema { Type = parameter.Name is "page" or "size" ? JsonSchemaType.Integer : JsonSchemaType.String },
            });
        }
        return Task.CompletedTask;
    }

    private static IssueQuery Read(Func<string, string?> value, ValidationErrors errors, bool pages)
    {
        var query = new IssueQuery();
        var reading = new Reading(errors, pages);
        foreach (var parameter in Parameters)
        {
            if (parameter.PagesOnly && !pages) continue;
            var raw = value(parameter.Name);
            if (string.IsNullOrEmpty(raw) && pages && parameter.FormerName is { } former) raw = value(former);
            if (!string.IsNullOrEmpty(raw)) query = parameter.Read(query, raw, reading);
        }
        return query;
    }

    private static string? List<T>(IReadOnlyList<T> values) where T : struct, Enum =>
        values.Count == 0 ? null : string.Join(',', values.Select(WireNames.Of));

    /// <summary>
    /// An inclusive upper bound as the exclusive one the SQL compares with: responses show times to the second, so a
    /// time shown is a bound that includes it (its whole second); a date alone means its whole UTC day.
    /// </summary>
    private static DateTime? UpperBound(string raw, string name, ValidationErrors errors)
    {
        if (QueryText.Time(raw, name, errors) is not { } at) return null;
        var dateOnly = raw.Trim().Length <= 10;
        return dateOnly ? at.Date.AddDays(1) : new DateTime(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc).AddSeconds(1);
    }

    // An exclusive bound written as the inclusive time it was read from (UpperBound's inverse).
    private static string? InclusiveTime(DateTime? exclusive) => Time(exclusive?.AddSeconds(-1));

    private static string? Time(DateTime? at) => at?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>What a card shows of an issue, as a live board tests it against its filters: the issue now, or as it was before a change.</summary>
public sealed record IssueFacts(
    Guid SpaceId, Guid? ProductId, IssueStatus Status, IssuePriority Priority, Guid? AssigneeId, DateTime CreatedAt, DateTime? ResolvedAt, IssueResolution? Resolution)
{
    public static IssueFacts Of(IssueSummaryDto card) =>
        new(card.Space.Id, card.Product?.Id, card.Status, card.Priority, card.Assignee?.Id, card.CreatedAt, card.ResolvedAt, card.Resolution);

    /// <summary>The issue as it was before <paramref name="changes"/> (their <c>from</c> values).</summary>
    public IssueFacts Before(FieldChanges changes) => this with
    {
        ProductId = changes.Product is { } product ? product.From?.Id : ProductId,
        Status = changes.Status?.From ?? Status,
        Priority = changes.Priority?.From ?? Priority,
        AssigneeId = changes.Assignee is { } assignee ? assignee.From?.Id : AssigneeId,
        Resolution = changes.Resolution is { } resolution ? resolution.From : Resolution,
        // Resolved by this change: it had no resolved date before. (Reopened by it: the date it had is not in the change.)
        ResolvedAt = changes.Status is { From: not IssueStatus.Resolved, To: IssueStatus.Resolved } ? null : ResolvedAt,
    };
}

using System.Globalization;

namespace IssueTracker.Web.Services;

/// <summary>
/// Reads query-string values (text as typed) into typed filters, the same way for the API and for the UI's addresses.
/// A bad value adds an error under the API's parameter name and is left out: the API then refuses the request (400),
/// while a page ignores what it cannot read, so an old bookmark still opens.
/// </summary>
public static class QueryText
{
    /// <summary>The assignee value meaning "the person asking" (the UI's addresses only).</summary>
    public const string Me = "me";
    /// <summary>The assignee value meaning "no assignee".</summary>
    public const string Nobody = "none";

    /// <summary>
    /// The filters, sort and page of an issue list. <paramref name="acceptMe"/> lets <c>assignee_id=me</c> stand for
    /// the actor (the UI); the API's contract knows only ids and <c>none</c>.
    /// </summary>
    public static IssueQuery Issues(IssueQueryText text, ValidationErrors errors, bool acceptMe = false)
    {
        var unassigned = string.Equals(text.AssigneeId, Nobody, StringComparison.OrdinalIgnoreCase);
        var me = acceptMe && text.AssigneeId == Me;
        var sort = string.IsNullOrEmpty(text.Sort) ? "-updated_at" : text.Sort;
        IssueSortField? field = sort.TrimStart('-') switch
        {
            "updated_at" => IssueSortField.UpdatedAt,
            "created_at" => IssueSortField.CreatedAt,
            "priority" => IssueSortField.Priority,
            "sla" => IssueSortField.Sla,
            _ => null,
        };
        if (field is null) errors.Add("sort", "Sort must be created_at, updated_at, priority or sla, optionally prefixed with '-'.");
        var statuses = EnumList<Domain.IssueStatus>(text.Status, "status", errors);
        var priorities = EnumList<Domain.IssuePriority>(text.Priority, "priority", errors);
        var sla = EnumList<Domain.SlaState>(text.Sla, "sla", errors);
        var noResolution = string.Equals(text.Resolution, Nobody, StringComparison.OrdinalIgnoreCase);
        var resolutions = noResolution ? [] : EnumList<Domain.IssueResolution>(text.Resolution, "resolution", errors);
        if (sla.Any(s => s is not (Domain.SlaState.DueSoon or Domain.SlaState.Breached)))
            errors.Add("sla", "The SLA filter takes due_soon, breached or both (due_soon,breached).");
        return new IssueQuery
        {
            SpaceId = Guid(text.SpaceId, "space_id", errors),
            ProductId = Guid(text.ProductId, "product_id", errors),
            Statuses = statuses.Count > 0 ? statuses : null,
            Priorities = priorities.Count > 0 ? priorities : null,
            Sla = sla.Count > 0 ? sla : null,
            CreatedFrom = Time(text.CreatedFrom, "created_from", errors),
            CreatedTo = Time(text.CreatedTo, "created_to", errors),
            ResolvedFrom = Time(text.ResolvedFrom, "resolved_from", errors),
            ResolvedTo = Time(text.ResolvedTo, "resolved_to", errors),
            Resolutions = resolutions.Count > 0 ? resolutions : null,
            NoResolution = noResolution,
            Unassigned = unassigned,
            AssignedToActor = me,
            AssigneeId = unassigned || me ? null : Guid(text.AssigneeId, "assignee_id", errors),
            ReporterId = Guid(text.ReporterId, "reporter_id", errors),
            AlertId = Guid(text.AlertId, "alert_id", errors),
            Q = string.IsNullOrWhiteSpace(text.Q) ? null : text.Q.Trim(),
            Sort = field ?? IssueSortField.UpdatedAt,
            Descending = sort.StartsWith('-'),
            Page = Int(text.Page, "page", 1, errors),
            Size = Int(text.Size, "size", 20, errors),
        };
    }

    public static (int Page, int Size) Page(string? page, string? size, ValidationErrors errors) =>
        (Int(page, "page", 1, errors), Int(size, "size", 20, errors));

    public static int Int(string? raw, string name, int fallback, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(raw)) return fallback;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add(name, $"'{raw}' is not a whole number.");
        return fallback;
    }

    public static Guid? Guid(string? raw, string name, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (System.Guid.TryParse(raw, out var value)) return value;
        errors.Add(name, $"'{raw}' is not a UUID.");
        return null;
    }

    /// <summary>An ISO 8601 date (<c>2026-09-01</c>, midnight UTC) or time, as UTC.</summary>
    public static DateTime? Time(string? raw, string name, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)) return value.UtcDateTime;
        errors.Add(name, $"'{raw}' is not an ISO 8601 date or time.");
        return null;
    }

    public static T? Enum<T>(string? raw, string name, ValidationErrors errors) where T : struct, System.Enum
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (WireNames.TryParse<T>(raw, out var value)) return value;
        errors.Add(name, $"'{raw}' is not one of {string.Join(", ", WireNames.All<T>())}.");
        return null;
    }

    /// <summary>A comma list of enum values (<c>open,in_progress</c>), each once, in the order given.</summary>
    public static IReadOnlyList<T> EnumList<T>(string? raw, string name, ValidationErrors errors) where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(raw)) return [];
        var values = new List<T>();
        foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (Enum<T>(part, name, errors) is { } value && !values.Contains(value)) values.Add(value);
        }
        return values;
    }
}

/// <summary>An issue list's query-string values as typed, named as <c>GET /api/issues</c> names them.</summary>
public sealed record IssueQueryText
{
    public string? SpaceId { get; init; }
    public string? ProductId { get; init; }
    public string? Status { get; init; }
    public string? Priority { get; init; }
    public string? AssigneeId { get; init; }
    public string? ReporterId { get; init; }
    public string? AlertId { get; init; }
    public string? Sla { get; init; }
    public string? CreatedFrom { get; init; }
    public string? CreatedTo { get; init; }
    public string? ResolvedFrom { get; init; }
    public string? ResolvedTo { get; init; }
    public string? Resolution { get; init; }
    public string? Q { get; init; }
    public string? Sort { get; init; }
    public string? Page { get; init; }
    public string? Size { get; init; }
}

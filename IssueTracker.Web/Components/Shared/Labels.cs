using MudBlazor;

namespace IssueTracker.Web.Components.Shared;

/// <summary>The words and colours the UI uses for statuses, priorities and roles, in one place.</summary>
public static class Labels
{
    public static readonly IssueStatus[] Statuses = [IssueStatus.Open, IssueStatus.InProgress, IssueStatus.Resolved];
    public static readonly IssuePriority[] Priorities = [IssuePriority.Critical, IssuePriority.High, IssuePriority.Medium, IssuePriority.Low];

    public static string Of(IssueStatus status) => status switch
    {
        IssueStatus.Open => "Open",
        IssueStatus.InProgress => "In progress",
        _ => "Resolved",
    };

    public static string Of(IssuePriority priority) => priority.ToString();

    /// <summary>Whether a field's text is over its limit (shown at once, before a save is refused).</summary>
    public static bool TooLong(string? text, int max) => TextRules.Length(text) > max;

    /// <summary>
    /// "12 / 200": a field's length as the server counts it (characters, an emoji one). MudBlazor's own counter counts
    /// UTF-16 units, so an emoji title looked full at half the limit.
    /// </summary>
    public static string Count(string? text, int max) => $"{TextRules.Length(text)} / {max}";

    public static string? TooLongText(string? text, int max) =>
        TooLong(text, max) ? $"At most {max} characters; this is {TextRules.Length(text)}." : null;

    public static string Of(SpaceRole role) => role.ToString();

    public static readonly IssueResolution[] Resolutions =
        [IssueResolution.Fixed, IssueResolution.FalsePositive, IssueResolution.ExpectedChange, IssueResolution.Duplicate, IssueResolution.WontFix, IssueResolution.Other];

    public static string Of(IssueResolution resolution) => resolution switch
    {
        IssueResolution.Fixed => "Fixed",
        IssueResolution.FalsePositive => "False positive",
        IssueResolution.ExpectedChange => "Expected change",
        IssueResolution.Duplicate => "Duplicate",
        IssueResolution.WontFix => "Won't fix",
        _ => "Other",
    };

    /// <summary>How a link reads from the issue shown: "blocks", "is blocked by".</summary>
    public static string Of(LinkDirection link) => link switch
    {
        LinkDirection.RelatesTo => "relates to",
        LinkDirection.Duplicates => "duplicates",
        LinkDirection.Blocks => "blocks",
        LinkDirection.CausedBy => "is caused by",
        LinkDirection.DuplicatedBy => "is duplicated by",
        LinkDirection.BlockedBy => "is blocked by",
        _ => "causes",
    };

    public static readonly IssueLinkType[] LinkTypes = [IssueLinkType.RelatesTo, IssueLinkType.Duplicates, IssueLinkType.Blocks, IssueLinkType.CausedBy];

    public static string Of(IssueLinkType type) => Of((LinkDirection)(int)type);

    public static string Of(SlaState state) => state switch
    {
        SlaState.Ok => "On track",
        SlaState.DueSoon => "Due soon",
        SlaState.Breached => "Breached",
        _ => "Met",
    };

    /// <summary>"2 h 5 min", "3 d 4 h": the two largest units of a span.</summary>
    public static string Span(TimeSpan span)
    {
        span = span.Duration();
        if (span >= TimeSpan.FromDays(1)) return span.Hours > 0 ? $"{(int)span.TotalDays} d {span.Hours} h" : $"{(int)span.TotalDays} d";
        if (span >= TimeSpan.FromHours(1)) return span.Minutes > 0 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{(int)span.TotalHours} h";
        return $"{Math.Max(1, (int)Math.Ceiling(span.TotalMinutes))} min";
    }

    public static Color ColorOf(IssuePriority priority) => priority switch
    {
        IssuePriority.Critical => Color.Error,
        IssuePriority.High => Color.Warning,
        IssuePriority.Medium => Color.Info,
        _ => Color.Default,
    };

    public static string IconOf(IssuePriority priority) => priority switch
    {
        IssuePriority.Critical => Icons.Material.Filled.KeyboardDoubleArrowUp,
        IssuePriority.High => Icons.Material.Filled.KeyboardArrowUp,
        IssuePriority.Medium => Icons.Material.Filled.DragHandle,
        _ => Icons.Material.Filled.KeyboardArrowDown,
    };

    public static Color ColorOf(IssueStatus status) => status switch
    {
        IssueStatus.Open => Color.Primary,
        IssueStatus.InProgress => Color.Warning,
        _ => Color.Success,
    };

    /// <summary>"3 minutes ago", "2 days ago".</summary>
    public static string Ago(DateTime utc, DateTime now)
    {
        var span = now - utc;
        if (span < TimeSpan.FromMinutes(1)) return "just now";
        if (span < TimeSpan.FromHours(1)) return Plural((int)span.TotalMinutes, "minute") + " ago";
        if (span < TimeSpan.FromDays(1)) return Plural((int)span.TotalHours, "hour") + " ago";
        if (span < TimeSpan.FromDays(30)) return Plural((int)span.TotalDays, "day") + " ago";
        if (span < TimeSpan.FromDays(365)) return Plural((int)(span.TotalDays / 30), "month") + " ago";
        return Plural((int)(span.TotalDays / 365), "year") + " ago";
    }

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}

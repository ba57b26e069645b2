using IssueTracker.Web.Domain;
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

    public static string Of(SpaceRole role) => role.ToString();

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

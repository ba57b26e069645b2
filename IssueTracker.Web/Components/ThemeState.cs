namespace IssueTracker.Web.Components;

/// <summary>The theme a page was first served with; the layout takes it as its starting point.</summary>
public sealed record ThemeState(bool DarkMode);

namespace IssueTracker.Web.Components.Shared;

/// <summary>The theme a page was first served with; the layout takes it as its starting point.</summary>
public sealed record ThemeState(bool DarkMode);

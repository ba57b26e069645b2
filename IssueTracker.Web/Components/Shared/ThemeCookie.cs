namespace IssueTracker.Web.Components.Shared;

/// <summary>The remembered light/dark choice: written by app.js, read when the page is first served.</summary>
public static class ThemeCookie
{
    public const string Name = "it-theme";
    public const string Dark = "dark";
    public const string Light = "light";
}

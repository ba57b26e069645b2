using MudBlazor;

namespace IssueTracker.Web.Components.Layout;

/// <summary>
/// The app's colours. Every text colour meets WCAG 2.2 AA (4.5:1) on the surfaces and tinted chips it is drawn on, in
/// both themes (checked by axe-core in the browser tests, <c>AccessibilityTests</c>): MudBlazor's default status colours
/// and its grey secondary text do not, so they are darkened in the light theme and lightened in the dark one, where
/// text drawn on them turns dark.
/// </summary>
public static class AppTheme
{
    private const string DarkInk = "rgba(0,0,0,0.87)";

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1e5aa8",
            AppbarBackground = "#1e5aa8",
            Secondary = "#00796b",
            Error = "#c62828",
            Warning = "#9a5b00",
            Success = "#1b7a33",
            Info = "#1565c0",
            TextSecondary = "rgba(0,0,0,0.62)",
            TextDisabled = "rgba(0,0,0,0.5)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8fb6ec",
            PrimaryContrastText = DarkInk,
            Secondary = "#4db6ac",
            SecondaryContrastText = DarkInk,
            Error = "#ff9e94",
            ErrorContrastText = DarkInk,
            Warning = "#ffb74d",
            WarningContrastText = DarkInk,
            Success = "#81c784",
            SuccessContrastText = DarkInk,
            Info = "#90caf9",
            InfoContrastText = DarkInk,
            TextSecondary = "rgba(255,255,255,0.72)",
            TextDisabled = "rgba(255,255,255,0.55)",
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
    };
}

using MudBlazor;

namespace IssueTracker.Web.Components.Layout;

public static class AppTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1e5aa8", AppbarBackground = "#1e5aa8", Secondary = "#00897b" },
        PaletteDark = new PaletteDark { Primary = "#7aa7e6", Secondary = "#4db6ac" },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
    };
}

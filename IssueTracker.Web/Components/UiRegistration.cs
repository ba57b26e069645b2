using IssueTracker.Web.Components.Pages.Issues;
using IssueTracker.Web.Components.Shared;
using MudBlazor;
using MudBlazor.Services;

namespace IssueTracker.Web.Components;

public static class UiRegistration
{
    /// <summary>MudBlazor and the few per-circuit helpers the components share.</summary>
    public static IServiceCollection AddIssueTrackerUi(this IServiceCollection services)
    {
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft;
            o.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        return services.AddCircuitHelpers();
    }

    /// <summary>The per-circuit helpers the components share (the component tests register these too).</summary>
    public static IServiceCollection AddCircuitHelpers(this IServiceCollection services)
    {
        services.AddScoped<CurrentUser>();
        services.AddScoped<IssueDialogs>();
        services.AddScoped<IssueActions>();
        services.AddScoped<LiveEvents>();
        services.AddScoped<InboxSignal>();
        services.AddScoped<ConnectionState>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<ConnectionState>());
        services.AddSingleton<SharedReads>();
        return services;
    }
}

using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Accounts.Gates;

public static class RegistrationGate
{
    /// <summary>
    /// Answers 404 for the registration pages unless registration is on (README, "Security"): by the page routing
    /// chose, so every spelling of the path is shut (the pages also check the setting themselves). After UseRouting.
    /// </summary>
    public static IApplicationBuilder UseRegistrationGate(this IApplicationBuilder app) =>
        app.UseWhen(
            context => RoutedPages.Of(context) is { } page && RoutedPages.Registration.Contains(page)
                       && !context.RequestServices.GetRequiredService<IOptions<IssueTrackerOptions>>().Value.Auth.AllowRegistration,
            closed => closed.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }));
}

namespace IssueTracker.Web.Services;

public static class ServiceRegistration
{
    /// <summary>The service layer: plain scoped classes, each opening one DbContext per operation.</summary>
    public static IServiceCollection AddIssueTrackerServices(this IServiceCollection services)
    {
        services.AddScoped<Idempotency>();
        services.AddScoped<IssueService>();
        services.AddScoped<CommentService>();
        services.AddScoped<NotificationService>();
        services.AddScoped<SpaceService>();
        services.AddScoped<ProductService>();
        services.AddScoped<AlertService>();
        services.AddScoped<UserService>();
        services.AddScoped<TokenService>();
        services.AddScoped<EventService>();
        services.AddSingleton<MarkdownRenderer>();
        return services;
    }
}

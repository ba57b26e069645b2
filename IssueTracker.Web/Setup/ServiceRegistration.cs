using Microsoft.EntityFrameworkCore.Diagnostics;
using Polly;

namespace IssueTracker.Web.Setup;

/// <summary>The composition of the service layer (README, "Layout"): every feature's services and the feed's consumers, in one list.</summary>
public static class ServiceRegistration
{
    /// <summary>The service layer: plain scoped classes, each opening one DbContext per operation.</summary>
    public static IServiceCollection AddIssueTrackerServices(this IServiceCollection services)
    {
        // The change feed: written by the services in their own transaction; its consumers inside the save (the
        // webhook outbox) and after commit (the publisher pages and streams listen to) join every DbContext.
        services.AddSingleton<ChangeFeed>();
        services.AddSingleton<AccessCache>();
        services.AddSingleton<IInterceptor, ChangeFeedInterceptor>();
        // On a database several instances share, the feed is read from its table instead (Program starts it).
        services.AddSingleton<ChangeFeedReader>();
        services.AddSingleton<IInterceptor, WebhookOutbox>();
        services.AddSingleton<IInterceptor, ProductHealth>();
        // What happens whenever an issue changes, in the change's own transaction, in this order (README, "Layout").
        services.AddSingleton<IIssueChangeConsumer, NotificationRules>();
        services.AddSingleton<IIssueChangeConsumer, FeedWriter>();
        services.AddSingleton<IIssueChangeConsumer, DeliveryScrub>();
        services.AddSingleton<IssueChangeConsumers>();
        services.AddScoped<Idempotency>();
        services.AddScoped<IssueService>();
        services.AddScoped<CommentService>();
        services.AddScoped<LinkService>();
        services.AddScoped<SlaService>();
        services.AddScoped<InsightService>();
        services.AddScoped<NotificationService>();
        services.AddScoped<SpaceService>();
        services.AddScoped<ProductService>();
        services.AddScoped<AlertService>();
        services.AddScoped<ConnectorService>();
        services.AddScoped<UserService>();
        services.AddScoped<TokenService>();
        services.AddScoped<EventService>();
        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<WebhookService>();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookTestLimits>();
        services.AddSingleton<WebhookPayloads>();
        services.AddWebhookClient();
        return services;
    }

    /// <summary>
    /// The HTTP client deliveries go out with: connections only to allowed addresses (checked after DNS, each time),
    /// no redirects (a receiver must not bounce a delivery elsewhere), no proxy, and a 10-second timeout per attempt
    /// from the resilience pipeline; retries are the outbox's (<see cref="WebhookSender"/>), not this client's.
    /// </summary>
    private static IServiceCollection AddWebhookClient(this IServiceCollection services)
    {
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var allowPrivate = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<IssueTrackerOptions>>().Value.Webhooks.AllowPrivateNetworks;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectCallback = allowPrivate ? null : WebhookAddresses.ConnectAsync,
                };
            })
            .AddResilienceHandler("webhook-attempt", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(10)));
        return services;
    }
}

namespace IssueTracker.Web.Workers;

/// <summary>
/// Deletes expired idempotency records and change-feed events, and forgets old webhook delivery bodies, hourly. Safe on
/// several instances: each is one idempotent statement.
/// </summary>
public sealed class Housekeeping(IServiceScopeFactory scopes, ILogger<Housekeeping> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var purged = await scope.ServiceProvider.GetRequiredService<Idempotency>().PurgeAsync(stoppingToken);
                if (purged > 0) logger.LogInformation("Purged {Count} expired idempotency records.", purged);
                var events = await scope.ServiceProvider.GetRequiredService<EventService>().PurgeAsync(stoppingToken);
                if (events > 0) logger.LogInformation("Purged {Count} change-feed events past their retention.", events);
                var bodies = await scope.ServiceProvider.GetRequiredService<WebhookService>().PurgeBodiesAsync(stoppingToken);
                if (bodies > 0) logger.LogInformation("Forgot the bodies of {Count} webhook deliveries past their retention.", bodies);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Housekeeping failed; will retry in an hour.");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

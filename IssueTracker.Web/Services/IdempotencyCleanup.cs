namespace IssueTracker.Web.Services;

/// <summary>Deletes expired idempotency records hourly. Safe on several instances: it is one idempotent DELETE.</summary>
public sealed class IdempotencyCleanup(IServiceScopeFactory scopes, ILogger<IdempotencyCleanup> logger) : BackgroundService
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
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Purging idempotency records failed; will retry in an hour.");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

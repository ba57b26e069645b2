using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Live;

/// <summary>
/// On a database several app instances share (one with an <see cref="ICommitSignal"/>): brings every instance's
/// committed events, this one's included, into this process's <see cref="ChangeFeed"/>, in commit order. Each signal
/// (and every <see cref="Poll"/>, in case one went astray) reads the table after the last id published; after a lost
/// connection it reads what it missed before listening again, so nothing committed is ever left out.
/// </summary>
/// <remarks>
/// "After the last id" is gap-free only because ids follow commit order: on PostgreSQL each event takes its final id
/// at commit, one committing transaction at a time (migration <c>SearchAndCommitOrder</c>, Data/Postgres). Without a
/// signal (SQLite, one process) this does nothing and <see cref="ChangeFeedInterceptor"/> publishes at commit.
/// </remarks>
public sealed class ChangeFeedReader(
    IEnumerable<ICommitSignal> signals, IDbContextFactory<ApplicationDbContext> dbFactory, ChangeFeed feed, ILogger<ChangeFeedReader> logger)
    : BackgroundService
{
    private const int Batch = 500;
    internal static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxReconnectWait = TimeSpan.FromSeconds(10);

    private readonly ICommitSignal? _signal = signals.FirstOrDefault();
    private long _lastId;

    /// <summary>Events committed before start-up are history, replayed from the table by whoever asks for them.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_signal is null) return;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            _lastId = await db.ChangeEvents.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        feed.StartAfter(_lastId);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (_signal is null) return;
        var wait = TimeSpan.FromMilliseconds(250);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(Poll, stopping);
                wait = TimeSpan.FromMilliseconds(250);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Lost the database's change notifications; reading the table and listening again in {Wait}", wait);
                await Task.Delay(wait, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
                wait = TimeSpan.FromTicks(Math.Min(MaxReconnectWait.Ticks, wait.Ticks * 2));
            }
            try
            {
                await CatchUpAsync(stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "Reading the change feed's table failed; trying again");
            }
        }
    }

    /// <summary>Publishes every committed event after the last one published, oldest first.</summary>
    internal async Task CatchUpAsync(CancellationToken ct)
    {
        while (true)
        {
            List<ChangeEvent> events;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                events = await db.ChangeEvents.AsNoTracking().Where(e => e.Id > _lastId).OrderBy(e => e.Id).Take(Batch).ToListAsync(ct);
            if (events.Count == 0) return;
            _lastId = events[^1].Id;
            feed.Publish(events);
            if (events.Count < Batch) return;
        }
    }
}

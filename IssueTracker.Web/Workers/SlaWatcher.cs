using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Workers;

/// <summary>
/// Tells of SLA deadlines as the clock reaches them: an issue becoming due soon or breached changes through the write
/// path as the Quality monitor (<c>IssueChange.SetSla</c>): a history line, a new version, one <c>issue.updated</c>
/// event (<c>changes.sla</c>) and its assignee's and watchers' inbox lines, once per state. Runs on every instance: the
/// issue's version claims each state change (a second instance's save is a lost race and tells nothing).
/// </summary>
public sealed class SlaWatcher(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock, ILogger<SlaWatcher> logger) : BackgroundService
{
    private const int Batch = 200;
    // "Due soon" is at least minutes away from "breached" for any sensible SLA; a minute's lag is within its meaning.
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            try
            {
                while (await SweepAsync(stopping) == Batch) { }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "Looking for SLA deadlines failed; trying again shortly");
            }
        } while (await timer.WaitForNextTickAsync(stopping));
    }

    /// <summary>Tells of every SLA state reached and not yet told (at most one batch); returns how many it looked at.</summary>
    internal async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await db.Issues.AsNoTracking()
            .Where(i => (i.SlaBreachAt < now && i.SlaNotified != SlaState.Breached) || (i.SlaWarnAt <= now && i.SlaNotified == SlaState.Ok))
            .OrderBy(i => i.SlaWarnAt)
            .Take(Batch)
            .Select(i => i.Id)
            .ToListAsync(ct);
        foreach (var id in due) await TellAsync(db, id, now, ct);
        return due.Count;
    }

    private static async Task TellAsync(ApplicationDbContext db, Guid issueId, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RowLocks.LockIssueAsync(db, issueId, ct);
        var issue = await db.Issues.SingleOrDefaultAsync(i => i.Id == issueId, ct);
        // Gone, or told by another instance since the sweep read it.
        if (issue is null || !(issue.SlaBreachAt < now && issue.SlaNotified != SlaState.Breached) && !(issue.SlaWarnAt <= now && issue.SlaNotified == SlaState.Ok))
            return;
        var change = IssueChange.Of(db, issue, SystemUsers.QualityMonitorId, now);
        change.SetSla(issue.SlaBreachAt < now ? SlaState.Breached : SlaState.DueSoon);
        try
        {
            await change.SaveAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (ConflictException)
        {
            // Another instance (or a person) changed the issue at the same time: the next sweep looks again.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

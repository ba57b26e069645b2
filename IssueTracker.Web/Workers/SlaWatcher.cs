using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Workers;

/// <summary>
/// Tells of SLA deadlines as the clock reaches them: an issue becoming due soon or breached gets one
/// <c>issue.updated</c> event (<c>changes.sla</c>) on the change feed, and its assignee and watchers an inbox line, once
/// per state. Not a change of the issue (no history, same version). Runs on every instance: a conditional update
/// claims each state change, so exactly one instance tells it.
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
            .Select(i => new Reached(i.Id, i.SpaceId, i.Number, i.AlertId, i.Title, i.SlaNotified, i.SlaBreachAt, i.AcknowledgeBy, i.AcknowledgedAt, i.ResolveBy, i.AssigneeId))
            .ToListAsync(ct);
        foreach (var issue in due) await TellAsync(db, issue, now, ct);
        return due.Count;
    }

    private static async Task TellAsync(ApplicationDbContext db, Reached issue, DateTime now, CancellationToken ct)
    {
        var state = issue.BreachAt < now ? SlaState.Breached : SlaState.DueSoon;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The claim: only the instance whose update finds the state it read tells of it.
        var claimed = await db.Issues.Where(i => i.Id == issue.Id && i.SlaNotified == issue.Told)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.SlaNotified, state), ct);
        if (claimed == 0) return;

        var from = issue.Told == SlaState.Ok ? WireNames.Of(SlaState.Ok) : WireNames.Of(issue.Told);
        var changes = new JsonObject { ["sla"] = new JsonObject { ["from"] = from, ["to"] = WireNames.Of(state) } };
        var subject = new Issue { Id = issue.Id, SpaceId = issue.SpaceId, Number = issue.Number, AlertId = issue.AlertId };
        await ChangeEvents.AddAsync(db, SystemUsers.QualityMonitorId, issue.SpaceId, subject, [new PendingEvent(ChangeTypes.IssueUpdated, Changes: changes)], now, ct);

        var deadline = issue.AcknowledgeBy is { } ackBy && (issue.AcknowledgedAt is null || issue.AcknowledgedAt > ackBy) && ackBy <= (issue.ResolveBy ?? DateTime.MaxValue)
            ? ("acknowledge", ackBy)
            : ("resolve", issue.ResolveBy ?? issue.BreachAt ?? now);
        var summary = state == SlaState.Breached
            ? $"SLA breached: not {(deadline.Item1 == "acknowledge" ? "acknowledged" : "resolved")} by {deadline.Item2:yyyy-MM-dd HH:mm} UTC"
            : $"SLA due soon: {deadline.Item1} by {deadline.Item2:yyyy-MM-dd HH:mm} UTC";
        var type = state == SlaState.Breached ? NotificationType.SlaBreached : NotificationType.SlaDueSoon;
        // The assignee and watchers who still watch and can see the space.
        var people = await db.Users
            .Where(u => u.Id == issue.AssigneeId || db.IssueWatchers.Any(w => w.IssueId == issue.Id && w.UserId == u.Id && w.Watching))
            .Where(u => u.DeactivatedAt == null && !u.IsSystem && (u.IsAdmin || db.SpaceMembers.Any(m => m.SpaceId == issue.SpaceId && m.UserId == u.Id)))
            .Select(u => u.Id)
            .ToListAsync(ct);
        foreach (var person in people)
            db.Notifications.Add(new Notification
            {
                Id = Ids.New(now),
                UserId = person,
                IssueId = issue.Id,
                Type = type,
                ActorId = SystemUsers.QualityMonitorId,
                Summary = summary,
                CreatedAt = now,
            });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }

    private sealed record Reached(
        Guid Id, Guid SpaceId, int Number, Guid? AlertId, string Title, SlaState Told, DateTime? BreachAt,
        DateTime? AcknowledgeBy, DateTime? AcknowledgedAt, DateTime? ResolveBy, Guid? AssigneeId);
}

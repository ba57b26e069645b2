using System.Xml;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Triage;

/// <summary>
/// A space's SLA per priority (the OpenAPI document): read by its members, set by its admins. Setting it moves the deadlines of
/// the space's unresolved issues at once; a resolved issue keeps the SLA it was resolved under.
/// </summary>
/// <remarks>Errors: 404 for a space the actor cannot see; 403 below space admin; 400 for a bad duration.</remarks>
public sealed class SlaService(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>An SLA longer than this is a typo (P365D is the longest sensible "resolve within").</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(365);

    /// <summary>The space's SLA; null when the actor may not see the space.</summary>
    public async Task<SpaceSlaDto?> GetAsync(Guid spaceId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await Access.RoleInSpaceAsync(db, actorId, spaceId, ct) is null) return null;
        return ToDto(await db.SpaceSlas.AsNoTracking().Where(s => s.SpaceId == spaceId).ToListAsync(ct));
    }

    /// <summary>Replaces the space's SLA (space admins) and applies it to its unresolved issues.</summary>
    public async Task<SpaceSlaDto> SetAsync(Guid spaceId, SpaceSlaDto request, Guid actorId, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var rows = new List<SpaceSla>();
        foreach (var (priority, target) in ByPriority(request))
        {
            if (target is null) continue;
            var name = WireNames.Of(priority);
            var acknowledge = Duration(target.Acknowledge, $"{name}.acknowledge", errors);
            var resolve = Duration(target.Resolve, $"{name}.resolve", errors);
            if (acknowledge > resolve) errors.Add($"{name}.acknowledge", "Acknowledging cannot take longer than resolving.");
            if (acknowledge is not null || resolve is not null)
                rows.Add(new SpaceSla { SpaceId = spaceId, Priority = priority, AcknowledgeSeconds = (int?)acknowledge?.TotalSeconds, ResolveSeconds = (int?)resolve?.TotalSeconds });
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Access.Require(await Access.RoleInSpaceAsync(db, actorId, spaceId, ct), RoleRules.ManageSpaceRole, "Space", "changing the SLA");
        errors.ThrowIfAny();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SpaceSlas.Where(s => s.SpaceId == spaceId).ExecuteDeleteAsync(ct);
        db.SpaceSlas.AddRange(rows);
        await db.SaveChangesAsync(ct);
        await ApplyToOpenIssuesAsync(db, spaceId, rows, clock.GetUtcNow().UtcDateTime, ct);
        await tx.CommitAsync(ct);
        return ToDto(rows);
    }

    /// <summary>
    /// New deadlines for every unresolved issue of the space, read and written as the few columns they are (not whole
    /// issues with their descriptions). Not a change of the issue: no history, same version.
    /// </summary>
    private static async Task ApplyToOpenIssuesAsync(ApplicationDbContext db, Guid spaceId, List<SpaceSla> slas, DateTime now, CancellationToken ct)
    {
        var open = await db.Issues.AsNoTracking()
            .Where(i => i.SpaceId == spaceId && i.Status != IssueStatus.Resolved)
            .Select(i => new { i.Id, i.CreatedAt, i.Priority, i.Status, i.AcknowledgedAt, i.AcknowledgeBy, i.ResolveBy, i.SlaNotified, i.Version, i.ResolvedAt })
            .ToListAsync(ct);
        foreach (var row in open)
        {
            var issue = new Issue
            {
                Id = row.Id,
                CreatedAt = row.CreatedAt,
                Priority = row.Priority,
                Status = row.Status,
                AcknowledgedAt = row.AcknowledgedAt,
                AcknowledgeBy = row.AcknowledgeBy,
                ResolveBy = row.ResolveBy,
                SlaNotified = row.SlaNotified,
                Version = row.Version,
                ResolvedAt = row.ResolvedAt,
            };
            SlaRules.Apply(issue, slas.FirstOrDefault(s => s.Priority == row.Priority), now);
            db.Issues.Attach(issue);
            var entry = db.Entry(issue);
            foreach (var column in SlaColumns) entry.Property(column).IsModified = true;
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static readonly string[] SlaColumns =
        [nameof(Issue.AcknowledgeBy), nameof(Issue.ResolveBy), nameof(Issue.SlaWarnAt), nameof(Issue.SlaBreachAt), nameof(Issue.SlaNotified)];

    private static TimeSpan? Duration(string? raw, string field, ValidationErrors errors)
    {
        if (raw is null) return null;
        if (SlaDurations.Parse(raw) is not { } value)
        {
            errors.Add(field, "Expected a duration such as 30m, 4h, 2d or 1d 4h (or ISO 8601: PT30M, PT4H, P2D).");
            return null;
        }
        if (value <= TimeSpan.Zero || value > MaxDuration)
        {
            errors.Add(field, $"Must be longer than zero and at most {MaxDuration.TotalDays:0} days.");
            return null;
        }
        return value;
    }

    private static IEnumerable<(IssuePriority, SlaTargetDto?)> ByPriority(SpaceSlaDto dto) =>
        [(IssuePriority.Critical, dto.Critical), (IssuePriority.High, dto.High), (IssuePriority.Medium, dto.Medium), (IssuePriority.Low, dto.Low)];

    internal static SpaceSlaDto ToDto(IReadOnlyCollection<SpaceSla> rows)
    {
        SlaTargetDto? Target(IssuePriority p) => rows.FirstOrDefault(r => r.Priority == p) is { } r
            ? new SlaTargetDto { Acknowledge = Text(r.AcknowledgeSeconds), Resolve = Text(r.ResolveSeconds) }
            : null;
        return new SpaceSlaDto
        {
            Critical = Target(IssuePriority.Critical),
            High = Target(IssuePriority.High),
            Medium = Target(IssuePriority.Medium),
            Low = Target(IssuePriority.Low),
        };
    }

    private static string? Text(int? seconds) => seconds is { } s ? XmlConvert.ToString(TimeSpan.FromSeconds(s)) : null;
}

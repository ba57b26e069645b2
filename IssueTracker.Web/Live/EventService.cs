using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Live;

/// <summary>
/// Reading the change feed as one person may: replay from the event table by id (kept <see cref="Retention"/>), and
/// whom a live event may reach. The live side is <see cref="ChangeFeed"/>; <c>GET /api/events</c> and the pages use both.
/// </summary>
/// <remarks>Errors: 400 for an unknown event type.</remarks>
public sealed class EventService(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Events are kept at least this long for resuming streams (README, "Follow changes live": 7 days).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// <summary>The most events one replay read returns; a stream reads again until it has caught up.</summary>
    public const int ReplayBatch = 500;

    /// <summary>What a person may see of the feed now: null when they are gone or deactivated.</summary>
    public async Task<Audience?> AudienceAsync(Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Users.AnyAsync(u => u.Id == actorId && u.DeactivatedAt == null, ct)) return null;
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        return new Audience(spaces is null ? null : spaces.ToHashSet());
    }

    /// <summary>The newest event id now (0 for none): a stream that does not resume starts after it.</summary>
    public async Task<long> LatestIdAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ChangeEvents.MaxAsync(e => (long?)e.Id, ct) ?? 0;
    }

    /// <summary>Up to <see cref="ReplayBatch"/> events after <paramref name="afterId"/>, oldest first, that the audience may see.</summary>
    public async Task<IReadOnlyList<ChangeEvent>> ReplayAsync(long afterId, EventFilter filter, Audience audience, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var since = clock.GetUtcNow().UtcDateTime - Retention;
        var events = db.ChangeEvents.AsNoTracking().Where(e => e.Id > afterId && e.At >= since && e.Type != ChangeTypes.AccessChanged);
        if (filter.SpaceId is { } spaceId) events = events.Where(e => e.SpaceId == spaceId);
        if (filter.IssueId is { } issueId) events = events.Where(e => e.IssueId == issueId);
        // In the query, before the batch is cut: filtered afterwards, a batch of other types looked like the end.
        if (filter.Types is { Count: > 0 } wanted)
        {
            var types = wanted.ToList();
            events = events.Where(e => types.Contains(e.Type));
        }
        if (audience.Spaces is { } visible)
        {
            var spaces = visible.ToList();
            events = events.Where(e => spaces.Contains(e.SpaceId));
        }
        return await events.OrderBy(e => e.Id).Take(ReplayBatch).ToListAsync(ct);
    }

    /// <summary>Reads a comma list of event types; an unknown one is a 400 naming the known ones.</summary>
    public static IReadOnlySet<string>? ParseTypes(string? raw, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        // Any case, as every enum the API reads; the set holds the names as events carry them.
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (ChangeTypes.Named(part) is { } type) types.Add(type);
            else errors.Add("types", $"'{part}' is not one of {string.Join(", ", ChangeTypes.All)}.");
        }
        return types;
    }

    /// <summary>Whether a live event goes to a stream with this filter and audience.</summary>
    public static bool Reaches(ChangeEvent e, EventFilter filter, Audience audience) =>
        !AccessEvents.IsInternal(e)
        && (audience.Spaces is null || audience.Spaces.Contains(e.SpaceId))
        && (filter.SpaceId is null || filter.SpaceId == e.SpaceId)
        && (filter.IssueId is null || filter.IssueId == e.IssueId)
        && (filter.Types is not { Count: > 0 } types || types.Contains(e.Type));

    /// <summary>
    /// The event as <paramref name="audience"/> may read it: an issue of a space they cannot see is never named (a
    /// link to one reads "blocks an issue you cannot see", and a duplicate's id is left out).
    /// </summary>
    public static EventDto ToDto(ChangeEvent e, Audience audience) => new(e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Type, e.At,
        new UserRef(e.ActorId, e.ActorName), e.SpaceId, e.IssueId, e.IssueKey)
    {
        Changes = e.Changes is null ? null : VisibleChanges(e, audience).ToJson(),
        CommentId = e.CommentId,
        AlertId = e.AlertId,
    };

    /// <summary>The words that stand for an issue the reader cannot see.</summary>
    public const string HiddenIssue = ChangeText.HiddenIssue;

    /// <summary>What changed, as <paramref name="audience"/> may read it (see <see cref="ToDto"/>).</summary>
    internal static FieldChanges VisibleChanges(ChangeEvent e, Audience audience)
    {
        var changes = FieldChanges.Parse(e.Changes);
        if (e.OtherSpaceIds is null || audience.Spaces is not { } visible
            || e.OtherSpaceIds.Split(',').All(id => visible.Contains(Guid.Parse(id)))) return changes;
        return changes with
        {
            DuplicateOf = null,
            Links = changes.Links is { } links ? new Change<string?>(Hidden(links.From), Hidden(links.To)) : null,
        };
        static string? Hidden(string? described) => described is null ? null : described[..(described.LastIndexOf(' ') + 1)] + HiddenIssue;
    }

    /// <summary>Deletes events past twice the retention; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cutoff = clock.GetUtcNow().UtcDateTime - 2 * Retention;
        return await db.ChangeEvents.Where(e => e.At < cutoff).ExecuteDeleteAsync(ct);
    }
}

/// <summary>The spaces whose events a person may receive; null means all (an instance admin).</summary>
public sealed record Audience(IReadOnlySet<Guid>? Spaces);

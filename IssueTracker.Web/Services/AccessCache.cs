using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace IssueTracker.Web.Services;

/// <summary>
/// What a bearer token resolves to and which spaces a person may see, kept in this instance's memory between requests
/// (bench/RESULTS.md, "Per-request budget", has what the two reads cost on every request).
/// </summary>
/// <remarks>
/// Every change to what someone may see or do (a revoked token, a deactivation, a role or membership change) writes an
/// <c>access.changed</c> event to the change feed in its own transaction (<c>AccessEvents</c>). Each entry
/// remembers the newest such event when it was read, and a request uses it only while that is still the newest: one
/// index seek per request (<see cref="StampAsync"/>), so a change committed through any instance is in force from the
/// very next request on every instance. Listening to the feed instead would hear another instance's commit a moment
/// later, and for that moment a revoked token would still work. Any access change retires every entry: such changes are rare.
/// Expiry is checked against the clock on every use. Unknown tokens are never kept.
/// </remarks>
public sealed class AccessCache
{
    /// <summary>Beyond this many entries the cache starts over, so its memory stays bounded whatever callers send.</summary>
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (long Stamp, TokenRead Token)> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, (long Stamp, Guid[]? Spaces)> _spaces = new();

    /// <summary>A token as the database had it when read: its person's state included.</summary>
    internal sealed record TokenRead(Guid Id, Guid UserId, string Scopes, DateTime? ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt, DateTime? UserDeactivatedAt);

    // Compiled: it runs on every authenticated request. An index on (Type, Id) answers it with one seek.
    private static readonly PerModel<Func<ApplicationDbContext, CancellationToken, Task<long?>>> NewestAccessChange =
        new(() => EF.CompileAsyncQuery((ApplicationDbContext db, CancellationToken ct) =>
            db.ChangeEvents.Where(e => e.Type == ChangeTypes.AccessChanged).Max(e => (long?)e.Id)));

    /// <summary>The id of the newest access change in the feed (0 when there is none): what an entry must still match.</summary>
    public static async Task<long> StampAsync(ApplicationDbContext db, CancellationToken ct) =>
        await NewestAccessChange.For(db)(db, ct) ?? 0;

    /// <summary>
    /// The instance's cache, from the application's services the context was made with; null for a context made
    /// without them (a tool or test building its own options), which then reads every time.
    /// </summary>
    internal static AccessCache? Of(ApplicationDbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService(typeof(AccessCache)) as AccessCache;

    internal TokenRead? Token(string hash, long stamp) =>
        _tokens.TryGetValue(hash, out var entry) && entry.Stamp == stamp ? entry.Token : null;

    internal void Keep(string hash, long stamp, TokenRead token)
    {
        Bound(_tokens);
        _tokens[hash] = (stamp, token);
    }

    /// <summary>The visible spaces read at <paramref name="stamp"/>; false when there is no such entry. Null spaces mean all (instance admin).</summary>
    internal bool TrySpaces(Guid userId, long stamp, out Guid[]? spaces)
    {
        if (_spaces.TryGetValue(userId, out var entry) && entry.Stamp == stamp)
        {
            spaces = entry.Spaces;
            return true;
        }
        spaces = null;
        return false;
    }

    internal void Keep(Guid userId, long stamp, Guid[]? spaces)
    {
        Bound(_spaces);
        _spaces[userId] = (stamp, spaces);
    }

    private static void Bound<TKey, TValue>(ConcurrentDictionary<TKey, TValue> entries) where TKey : notnull
    {
        if (entries.Count >= MaxEntries) entries.Clear();
    }
}

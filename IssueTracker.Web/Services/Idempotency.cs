using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

/// <summary>
/// <c>Idempotency-Key</c> handling, following the IETF draft: <see cref="RunOnceAsync{T}"/> claims the key before the
/// work, the work completes it in its own transaction (<see cref="CompleteAsync{T}"/>), and a failure releases it, so a
/// failed request leaves nothing behind and a retry of a finished one gets the first result back.
/// </summary>
/// <remarks>
/// A claim older than <see cref="AbandonedAfter"/> that never completed belonged to a process that died mid-request;
/// the next retry takes it over instead of answering 409 forever.
/// </remarks>
public sealed class Idempotency(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);
    /// <summary>Completed keys are kept at least this long (the contract says 24 hours).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>
    /// Runs <paramref name="work"/> once per user and key. Without a key it just runs (with a null claim). With one, a
    /// retry of a finished request returns its first result with <c>Replayed</c> set and runs nothing; the work must
    /// call <see cref="CompleteAsync{T}"/> with the claim inside its transaction.
    /// </summary>
    /// <exception cref="ConflictException">The same key is still in flight.</exception>
    /// <exception cref="UnprocessableException">The key was used with a different request.</exception>
    public async Task<(T Result, bool Replayed)> RunOnceAsync<T>(
        Guid userId, string? key, string operation, object request, Func<IdempotencyClaim?, Task<T>> work, CancellationToken ct)
    {
        if (key is null) return (await work(null), false);
        var earlier = await ClaimAsync(userId, key, operation, request, ct);
        if (earlier is not null) return (JsonSerializer.Deserialize<T>(earlier)!, true);
        var claim = new IdempotencyClaim(userId, operation, key);
        try
        {
            return (await work(claim), false);
        }
        catch
        {
            await ReleaseAsync(claim, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Marks the claimed key done with its result, in the caller's transaction (one statement).</summary>
    public Task CompleteAsync<T>(ApplicationDbContext db, IdempotencyClaim claim, T result, CancellationToken ct) =>
        StoreAsync(db, claim, JsonSerializer.Serialize(result), ct);

    private async Task StoreAsync(ApplicationDbContext db, IdempotencyClaim claim, string body, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.IdempotencyRecords.Where(r => r.UserId == claim.UserId && r.Operation == claim.Operation && r.Key == claim.Key)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CompletedAt, now).SetProperty(r => r.ResponseBody, body), ct);
    }

    /// <summary>
    /// Marks the claimed key done with its answer, on its own, right after the work committed: for the creates whose
    /// services know nothing of keys (<c>Api/IdempotentCreateFilter</c>).
    /// </summary>
    public async Task CompleteAsync(IdempotencyClaim claim, string answer, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await StoreAsync(db, claim, answer, ct);
    }

    /// <summary>
    /// The stored result of an earlier request with this key to this operation, or null when this call now owns the key
    /// (it then completes or releases it). A key is the caller's and the operation's: the same key sent to another
    /// endpoint is another key.
    /// </summary>
    public async Task<string?> ClaimAsync(Guid userId, string key, string operation, object request, CancellationToken ct)
    {
        if (key.Length is 0 or > MaxKeyLength)
            throw new ValidationException("idempotency_key", $"Idempotency-Key must be 1 to {MaxKeyLength} characters.");
        var hash = Hash(request);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var existing = await db.IdempotencyRecords.SingleOrDefaultAsync(r => r.UserId == userId && r.Operation == operation && r.Key == key, ct);
            if (existing is not null)
            {
                if (existing.RequestHash != hash)
                    throw new UnprocessableException("This Idempotency-Key was already used with a different request.");
                if (existing.CompletedAt is not null) return existing.ResponseBody;
                if (now - existing.CreatedAt < AbandonedAfter) throw InProgress();
                // Take over an abandoned claim, unless another retry just did.
                var taken = await db.IdempotencyRecords
                    .Where(r => r.UserId == userId && r.Operation == operation && r.Key == key && r.CompletedAt == null && r.CreatedAt == existing.CreatedAt)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, now), ct);
                if (taken == 1) return null;
                throw InProgress();
            }

            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                UserId = userId,
                Key = key,
                Operation = operation,
                RequestHash = hash,
                CreatedAt = now,
            });
            try
            {
                await db.SaveChangesAsync(ct);
                return null;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another request claimed the key between our read and insert: read what it left.
            }
        }
    }

    // A create takes well under a second; a retry then gets its result (or takes over a claim its process left).
    private static ConflictException InProgress() =>
        new("A request with this Idempotency-Key is still in progress; retry in a second.") { RetryAfter = TimeSpan.FromSeconds(1) };

    /// <summary>Frees the key after the work failed, so a corrected retry may use it.</summary>
    public async Task ReleaseAsync(IdempotencyClaim claim, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.IdempotencyRecords.Where(r => r.UserId == claim.UserId && r.Operation == claim.Operation && r.Key == claim.Key && r.CompletedAt == null)
            .ExecuteDeleteAsync(ct);
    }

    /// <summary>Deletes records past twice the retention; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cutoff = clock.GetUtcNow().UtcDateTime - 2 * Retention;
        return await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    private static string Hash(object request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, request.GetType()))));
}

/// <summary>The key a piece of work owns while it runs; passed back to <see cref="Idempotency.CompleteAsync{T}"/>.</summary>
public sealed record IdempotencyClaim(Guid UserId, string Operation, string Key);

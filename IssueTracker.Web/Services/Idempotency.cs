using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IssueTracker.Web.Data;
using IssueTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

/// <summary>
/// <c>Idempotency-Key</c> handling, following the IETF draft: the key is claimed before the work, completed in the
/// work's own transaction, and released if the work fails, so a failed request leaves nothing behind.
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

    /// <summary>The stored response of an earlier request with this key, or null when this call now owns the key.</summary>
    /// <exception cref="ConflictException">The same key is still in flight.</exception>
    /// <exception cref="UnprocessableException">The key was used with a different request.</exception>
    public async Task<string?> ClaimAsync(Guid userId, string key, string operation, object request, CancellationToken ct)
    {
        if (key.Length is 0 or > MaxKeyLength)
            throw new ValidationException("idempotency_key", $"Idempotency-Key must be 1 to {MaxKeyLength} characters.");
        var hash = Hash(request);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var existing = await db.IdempotencyRecords.SingleOrDefaultAsync(r => r.UserId == userId && r.Key == key, ct);
            if (existing is not null)
            {
                if (existing.Operation != operation || existing.RequestHash != hash)
                    throw new UnprocessableException("This Idempotency-Key was already used with a different request.");
                if (existing.CompletedAt is not null) return existing.ResponseBody;
                if (now - existing.CreatedAt < AbandonedAfter)
                    throw new ConflictException("A request with this Idempotency-Key is still in progress; retry later.");
                // Take over an abandoned claim, unless another retry just did.
                var taken = await db.IdempotencyRecords
                    .Where(r => r.UserId == userId && r.Key == key && r.CompletedAt == null && r.CreatedAt == existing.CreatedAt)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, now), ct);
                if (taken == 1) return null;
                throw new ConflictException("A request with this Idempotency-Key is still in progress; retry later.");
            }

            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                UserId = userId, Key = key, Operation = operation, RequestHash = hash, CreatedAt = now,
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

    /// <summary>Marks the key done with its response, in the caller's transaction.</summary>
    public async Task CompleteAsync(ApplicationDbContext db, Guid userId, string key, int status, string responseBody, CancellationToken ct)
    {
        var record = await db.IdempotencyRecords.SingleAsync(r => r.UserId == userId && r.Key == key, ct);
        record.CompletedAt = clock.GetUtcNow().UtcDateTime;
        record.ResponseStatus = status;
        record.ResponseBody = responseBody;
    }

    /// <summary>Frees the key after the work failed, so a corrected retry may use it.</summary>
    public async Task ReleaseAsync(Guid userId, string key, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.IdempotencyRecords.Where(r => r.UserId == userId && r.Key == key && r.CompletedAt == null).ExecuteDeleteAsync(ct);
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

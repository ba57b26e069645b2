using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Accounts;

/// <summary>
/// Personal access tokens: <c>itk_</c> + 256 random bits. Only the SHA-256 hash is stored (a slow hash buys nothing
/// against guessing 256 random bits, and the lookup must be fast). A user only ever sees their own tokens.
/// </summary>
/// <remarks>
/// A token carries scopes (read, write, admin) and authenticates only while it is not revoked or expired
/// and its person is active. A token creates tokens only within its own scopes and expiry, and revoking it revokes
/// every token made through it.
/// Errors: 400 for a missing name, an expiry in the past or beyond the creating token's, or scopes beyond it; 404 for
/// another user's token.
/// </remarks>
public sealed class TokenService(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock, ILogger<TokenService> logger)
{
    public const int MaxNameLength = FieldLimits.Name;
    public const string ValuePrefix = "itk_";
    private const int MinConfiguredLength = 20;
    /// <summary>Last use is written at most this often per token, so authenticated reads stay reads.</summary>
    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    /// <summary>What a token a person creates may do when they do not say: read and write, not admin.</summary>
    public static readonly IReadOnlyList<TokenScope> DefaultScopes = [TokenScope.Read, TokenScope.Write];

    /// <summary>
    /// Creates a token for the actor. <paramref name="creator"/> is the token the request came with (null for a person
    /// signed in): the new token gets no scope it lacks and, when it expires, no later expiry (by default its expiry).
    /// </summary>
    public async Task<CreatedTokenDto> CreateAsync(CreateTokenRequest request, Guid actorId, TokenGrant? creator = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new ValidationErrors();
        var name = TextRules.Line(request.Name, "name", "Name", MaxNameLength, errors);
        var expiresAt = request.ExpiresAt?.ToUniversalTime() ?? creator?.ExpiresAt;
        if (expiresAt <= now) errors.Add("expires_at", "Expiry must be in the future.");
        else if (creator?.ExpiresAt is { } limit && (expiresAt is null || expiresAt > limit))
            errors.Add("expires_at", $"A token can create tokens that expire no later than itself ({limit:yyyy-MM-dd HH:mm} UTC).");
        var scopes = (request.Scopes ?? DefaultScopes).Distinct().Order().ToList();
        if (scopes.Count == 0) errors.Add("scopes", "A token needs at least one scope: read, write or admin.");
        if (creator is not null && scopes.Except(creator.Scopes).ToList() is { Count: > 0 } beyond)
            errors.Add("scopes", $"A token can grant only scopes it has ({string.Join(", ", creator.Scopes.Select(WireNames.Of))}), not {string.Join(", ", beyond.Select(WireNames.Of))}.");
        errors.ThrowIfAny();

        var value = ValuePrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var token = await AddAsync(actorId, name!, value, scopes, expiresAt, ct, parentId: creator?.TokenId);
        return new CreatedTokenDto(token.Id, token.Name, value, token.Prefix, scopes, token.CreatedAt, token.ExpiresAt);
    }

    public async Task<PagedResult<TokenDto>> ListAsync(int page, int size, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tokens = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == actorId && t.RevokedAt == null)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new { t.Id, t.Name, t.Prefix, t.Scopes, t.CreatedAt, t.ExpiresAt, t.LastUsedAt })
            .ToPageAsync(page, size, ct);
        return new PagedResult<TokenDto>(
            tokens.Items.Select(t => new TokenDto(t.Id, t.Name, t.Prefix, ParseScopes(t.Scopes), t.CreatedAt, t.ExpiresAt, t.LastUsedAt)).ToList(),
            tokens.Total, tokens.Page, tokens.Size);
    }

    /// <summary>
    /// Revokes one of the actor's tokens and every token made through it (a script's token cannot outlive the token
    /// that made it); none authenticates again, and configuration does not bring them back.
    /// </summary>
    public async Task RevokeAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var revoked = await db.PersonalAccessTokens.Where(t => t.Id == id && t.UserId == actorId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        if (revoked == 0) throw new NotFoundException("Token");
        // One generation at a time, down the tree; a child revoked earlier still has its own children revoked now.
        var ended = new List<Guid> { id };
        for (List<Guid> parents = [id]; parents.Count > 0;)
        {
            var children = await db.PersonalAccessTokens.Where(t => t.ParentId != null && parents.Contains(t.ParentId.Value)).Select(t => t.Id).ToListAsync(ct);
            await db.PersonalAccessTokens.Where(t => children.Contains(t.Id) && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
            ended.AddRange(children);
            parents = children;
        }
        // Streams opened with any of them end at once, on every instance.
        AccessEvents.Add(db, actorId, actorId, now, tokenIds: ended);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Whether a token still authenticates (not revoked, not expired, its person active): what an open event stream
    /// asks every few seconds, so it ends soon after its token does.
    /// </summary>
    public async Task<bool> IsValidAsync(Guid tokenId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Access.TokenHoldsAsync(db, tokenId, clock.GetUtcNow().UtcDateTime, ct);
    }

    // Compiled: this runs on every API request whose token the instance has not resolved since the last access change.
    // The person comes in the same command: a deactivated person's tokens stop at once.
    private static readonly PerModel<Func<ApplicationDbContext, string, CancellationToken, Task<AccessCache.TokenRead?>>> TokenByHash =
        new(() => EF.CompileAsyncQuery((ApplicationDbContext db, string hash, CancellationToken ct) => db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Select(t => new AccessCache.TokenRead(t.Id, t.UserId, t.Scopes, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.User.DeactivatedAt))
            .SingleOrDefault()));

    /// <summary>The user a token value belongs to, or null when it does not authenticate. Records the use.</summary>
    public async Task<Guid?> AuthenticateAsync(string value, CancellationToken ct = default) =>
        (await AuthenticateTokenAsync(value, ct))?.UserId;

    /// <summary>
    /// What a token value may do: its user, scopes and expiry; null when it is unknown, revoked or expired, or its
    /// person is deactivated. Records the use.
    /// </summary>
    public async Task<TokenGrant?> AuthenticateTokenAsync(string value, CancellationToken ct = default)
    {
        var hash = Hash(value);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The instance's cache holds the token as read since the last access change (AccessCache says why that is
        // exact); revocation, expiry and deactivation are checked below either way.
        var cache = AccessCache.Of(db);
        var stamp = cache is null ? 0 : await AccessCache.StampAsync(db, ct);
        var token = cache?.Token(hash, stamp);
        if (token is null)
        {
            token = await TokenByHash.For(db)(db, hash, ct);
            if (token is not null) cache?.Keep(hash, stamp, token);
        }
        if (token is null || token.ExpiresAt <= now || token.RevokedAt is not null || token.UserDeactivatedAt is not null) return null;
        if (token.LastUsedAt is null || now - token.LastUsedAt >= LastUseResolution)
        {
            try
            {
                await db.PersonalAccessTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
                cache?.Keep(hash, stamp, token with { LastUsedAt = now });
            }
            catch (Exception e) when (DatabaseErrors.IsBusy(e))
            {
                // The last-use stamp is bookkeeping: a database busy beyond its timeout must not fail the request it rides on.
                logger.LogWarning("Token {Id}: last use not recorded, the database stayed busy", token.Id);
            }
        }
        return new TokenGrant(token.UserId, ParseScopes(token.Scopes), token.ExpiresAt, token.Id);
    }

    /// <summary>
    /// Registers a token with a value chosen by configuration, with every scope; does nothing when it exists already,
    /// also when it was revoked (a revoked configured token stays revoked across restarts).
    /// </summary>
    internal async Task EnsureAsync(Guid userId, string name, string value, CancellationToken ct)
    {
        if (value.Length < MinConfiguredLength)
            throw new InvalidOperationException($"A configured API token must be at least {MinConfiguredLength} characters long.");
        var hash = Hash(value);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var owner = await db.PersonalAccessTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.UserId).SingleOrDefaultAsync(ct);
            if (owner == userId) return;
            if (owner is not null) throw new InvalidOperationException("The configured API token already belongs to another user.");
        }
        await AddAsync(userId, name, value, Enum.GetValues<TokenScope>(), expiresAt: null, ct);
    }

    private async Task<PersonalAccessToken> AddAsync(
        Guid userId, string name, string value, IReadOnlyCollection<TokenScope> scopes, DateTime? expiresAt, CancellationToken ct, Guid? parentId = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new PersonalAccessToken
        {
            Id = Ids.New(now),
            UserId = userId,
            Name = name,
            TokenHash = Hash(value),
            Prefix = value[..Math.Min(8, value.Length)],
            Scopes = string.Join(' ', scopes.Select(WireNames.Of)),
            CreatedAt = now,
            ExpiresAt = expiresAt,
            ParentId = parentId,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return token;
    }

    private static IReadOnlyList<TokenScope> ParseScopes(string scopes) =>
        scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => WireNames.TryParse<TokenScope>(s, out var scope) ? scope : (TokenScope?)null)
            .OfType<TokenScope>().ToList();

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}


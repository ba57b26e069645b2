using Microsoft.AspNetCore.Identity;

namespace IssueTracker.Tests.Infrastructure;

/// <summary>Identity's own hasher, counting its work: what makes a sign-in or registration slow, and so what must not differ by account.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<ApplicationUser>
{
    private readonly PasswordHasher<ApplicationUser> _inner = new();
    private int _work;

    /// <summary>Hashes made and checked so far.</summary>
    public int Work => Volatile.Read(ref _work);

    public string HashPassword(ApplicationUser user, string password)
    {
        Interlocked.Increment(ref _work);
        return _inner.HashPassword(user, password);
    }

    public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _work);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

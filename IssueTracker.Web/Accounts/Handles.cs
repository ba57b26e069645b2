using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Accounts;

/// <summary>
/// A person's handle (<c>@priya</c>): unique, lower case, 2 to 32 of <c>a-z 0-9 . _ -</c>. By default the email's
/// local part, made valid and unique (<c>priya.patel</c>, <c>priya.patel-2</c>).
/// </summary>
public static partial class Handles
{
    public const int MaxLength = 32;

    [GeneratedRegex("^[a-z0-9._-]{2,32}$")]
    public static partial Regex Pattern();

    /// <summary>Null when valid; else the reason, for a field error.</summary>
    public static string? Problem(string? handle) =>
        handle is not null && Pattern().IsMatch(handle) ? null : "A handle is 2 to 32 lower-case letters, digits, dots, dashes or underscores.";

    /// <summary>The handle an email suggests, valid but not yet checked for uniqueness.</summary>
    public static string FromEmail(string email)
    {
        var local = email.Split('@')[0].ToLowerInvariant();
        var handle = new StringBuilder();
        foreach (var c in local)
            handle.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-' ? c : '-');
        var text = handle.ToString().Trim('.', '-', '_');
        if (text.Length > MaxLength - 4) text = text[..(MaxLength - 4)];
        return text.Length >= 2 ? text : "user";
    }

    /// <summary><paramref name="wanted"/>, or the first of <c>wanted-2</c>, <c>wanted-3</c> … that nobody has.</summary>
    internal static async Task<string> UniqueAsync(ApplicationDbContext db, string wanted, CancellationToken ct)
    {
        var taken = await db.Users.Where(u => u.Handle != null && (u.Handle == wanted || u.Handle.StartsWith(wanted + "-")))
            .Select(u => u.Handle!).ToListAsync(ct);
        if (!taken.Contains(wanted)) return wanted;
        for (var n = 2; ; n++)
        {
            var candidate = $"{wanted}-{n}";
            if (!taken.Contains(candidate)) return candidate;
        }
    }

    /// <summary>Gives every person without a handle (accounts made before handles existed) their default one.</summary>
    internal static async Task BackfillAsync(IDbContextFactory<ApplicationDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var user in await db.Users.Where(u => u.Handle == null).OrderBy(u => u.CreatedAt).ToListAsync(ct))
        {
            user.Handle = await UniqueAsync(db, FromEmail(user.Email ?? "user"), ct);
            await db.SaveChangesAsync(ct);
        }
    }
}

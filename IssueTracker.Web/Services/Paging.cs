using IssueTracker.Web.Contracts;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

internal static class Paging
{
    public static void Validate(int page, int size)
    {
        var errors = new ValidationErrors();
        if (page < 1) errors.Add("page", "Page must be 1 or more.");
        if (size is < 1 or > PageRequest.MaxSize) errors.Add("size", $"Size must be between 1 and {PageRequest.MaxSize}.");
        errors.ThrowIfAny();
    }

    /// <summary>Counts, then reads one page: two commands whatever the page size.</summary>
    public static async Task<PagedResult<T>> ToPageAsync<T>(this IQueryable<T> ordered, int page, int size, CancellationToken ct)
    {
        Validate(page, size);
        var total = await ordered.CountAsync(ct);
        var items = total <= (page - 1) * size
            ? []
            : await ordered.Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new PagedResult<T>(items, total, page, size);
    }
}

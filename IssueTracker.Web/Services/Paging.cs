using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

internal static class Paging
{
    public static void Validate(int page, int size)
    {
        var errors = new ValidationErrors();
        if (page is < 1 or > PageRequest.MaxPage) errors.Add("page", $"Page must be between 1 and {PageRequest.MaxPage:N0}.");
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

    /// <summary>The most a "latest N" read returns: the detail page grows its window in steps up to this.</summary>
    public const int MaxLatest = 1000;

    public static void ValidateLatest(int count)
    {
        var errors = new ValidationErrors();
        if (count is < 1 or > MaxLatest) errors.Add("count", $"Count must be between 1 and {MaxLatest}.");
        errors.ThrowIfAny();
    }

    /// <summary>
    /// The newest <paramref name="count"/> items of a newest-first query, returned oldest first with the total: the
    /// detail page shows the recent end of a long history or thread without reading the rest. Two commands.
    /// </summary>
    public static async Task<PagedResult<T>> ToLatestAsync<T>(this IQueryable<T> newestFirst, int count, CancellationToken ct)
    {
        ValidateLatest(count);
        var total = await newestFirst.CountAsync(ct);
        var items = total == 0 ? [] : await newestFirst.Take(count).ToListAsync(ct);
        items.Reverse();
        return new PagedResult<T>(items, total, 1, count);
    }
}

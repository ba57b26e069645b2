namespace IssueTracker.Web.Contracts;

/// <summary>The shape of every collection: <c>{"items": [...], "total": N, "page": P, "size": S}</c>.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int Size);

/// <summary>Page (1–100,000) and size (1–100) of a collection request.</summary>
public sealed record PageRequest(int Page = 1, int Size = 20)
{
    public const int MaxSize = 100;
    /// <summary>The last page one may ask for: beyond it <c>(page - 1) * size</c> would overflow; a longer walk uses filters.</summary>
    public const int MaxPage = 100_000;
}

using IssueTracker.Web.Data;
using IssueTracker.Web.Domain;

namespace IssueTracker.Web.Services;

/// <summary>Adds history lines to the context; they are saved by the same SaveChanges as the change itself.</summary>
internal static class History
{
    // History keeps what a value read like at the time; long texts (descriptions, comments) are cut to an excerpt.
    private const int MaxValueLength = 1000;

    public static void Add(ApplicationDbContext db, Guid issueId, IssueEventKind kind, string? oldValue, string? newValue, Guid actorId, DateTime at)
    {
        db.IssueEvents.Add(new IssueEvent
        {
            Id = Ids.New(at),
            IssueId = issueId,
            Kind = kind,
            OldValue = Excerpt(oldValue),
            NewValue = Excerpt(newValue),
            ActorId = actorId,
            CreatedAt = at,
        });
    }

    private static string? Excerpt(string? value) =>
        value is null || value.Length <= MaxValueLength ? value : value[..(MaxValueLength - 1)] + "…";

    public static string Value(IssueStatus status) => status switch
    {
        IssueStatus.Open => "open",
        IssueStatus.InProgress => "in_progress",
        _ => "resolved",
    };

    public static string Value(IssuePriority priority) => priority.ToString().ToLowerInvariant();
}

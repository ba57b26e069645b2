namespace IssueTracker.Web.Domain;

/// <summary>
/// A person's choice about hearing of an issue. <see cref="Watching"/> false is kept rather than deleted: someone who
/// unwatched stays unwatched when they later comment or are mentioned (automatic watching never overrides a choice).
/// </summary>
public class IssueWatcher
{
    public Guid IssueId { get; set; }
    public Guid UserId { get; set; }
    public bool Watching { get; set; }
    public DateTime CreatedAt { get; set; }

    public Issue Issue { get; set; } = null!;
}

namespace IssueTracker.Web.Domain;

/// <summary>One line of an issue's history, written in the same transaction as the change it records.</summary>
public class IssueEvent
{
    public Guid Id { get; set; }
    public Guid IssueId { get; set; }
    public IssueEventKind Kind { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public Guid ActorId { get; set; }
    /// <summary>The comment a comment line is about; its words are cleared from the history when it is deleted.</summary>
    public Guid? CommentId { get; set; }
    public DateTime CreatedAt { get; set; }

    public Issue Issue { get; set; } = null!;
    public ApplicationUser Actor { get; set; } = null!;
}

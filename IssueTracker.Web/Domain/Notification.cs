namespace IssueTracker.Web.Domain;

/// <summary>One line in a person's inbox, written in the transaction of the change it tells of.</summary>
public class Notification
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid IssueId { get; set; }
    public NotificationType Type { get; set; }
    public Guid ActorId { get; set; }
    /// <summary>The comment the line quotes, if it quotes one: deleting the comment takes its words out of the line.</summary>
    public Guid? CommentId { get; set; }
    /// <summary>What happened, in a line ("changed status from Open to In progress"), as it read at the time.</summary>
    public string Summary { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }

    public Issue Issue { get; set; } = null!;
}

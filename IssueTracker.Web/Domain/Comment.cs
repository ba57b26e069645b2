namespace IssueTracker.Web.Domain;

public class Comment
{
    public Guid Id { get; set; }
    public Guid IssueId { get; set; }
    public Guid AuthorId { get; set; }
    public string Content { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? EditedAt { get; set; }

    public Issue Issue { get; set; } = null!;
    public ApplicationUser Author { get; set; } = null!;
}

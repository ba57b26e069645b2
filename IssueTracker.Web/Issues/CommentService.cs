using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Issues;

/// <summary>
/// Comments on issues. Anyone who can see an issue (viewers too) may comment; only a comment's author edits or deletes
/// it. Each change writes a history line and moves the issue's <c>updated_at</c>, in one transaction.
/// </summary>
/// <remarks>Errors: 404 for an issue or comment the actor cannot see; 400 for bad content; 403 for another's comment.</remarks>
public sealed class CommentService(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxContentLength = FieldLimits.Comment;

    /// <summary>Comments oldest first; null when the actor may not see the issue.</summary>
    public async Task<PagedResult<CommentDto>?> ListAsync(Guid issueId, int page, int size, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(page, size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await IssueService.IsVisibleAsync(db, issueId, actorId, ct)) return null;
        return await db.Comments.AsNoTracking().Where(c => c.IssueId == issueId)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(Projections.Comment)
            .ToPageAsync(page, size, ct);
    }

    /// <summary>The newest <paramref name="count"/> comments, oldest first, with the total; null when invisible.</summary>
    public async Task<PagedResult<CommentDto>?> LatestAsync(Guid issueId, int count, Guid actorId, CancellationToken ct = default)
    {
        Paging.ValidateLatest(count);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await IssueService.IsVisibleAsync(db, issueId, actorId, ct)) return null;
        return await db.Comments.AsNoTracking().Where(c => c.IssueId == issueId)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Select(Projections.Comment)
            .ToLatestAsync(count, ct);
    }

    /// <summary>Adds a comment by the actor (anyone who can see the issue).</summary>
    public async Task<CommentDto> AddAsync(Guid issueId, CommentRequest request, Guid actorId, CancellationToken ct = default)
    {
        var content = Validate(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var change = await LoadIssueAsync(db, issueId, actorId, ct);
        var comment = new Comment { Id = Ids.New(change.Now), IssueId = issueId, AuthorId = actorId, Content = content, CreatedAt = change.Now };
        db.Comments.Add(comment);
        change.Record(IssueEventKind.CommentAdded, null, content, comment.Id);
        change.Commented(comment.Id, content);
        change.Publish(ChangeTypes.CommentCreated, comment.Id);
        await change.SaveAsync(ct);
        var added = await db.Comments.Where(c => c.Id == comment.Id).Select(Projections.Comment).SingleAsync(ct);
        await tx.CommitAsync(ct);
        return added;
    }

    /// <summary>Changes a comment's text: its author only.</summary>
    public async Task<CommentDto> EditAsync(Guid issueId, Guid commentId, CommentRequest request, Guid actorId, CancellationToken ct = default)
    {
        var content = Validate(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var change = await LoadIssueAsync(db, issueId, actorId, ct);
        var comment = await LoadOwnCommentAsync(db, issueId, commentId, actorId, "edit", ct);
        if (comment.Content != content)
        {
            change.Record(IssueEventKind.CommentEdited, comment.Content, content, commentId);
            change.Commented(commentId, content, comment.Content);
            change.Publish(ChangeTypes.CommentUpdated, commentId);
            comment.Content = content;
            comment.EditedAt = change.Now;
            await change.SaveAsync(ct);
        }
        var edited = await db.Comments.Where(c => c.Id == commentId).Select(Projections.Comment).SingleAsync(ct);
        await tx.CommitAsync(ct);
        return edited;
    }

    /// <summary>Deletes a comment: its author only.</summary>
    public async Task DeleteAsync(Guid issueId, Guid commentId, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var change = await LoadIssueAsync(db, issueId, actorId, ct);
        var comment = await LoadOwnCommentAsync(db, issueId, commentId, actorId, "delete", ct);
        db.Comments.Remove(comment);
        // What a deleted comment said goes with it, from history and from every copy (inbox lines, webhook deliveries).
        await change.CommentDeletedAsync(commentId, comment.Content, ct);
        await change.SaveAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static string Validate(CommentRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Content)) throw new ValidationException("content", "Content is required.");
        var errors = new ValidationErrors();
        var content = TextRules.Text(request.Content, "content", "Content", MaxContentLength, errors);
        errors.ThrowIfAny();
        return content!;
    }

    // Viewers too: anyone who can see an issue may comment on it.
    private async Task<IssueChange> LoadIssueAsync(ApplicationDbContext db, Guid issueId, Guid actorId, CancellationToken ct) =>
        (await IssueChange.LoadAsync(db, issueId, actorId, SpaceRole.Viewer, "commenting", clock.GetUtcNow().UtcDateTime, ct)).Change;

    private static async Task<Comment> LoadOwnCommentAsync(ApplicationDbContext db, Guid issueId, Guid commentId, Guid actorId, string action, CancellationToken ct)
    {
        var comment = await db.Comments.SingleOrDefaultAsync(c => c.Id == commentId && c.IssueId == issueId, ct)
            ?? throw new NotFoundException("Comment");
        if (comment.AuthorId != actorId) throw new ForbiddenException($"Only the comment's author may {action} it.");
        return comment;
    }
}

using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Issues;

/// <summary>Entity → DTO projections, translated to SQL joins so a list is one query however long it is.</summary>
internal static class Projections
{
    public static readonly Expression<Func<Issue, IssueDto>> Issue = i => new IssueDto(
        i.Id,
        new IssueKey(i.Space.Key, i.Number).ToString(),
        i.Title,
        i.Description,
        i.Status,
        i.Priority,
        new NamedRef(i.Space.Id, i.Space.Name),
        i.Product == null ? null : new NamedRef(i.Product.Id, i.Product.Name),
        i.Assignee == null ? null : new UserRef(i.Assignee.Id, i.Assignee.DisplayName),
        new UserRef(i.Reporter.Id, i.Reporter.DisplayName),
        i.Alert == null ? null : new AlertRef(i.Alert.Id, i.Alert.Title, i.Alert.Status),
        i.CreatedAt,
        i.UpdatedAt,
        i.ResolvedAt,
        i.Version,
        i.Resolution,
        i.ResolutionNote,
        i.DuplicateOfId,
        i.AcknowledgedAt,
        i.AcknowledgeBy == null && i.ResolveBy == null ? null : new SlaTimes(i.AcknowledgeBy, i.ResolveBy, i.SlaWarnAt, i.SlaBreachAt, i.AcknowledgedAt, i.ResolvedAt));

    /// <summary>
    /// A marker for <see cref="WithWatching{TContext,T1,T2,T3,TResult}"/> and <see cref="IssueReadBy"/>: <see cref="Issue"/> with
    /// <see cref="IssueDto.Watching"/> set from <paramref name="watching"/>, in a query's SQL. Not callable.
    /// </summary>
    public static IssueDto IssueWatched(Issue issue, bool watching) =>
        throw new InvalidOperationException("A marker for Projections.WithWatching, only inside a query.");

    /// <summary>
    /// The query with each <see cref="IssueWatched"/> replaced by <see cref="Issue"/>'s definition and the watching
    /// flag, so a compiled query can read the issue and a fact about its reader in one command with the one projection.
    /// </summary>
    public static Expression<Func<TContext, T1, T2, T3, TResult>> WithWatching<TContext, T1, T2, T3, TResult>(Expression<Func<TContext, T1, T2, T3, TResult>> query) =>
        (Expression<Func<TContext, T1, T2, T3, TResult>>)new WatchedInliner().Visit(query);

    /// <summary><see cref="Issue"/> with <see cref="IssueDto.Watching"/> for <paramref name="actorId"/>, read in the same command.</summary>
    public static Expression<Func<Issue, IssueDto>> IssueReadBy(ApplicationDbContext db, Guid actorId) =>
        (Expression<Func<Issue, IssueDto>>)new WatchedInliner().Visit(
            (Expression<Func<Issue, IssueDto>>)(i => IssueWatched(i, db.IssueWatchers.Any(w => w.IssueId == i.Id && w.UserId == actorId && w.Watching))));

    private sealed class WatchedInliner : ExpressionVisitor
    {
        private static readonly System.Reflection.PropertyInfo Watching = typeof(IssueDto).GetProperty(nameof(IssueDto.Watching))!;

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(Projections) || node.Method.Name != nameof(IssueWatched)) return base.VisitMethodCall(node);
            var issue = Visit(node.Arguments[0]);
            var body = new Rebind(Issue.Parameters[0], issue).Visit(Issue.Body);
            return Expression.MemberInit((NewExpression)body, Expression.Bind(Watching, Visit(node.Arguments[1])));
        }
    }

    private sealed class Rebind(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    /// <summary>One issue as <see cref="IssueDto"/>, whatever the actor may see (callers check access); compiled: every write answers with it.</summary>
    public static readonly PerModel<Func<ApplicationDbContext, Guid, CancellationToken, Task<IssueDto>>> IssueById =
        new(() => EF.CompileAsyncQuery((ApplicationDbContext db, Guid id, CancellationToken ct) => db.Issues.Where(i => i.Id == id).Select(Issue).Single()));

    private static readonly Func<Issue, IssueDto> IssueInMemory = Issue.Compile();

    /// <summary>
    /// <see cref="Issue"/> applied to an issue just created, with the parts it refers to as the create resolved them:
    /// the same definition as every read, without reading the row back.
    /// </summary>
    internal static IssueDto ToIssueDto(Issue created, Space space, ApplicationUser reporter, IssueFields.NewIssue fields) => IssueInMemory(new Issue
    {
        Id = created.Id,
        SpaceId = created.SpaceId,
        Number = created.Number,
        Title = created.Title,
        Description = created.Description,
        Status = created.Status,
        Priority = created.Priority,
        ProductId = created.ProductId,
        AssigneeId = created.AssigneeId,
        ReporterId = created.ReporterId,
        AlertId = created.AlertId,
        CreatedAt = created.CreatedAt,
        UpdatedAt = created.UpdatedAt,
        ResolvedAt = created.ResolvedAt,
        Version = created.Version,
        AcknowledgeBy = created.AcknowledgeBy,
        ResolveBy = created.ResolveBy,
        SlaWarnAt = created.SlaWarnAt,
        SlaBreachAt = created.SlaBreachAt,
        Space = space,
        Reporter = reporter,
        Product = fields.Product is { } p ? new DataProduct { Id = p.Id, Name = p.Name } : null,
        Assignee = fields.Assignee is { } a ? new ApplicationUser { Id = a.Id, DisplayName = a.Name } : null,
        Alert = fields.Alert,
    });

    public static readonly Expression<Func<Issue, IssueSummaryDto>> IssueSummary = i => new IssueSummaryDto(
        i.Id,
        new IssueKey(i.Space.Key, i.Number).ToString(),
        i.Title,
        i.Status,
        i.Priority,
        new NamedRef(i.Space.Id, i.Space.Name),
        i.Product == null ? null : new NamedRef(i.Product.Id, i.Product.Name),
        i.Assignee == null ? null : new UserSummaryDto(i.Assignee.Id, i.Assignee.DisplayName, Avatars.Url(i.Assignee.Id)),
        i.Alert == null ? null : new AlertRef(i.Alert.Id, i.Alert.Title, i.Alert.Status),
        i.CreatedAt,
        i.UpdatedAt,
        i.ResolvedAt,
        i.Version,
        i.Resolution,
        i.AcknowledgeBy == null && i.ResolveBy == null ? null : new SlaTimes(i.AcknowledgeBy, i.ResolveBy, i.SlaWarnAt, i.SlaBreachAt, i.AcknowledgedAt, i.ResolvedAt));

    /// <summary>
    /// A row of the CSV export: a list row (no description, no avatar, no alert) and what a data-quality team reports
    /// on besides: reporter, acknowledgement, note, and the duplicate's key parts (shown only to who may see its space).
    /// </summary>
    public static Expression<Func<Issue, ExportRead>> Export(ApplicationDbContext db) => i => new ExportRead(
        new IssueSummaryDto(i.Id, new IssueKey(i.Space.Key, i.Number).ToString(), i.Title, i.Status, i.Priority,
            new NamedRef(i.Space.Id, i.Space.Name), i.Product == null ? null : new NamedRef(i.Product.Id, i.Product.Name),
            i.Assignee == null ? null : new UserSummaryDto(i.Assignee.Id, i.Assignee.DisplayName, ""), null, i.CreatedAt, i.UpdatedAt, i.ResolvedAt, i.Version,
            i.Resolution,
            i.AcknowledgeBy == null && i.ResolveBy == null ? null : new SlaTimes(i.AcknowledgeBy, i.ResolveBy, i.SlaWarnAt, i.SlaBreachAt, i.AcknowledgedAt, i.ResolvedAt)),
        i.Reporter.DisplayName,
        i.AcknowledgedAt,
        i.ResolutionNote,
        db.Issues.Where(d => d.Id == i.DuplicateOfId).Select(d => new ExportDuplicate(d.SpaceId, d.Space.Key, d.Number)).FirstOrDefault());

    internal sealed record ExportRead(IssueSummaryDto Summary, string Reporter, DateTime? AcknowledgedAt, string? ResolutionNote, ExportDuplicate? Duplicate);

    internal sealed record ExportDuplicate(Guid SpaceId, string Key, int Number);

    public static readonly Expression<Func<Comment, CommentDto>> Comment = c => new CommentDto(
        c.Id,
        c.Content,
        new UserSummaryDto(c.Author.Id, c.Author.DisplayName, Avatars.Url(c.Author.Id)),
        c.CreatedAt,
        c.EditedAt);

    public static readonly Expression<Func<IssueEvent, HistoryEntryDto>> HistoryEntry = e => new HistoryEntryDto(
        e.Id, e.Kind, e.OldValue, e.NewValue, new UserRef(e.Actor.Id, e.Actor.DisplayName), e.CreatedAt);

    public static readonly Expression<Func<Alert, AlertDto>> Alert = a => new AlertDto(
        a.Id,
        new NamedRef(a.Space.Id, a.Space.Name),
        new NamedRef(a.Product.Id, a.Product.Name),
        a.Check,
        a.Fingerprint,
        a.Kind,
        a.Status,
        a.Title,
        a.Message,
        a.Source,
        a.OccurrenceCount,
        a.FirstSeenAt,
        a.LastSeenAt,
        a.ResolvedAt,
        a.CreatedAt,
        a.UpdatedAt,
        a.Issues.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Select(i => new IssueRef(i.Id, new IssueKey(i.Space.Key, i.Number).ToString(), i.Title, i.Status))
            .FirstOrDefault());

    public static readonly Expression<Func<AlertOccurrence, AlertOccurrenceDto>> Occurrence = o => new AlertOccurrenceDto(
        o.Id, o.Status, o.Message, o.ObservedAt, o.ReceivedAt, o.Value, o.Threshold);

    public static readonly Expression<Func<DataProduct, ProductDto>> Product = p => new ProductDto(
        p.Id, p.SpaceId, p.Name, p.Description, p.CreatedAt, p.ArchivedAt);
}

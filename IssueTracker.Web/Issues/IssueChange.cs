using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace IssueTracker.Web.Issues;

/// <summary>
/// The one write path of an issue. Every change, whether a person makes it (<see cref="IssueService"/>,
/// <see cref="CommentService"/>) or the alert engine does (<see cref="AlertEpisodes"/>), goes the same way: load the
/// issue with its access check (<see cref="LoadAsync"/>), apply changes through the setters here (each records its own
/// history line), then <see cref="SaveAsync"/>, which moves <c>updated_at</c> and the version once and saves it all in
/// the caller's transaction, and hands the typed record of what changed (<see cref="IssueChangeRecord"/>) to every
/// <see cref="IIssueChangeConsumer"/> in the same unit of work (the change feed, inboxes). A new side effect of
/// changing an issue is a new consumer, not a change here.
/// </summary>
internal sealed class IssueChange
{
    // History keeps what a value read like at the time; long texts (descriptions, comments) are cut to an excerpt.
    private const int MaxHistoryValueLength = 1000;

    private readonly ApplicationDbContext _db;
    private readonly bool _isNew;
    private bool _issueChanged;
    private bool _deleted;
    private EventNames? _names;
    // What changed, for the change feed's issue.updated and the other consumers.
    private FieldChanges _fields = FieldChanges.Empty;
    private readonly List<PendingEvent> _events = [];
    private readonly HashSet<string> _mentionsAdded = [];
    // Changes of other issues this one brings (the other end of a link), saved right after it so its events come first.
    private readonly List<IssueChange> _followUps = [];
    // The priority changed (or the issue is new): its SLA deadlines are read again when saved.
    private bool _slaStale;
    // Spaces of other issues this change names (links); the feed tells them only to those who may see them.
    private readonly HashSet<Guid> _otherSpaces = [];

    private IssueChange(ApplicationDbContext db, Issue issue, Guid actorId, DateTime now, bool isNew)
    {
        _db = db;
        Issue = issue;
        ActorId = actorId;
        Now = now;
        _isNew = isNew;
    }

    /// <summary>The tracked issue being changed.</summary>
    public Issue Issue { get; }
    public Guid ActorId { get; }
    public DateTime Now { get; }
    /// <summary>True once anything was recorded: an empty change saves nothing and keeps <c>updated_at</c>.</summary>
    public bool HasChanges { get; private set; }
    public bool IsNew => _isNew;
    /// <summary>The fields changed so far.</summary>
    public FieldChanges Fields => _fields;
    /// <summary>Handles this change mentions that the text did not mention before (who to tell).</summary>
    public IReadOnlySet<string> MentionsAdded => _mentionsAdded;
    /// <summary>The text of a comment this change adds, if it adds one.</summary>
    public string? CommentText { get; private set; }
    /// <summary>The comment this change adds, if it adds one.</summary>
    public Guid? CommentId { get; private set; }
    /// <summary>True when the change's words are a comment's (added or edited), not the description's: what a mention is "in".</summary>
    public bool InComment { get; private set; }
    /// <summary>What an alert that fired on the issue says, if one did.</summary>
    public string? AlertFired { get; private set; }
    private DeletedComment? _deletedComment;

    /// <summary>
    /// Loads an issue for a change by <paramref name="actorId"/>: not found when they cannot see it, forbidden when their
    /// role is below <paramref name="needed"/> (<paramref name="action"/> names what they tried, for the message).
    /// </summary>
    public static async Task<(IssueChange Change, SpaceRole Role)> LoadAsync(
        ApplicationDbContext db, Guid issueId, Guid actorId, SpaceRole needed, string action, DateTime now, CancellationToken ct)
    {
        await RowLocks.LockIssueAsync(db, issueId, ct);
        var issue = await db.Issues.SingleOrDefaultAsync(i => i.Id == issueId, ct) ?? throw new NotFoundException("Issue");
        var facts = await Access.ActorInSpaceAsync(db, actorId, issue.SpaceId, ct);
        var role = Access.Require(facts?.Role, needed, "Issue", action);
        // The access check read the names the change feed shows; the event needs no lookup of its own.
        return (new IssueChange(db, issue, actorId, now, isNew: false) { _names = new EventNames(facts!.SpaceKey!, facts.DisplayName) }, role);
    }

    /// <summary>
    /// A change to an issue the caller loaded (tracked) and already may change: the alert engine (the Quality monitor
    /// acts; no role applies), or a space admin's change that reaches many issues (removing a member).
    /// </summary>
    public static IssueChange Of(ApplicationDbContext db, Issue issue, Guid actorId, DateTime now) => new(db, issue, actorId, now, isNew: false);

    /// <summary>
    /// Adds a new issue: the next number of its space, version 1, and its <c>created</c> (and <c>alert_linked</c>)
    /// history. Callers have checked access and validated the fields.
    /// </summary>
    public static async Task<IssueChange> CreateAsync(ApplicationDbContext db, Issue issue, string? alertTitle, DateTime now, CancellationToken ct, EventNames? names = null)
    {
        // An atomic increment that returns the new number in one statement (UPDATE … RETURNING: SQLite 3.35+ and
        // PostgreSQL): concurrent creates never share a number, and the write lock is held one statement shorter.
        issue.Number = (await db.Database.SqlQuery<int>(
            $"""UPDATE "Spaces" SET "LastIssueNumber" = "LastIssueNumber" + 1 WHERE "Id" = {issue.SpaceId} RETURNING "LastIssueNumber" AS "Value" """)
            .ToListAsync(ct)).Single();
        issue.Id = Ids.New(now);
        issue.CreatedAt = issue.UpdatedAt = now;
        issue.Version = 1;
        db.Issues.Add(issue);
        var change = new IssueChange(db, issue, issue.ReporterId, now, isNew: true) { _names = names, _slaStale = true };
        change.Record(IssueEventKind.Created, null, issue.Title);
        change.Mention(issue.Description, null);
        if (alertTitle is not null) change.Record(IssueEventKind.AlertLinked, null, alertTitle);
        return change;
    }

    /// <summary>
    /// Takes a person off the issues they are assigned (of one space, or all), each through its own change with its
    /// history line by <paramref name="actorId"/>: a member removed from a space, an account deleted.
    /// </summary>
    public static async Task UnassignAsync(ApplicationDbContext db, Guid userId, Guid? spaceId, Guid actorId, DateTime now, CancellationToken ct)
    {
        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync(ct);
        var assigned = db.Issues.Where(i => i.AssigneeId == userId);
        if (spaceId is { } space) assigned = assigned.Where(i => i.SpaceId == space);
        foreach (var issue in await assigned.ToListAsync(ct))
        {
            var change = Of(db, issue, actorId, now);
            change.SetAssignee(null, name);
            await change.SaveAsync(ct);
        }
    }

    /// <summary>Adds one history line, saved with the change itself; a comment's lines name the comment.</summary>
    public void Record(IssueEventKind kind, string? oldValue, string? newValue, Guid? commentId = null)
    {
        if (kind == IssueEventKind.AlertFired) AlertFired = newValue ?? "";
        _db.IssueEvents.Add(new IssueEvent
        {
            Id = Ids.New(Now),
            IssueId = Issue.Id,
            Kind = kind,
            OldValue = Excerpt(oldValue),
            NewValue = Excerpt(newValue),
            ActorId = ActorId,
            CommentId = commentId,
            CreatedAt = Now,
        });
        HasChanges = true;
        // A comment is talk about the issue, not a change to it: the issue's version (its ETag) stays, so a PATCH made
        // with the ETag read a moment ago does not fail on someone's unrelated comment.
        if (kind is not (IssueEventKind.CommentAdded or IssueEventKind.CommentEdited or IssueEventKind.CommentDeleted)) _issueChanged = true;
    }

    public void SetTitle(string title)
    {
        if (title == Issue.Title) return;
        Record(IssueEventKind.TitleChanged, Issue.Title, title);
        _fields = _fields with { Title = FieldChanges.Then(_fields.Title, Issue.Title, title) };
        Issue.Title = title;
    }

    public void SetDescription(string description)
    {
        if (description == Issue.Description) return;
        Record(IssueEventKind.DescriptionChanged, NullIfEmpty(Issue.Description), NullIfEmpty(description));
        Mention(description, Issue.Description);
        _fields = _fields with { Description = FieldChanges.Then(_fields.Description, Excerpt(Issue.Description), Excerpt(description)) };
        Issue.Description = description;
    }

    /// <summary>
    /// Moves the issue to <paramref name="to"/>; <c>resolved_at</c> follows, leaving <c>resolved</c> clears the
    /// resolution, and a person moving it out of <c>open</c> acknowledges it.
    /// </summary>
    public void SetStatus(IssueStatus to)
    {
        if (to == Issue.Status) return;
        Record(IssueEventKind.StatusChanged, WireNames.Of(Issue.Status), WireNames.Of(to));
        _fields = _fields with { Status = FieldChanges.Then(_fields.Status, Issue.Status, to) };
        if (Issue.Status == IssueStatus.Open) Acknowledge();
        if (Issue.Status == IssueStatus.Resolved) SetResolution(null, null, null);
        Issue.Status = to;
        Issue.ResolvedAt = to == IssueStatus.Resolved ? Now : null;
        SlaRules.Pending(Issue);
    }

    /// <summary>
    /// Why the issue was resolved, with a note and, for a duplicate, the issue it duplicates (the caller links the two).
    /// Each part that changes writes its history line.
    /// </summary>
    public void SetResolution(IssueResolution? to, string? note, Guid? duplicateOf)
    {
        if (to != Issue.Resolution)
        {
            var (from, toName) = (Issue.Resolution is { } r ? WireNames.Of(r) : null, to is { } t ? WireNames.Of(t) : null);
            Record(IssueEventKind.ResolutionChanged, from, toName);
            _fields = _fields with { Resolution = FieldChanges.Then(_fields.Resolution, Issue.Resolution, to) };
            Issue.Resolution = to;
        }
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note != Issue.ResolutionNote)
        {
            Record(IssueEventKind.ResolutionNoteChanged, Issue.ResolutionNote, note);
            _fields = _fields with { ResolutionNote = FieldChanges.Then(_fields.ResolutionNote, Issue.ResolutionNote, note) };
            Issue.ResolutionNote = note;
        }
        if (duplicateOf != Issue.DuplicateOfId)
        {
            _fields = _fields with { DuplicateOf = FieldChanges.Then(_fields.DuplicateOf, Issue.DuplicateOfId, duplicateOf) };
            Issue.DuplicateOfId = duplicateOf;
        }
    }

    /// <summary>
    /// The first response by a person (the OpenAPI document): moving the issue out of open, assigning it, commenting. Set once;
    /// the Quality monitor's own actions never count, nor does opening the issue. No history line of its own: the
    /// response that acknowledges has one.
    /// </summary>
    private void Acknowledge()
    {
        if (Issue.AcknowledgedAt is not null || _isNew || ActorId == SystemUsers.QualityMonitorId) return;
        Issue.AcknowledgedAt = Now;
        Issue.AcknowledgedById = ActorId;
        SlaRules.Pending(Issue);
    }

    public void SetPriority(IssuePriority to)
    {
        if (to == Issue.Priority) return;
        Record(IssueEventKind.PriorityChanged, WireNames.Of(Issue.Priority), WireNames.Of(to));
        _fields = _fields with { Priority = FieldChanges.Then(_fields.Priority, Issue.Priority, to) };
        Issue.Priority = to;
        _slaStale = true;
    }

    /// <summary>History names people and products as they were called at the time, so the caller passes the names.</summary>
    public void SetAssignee(UserRef? to, string? fromName)
    {
        if (to?.Id == Issue.AssigneeId) return;
        Record(IssueEventKind.AssigneeChanged, fromName, to?.Name);
        _fields = _fields with { Assignee = FieldChanges.Then(_fields.Assignee, Ref(Issue.AssigneeId, fromName), Ref(to?.Id, to?.Name)) };
        Issue.AssigneeId = to?.Id;
        if (to is not null) Acknowledge();
    }

    public void SetProduct(NamedRef? to, string? fromName)
    {
        if (to?.Id == Issue.ProductId) return;
        Record(IssueEventKind.ProductChanged, fromName, to?.Name);
        _fields = _fields with { Product = FieldChanges.Then(_fields.Product, Ref(Issue.ProductId, fromName), Ref(to?.Id, to?.Name)) };
        Issue.ProductId = to?.Id;
    }

    /// <summary>A comment added (<paramref name="before"/> null) or edited: its mentions, and for a new one its text.</summary>
    public void Commented(Guid commentId, string content, string? before = null)
    {
        InComment = true;
        if (before is null)
        {
            CommentText = content;
            CommentId = commentId;
            Acknowledge();
        }
        Mention(content, before);
    }

    /// <summary>
    /// A comment deleted by its author (the caller removes its row): its history lines keep that there was a comment,
    /// not its words, and the consumers take the copies they made (inbox lines, webhook deliveries).
    /// </summary>
    public async Task CommentDeletedAsync(Guid commentId, string content, CancellationToken ct)
    {
        await _db.IssueEvents.Where(e => e.CommentId == commentId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.OldValue, (string?)null).SetProperty(e => e.NewValue, (string?)null), ct);
        Record(IssueEventKind.CommentDeleted, null, null, commentId);
        Publish(ChangeTypes.CommentDeleted, commentId);
        _deletedComment = new DeletedComment(commentId, content);
    }

    /// <summary>
    /// The clock brought the issue's SLA to <paramref name="state"/> (due soon, breached): the Quality monitor's change,
    /// told once per state (<see cref="Issue.SlaNotified"/>).
    /// </summary>
    public void SetSla(SlaState state)
    {
        if (state == Issue.SlaNotified) return;
        Record(IssueEventKind.SlaChanged, WireNames.Of(Issue.SlaNotified), WireNames.Of(state));
        _fields = _fields with { Sla = FieldChanges.Then<SlaState?>(_fields.Sla, Issue.SlaNotified, state) };
        Issue.SlaNotified = state;
    }

    private void Mention(string? text, string? before)
    {
        var earlier = Mentions.In(before);
        foreach (var handle in Mentions.In(text))
            if (!earlier.Contains(handle)) _mentionsAdded.Add(handle);
    }

    /// <summary>A link to another issue (in <paramref name="otherSpaceId"/>) added or removed, described as this end reads it ("blocks CUST-9").</summary>
    public void Linked(string description, bool added, Guid otherSpaceId)
    {
        if (otherSpaceId != Issue.SpaceId) _otherSpaces.Add(otherSpaceId);
        Record(added ? IssueEventKind.LinkAdded : IssueEventKind.LinkRemoved, added ? null : description, added ? description : null);
        _fields = _fields with { Links = FieldChanges.Then(_fields.Links, added ? null : description, added ? description : null) };
    }

    /// <summary>A change of another issue that this one brings (a link's other end): saved right after this one.</summary>
    public void Also(IssueChange other) => _followUps.Add(other);

    /// <summary>Tells the change feed of something that happened to the issue beyond its fields (a comment, an alert).</summary>
    public void Publish(string type, Guid? commentId = null, Guid? alertId = null) => _events.Add(new PendingEvent(type, commentId, alertId));

    /// <summary>Deletes the issue with its comments and history (the database cascades) when saved.</summary>
    public void Delete()
    {
        _db.Issues.Remove(Issue);
        HasChanges = false;
        _deleted = true;
    }

    /// <summary>
    /// Saves everything the context tracks, the change included: a changed issue gets a new <c>updated_at</c> and
    /// version (its ETag); comments alone move only <c>updated_at</c>. A lost optimistic-concurrency race (another writer, perhaps on another instance) is a 409.
    /// </summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        if (HasChanges && !_isNew && !_deleted)
        {
            // Any activity moves updated_at (an incremental export and "recently active" see a discussion); only a
            // change to the issue itself moves its version.
            Issue.UpdatedAt = Now;
            if (_issueChanged || !_fields.IsEmpty) Issue.Version++;
        }
        if (_slaStale && !_deleted)
        {
            SlaRules.Apply(Issue, await _db.SpaceSlas.AsNoTracking().SingleOrDefaultAsync(s => s.SpaceId == Issue.SpaceId && s.Priority == Issue.Priority, ct), Now);
            _slaStale = false;
        }
        // Its consumers (the change feed, inboxes) add their rows to the same unit of work: they exist exactly when
        // the change does.
        var record = new IssueChangeRecord(Issue, ActorId, Now,
            _isNew ? IssueChangeKind.Created : _deleted ? IssueChangeKind.Deleted : IssueChangeKind.Updated,
            _fields, new HashSet<string>(_mentionsAdded), InComment, CommentId, CommentText, AlertFired, [.. _events], new HashSet<Guid>(_otherSpaces),
            _deletedComment, _names);
        foreach (var consumer in _db.GetService<IssueChangeConsumers>().All) await consumer.AddAsync(_db, record, ct);
        _events.Clear();
        _fields = FieldChanges.Empty;
        _otherSpaces.Clear();
        _mentionsAdded.Clear();
        (CommentText, CommentId, AlertFired, InComment, _deletedComment) = (null, null, null, false, null);
        try
        {
            await _db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The issue was changed by someone else at the same time; reload and try again.");
        }
        foreach (var other in _followUps) await other.SaveAsync(ct);
        _followUps.Clear();
    }

    private static NamedAt? Ref(Guid? id, string? name) => id is { } value ? new NamedAt(value, name) : null;

    private static string? Excerpt(string? value) =>
        value is null || value.Length <= MaxHistoryValueLength ? value : value[..(MaxHistoryValueLength - 1)] + "…";

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

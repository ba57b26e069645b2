using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace IssueTracker.Web.Live;

/// <summary>
/// One saved change of an issue, as the write path (<c>Issues/IssueChange</c>) hands it to its consumers in the same
/// unit of work: the change feed's events (which pages, event streams and webhooks read), inbox lines. A new reaction
/// to a change (an email) is one more <see cref="IIssueChangeConsumer"/>, registered in <c>Setup/ServiceRegistration</c>.
/// </summary>
/// <param name="Issue">The issue after the change (tracked by the change's context).</param>
/// <param name="ActorId">Who made the change (the Quality monitor for an alert's or the SLA clock's).</param>
/// <param name="At">When.</param>
/// <param name="Kind">Created, updated or deleted.</param>
/// <param name="Fields">The fields that changed, with their values before and after.</param>
/// <param name="MentionsAdded">Handles the change mentions that its text did not mention before.</param>
/// <param name="InComment">Whether the mentions are a comment's (added or edited), not the description's.</param>
/// <param name="CommentId">The comment the change adds, if it adds one.</param>
/// <param name="CommentText">What that comment says.</param>
/// <param name="AlertFired">What an alert that fired on the issue says, if one did.</param>
/// <param name="Published">What happened to the issue beyond its fields (a comment, an alert), for the change feed.</param>
/// <param name="OtherSpaceIds">Spaces of other issues the change names (a link's other end, a duplicate).</param>
/// <param name="DeletedComment">A comment the change deletes, with its words: the copies other records made go too.</param>
/// <param name="Names">The names the feed shows, when the access check already read them.</param>
internal sealed record IssueChangeRecord(
    Issue Issue,
    Guid ActorId,
    DateTime At,
    IssueChangeKind Kind,
    FieldChanges Fields,
    IReadOnlySet<string> MentionsAdded,
    bool InComment,
    Guid? CommentId,
    string? CommentText,
    string? AlertFired,
    IReadOnlyList<PendingEvent> Published,
    IReadOnlySet<Guid> OtherSpaceIds,
    DeletedComment? DeletedComment,
    EventNames? Names);

/// <summary>A comment being deleted, and what it said.</summary>
internal sealed record DeletedComment(Guid Id, string Content);

public enum IssueChangeKind
{
    Created,
    Updated,
    Deleted,
}

/// <summary>Something that happens, in the same transaction, whenever an issue changes.</summary>
internal interface IIssueChangeConsumer
{
    Task AddAsync(ApplicationDbContext db, IssueChangeRecord change, CancellationToken ct);
}

/// <summary>The consumers, in the order they run; the write path asks its context for them (they are application services).</summary>
internal sealed class IssueChangeConsumers(IEnumerable<IIssueChangeConsumer> consumers)
{
    public IReadOnlyList<IIssueChangeConsumer> All { get; } = [.. consumers];
}

/// <summary>A value before and after a change, whatever its type.</summary>
public interface IChange
{
    object? FromValue { get; }
    object? ToValue { get; }
}

/// <summary>A value before and after a change.</summary>
public sealed record Change<T>(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] T From,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] T To) : IChange
{
    object? IChange.FromValue => From;
    object? IChange.ToValue => To;
}

/// <summary>A person or product as a change names it: its id, and its name at the time.</summary>
public sealed record NamedAt(Guid Id, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name);

/// <summary>
/// What a change did to an issue's fields, typed. Its JSON is the <c>changes</c> object of <c>issue.updated</c>
/// (README, "Follow changes live"): each changed field, as the API names it, with its value before and after.
/// Several changes to one field in one change keep the first <c>from</c> and the last <c>to</c>.
/// </summary>
public sealed record FieldChanges
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    public Change<string>? Title { get; init; }
    /// <summary>Excerpts, as history keeps them.</summary>
    public Change<string?>? Description { get; init; }
    public Change<IssueStatus>? Status { get; init; }
    public Change<IssueResolution?>? Resolution { get; init; }
    public Change<string?>? ResolutionNote { get; init; }
    public Change<Guid?>? DuplicateOf { get; init; }
    public Change<IssuePriority>? Priority { get; init; }
    public Change<NamedAt?>? Assignee { get; init; }
    public Change<NamedAt?>? Product { get; init; }
    /// <summary>A link added (<c>to</c>) or removed (<c>from</c>), as this end reads it: <c>"blocks CUST-9"</c>.</summary>
    public Change<string?>? Links { get; init; }
    /// <summary>The SLA's state moved (due soon, breached): told by the Quality monitor.</summary>
    public Change<SlaState?>? Sla { get; init; }

    [JsonIgnore]
    public bool IsEmpty => this == Empty;

    /// <summary>Each field that changed, as the API names it, in the order above: a summary lists a new field with no more code.</summary>
    public IEnumerable<(string Field, IChange Change)> Each() =>
        Fields.Select(f => (f.Name, Change: f.Property.GetValue(this) as IChange)).Where(f => f.Change is not null).Select(f => (f.Name, f.Change!));

    // Every Change<T> property, with its wire name (WireNames' snake_case).
    private static readonly (string Name, System.Reflection.PropertyInfo Property)[] Fields =
    [
        .. typeof(FieldChanges).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Change<>))
            .OrderBy(p => p.MetadataToken)
            .Select(p => (WireNames.Policy.ConvertName(p.Name), p)),
    ];

    public static readonly FieldChanges Empty = new();

    /// <summary>Adds a change to a field: from the earlier change's <c>from</c>, if there was one, to <paramref name="to"/>.</summary>
    public static Change<T> Then<T>(Change<T>? earlier, T from, T to) => new(earlier is null ? from : earlier.From, to);

    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, Json)!.AsObject();

    public string ToJsonString() => JsonSerializer.Serialize(this, Json);

    /// <summary>The changes an event row holds; none for an event without them.</summary>
    public static FieldChanges Parse(string? json) => json is null ? Empty : JsonSerializer.Deserialize<FieldChanges>(json, Json) ?? Empty;

    private static JsonSerializerOptions CreateJson()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = WireNames.Policy,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        o.Converters.Add(new JsonStringEnumConverter(WireNames.Policy, allowIntegerValues: false));
        return o;
    }
}

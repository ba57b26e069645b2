using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Issues;

/// <summary>
/// The fields a person sets on an issue, validated the same way for a create and a patch, with every error reported
/// at once under the API's field names. The limits are public so the UI offers exactly what the service accepts.
/// </summary>
public static class IssueFields
{
    public const int MaxTitleLength = FieldLimits.Title;
    public const int MaxDescriptionLength = FieldLimits.IssueDescription;
    public const int MaxResolutionNoteLength = 2000;

    /// <summary>A create's fields with their references resolved in the space.</summary>
    internal sealed record NewIssue(string Title, string Description, IssuePriority Priority, NamedRef? Product, UserRef? Assignee, Alert? Alert);

    /// <summary>The checks that need no database: the caller runs them before it opens one.</summary>
    internal static Guid ValidateCreate(CreateIssueRequest request)
    {
        var errors = new ValidationErrors();
        Title(request.Title, errors);
        Description(request.Description, errors);
        if (request.SpaceId is null) errors.Add("space_id", "Space is required.");
        errors.ThrowIfAny();
        return request.SpaceId!.Value;
    }

    /// <summary>Resolves a create's product, assignee and alert in <paramref name="spaceId"/>; each must belong to it.</summary>
    internal static async Task<NewIssue> ResolveCreateAsync(ApplicationDbContext db, Guid spaceId, CreateIssueRequest request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Alert? alert = null;
        if (request.AlertId is { } alertId)
        {
            alert = await db.Alerts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == alertId && a.SpaceId == spaceId, ct);
            if (alert is null) errors.Add("alert_id", "Alert does not exist in this space.");
        }
        NamedRef? product = null;
        if ((request.ProductId ?? alert?.ProductId) is { } productId)
        {
            product = await ProductAsync(db, spaceId, productId, ct);
            if (product is null) errors.Add("product_id", "Product does not exist in this space.");
            else if (alert is not null && alert.ProductId != productId) errors.Add("product_id", "Product differs from the alert's product.");
        }
        var assignee = request.AssigneeId is { } assigneeId ? await AssigneeAsync(db, spaceId, assigneeId, errors, ct) : null;
        errors.ThrowIfAny();
        // Validated before (ValidateCreate); read again for the form they are stored in.
        var text = new ValidationErrors();
        return new NewIssue(Title(request.Title, text)!, Description(request.Description, text) ?? "", request.Priority ?? IssuePriority.Medium, product, assignee, alert);
    }

    /// <summary>
    /// Validates a merge patch against the issue and applies it through <paramref name="change"/>, which records each
    /// changed field. Nothing is applied when any field is invalid.
    /// </summary>
    internal static async Task ApplyPatchAsync(ApplicationDbContext db, IssueChange change, UpdateIssueRequest patch, CancellationToken ct)
    {
        var issue = change.Issue;
        var errors = new ValidationErrors();
        var title = patch.Title.IsSet ? Title(patch.Title.Value, errors) : null;
        var description = patch.Description.IsSet ? Description(patch.Description.Value, errors) ?? "" : null;
        var status = patch.Status.IsSet ? Required(patch.Status.Value, "status", "Status", errors) : null;
        var priority = patch.Priority.IsSet ? Required(patch.Priority.Value, "priority", "Priority", errors) : null;

        var assigneeChanges = patch.AssigneeId.IsSet && patch.AssigneeId.Value != issue.AssigneeId;
        var assignee = assigneeChanges && patch.AssigneeId.Value is { } assigneeId ? await AssigneeAsync(db, issue.SpaceId, assigneeId, errors, ct) : null;

        var productChanges = patch.ProductId.IsSet && patch.ProductId.Value != issue.ProductId;
        NamedRef? product = null;
        if (productChanges && patch.ProductId.Value is { } productId)
        {
            product = await ProductAsync(db, issue.SpaceId, productId, ct);
            if (product is null) errors.Add("product_id", "Product does not exist in this space.");
        }
        var resolution = Resolution(issue, patch, status ?? issue.Status, errors);
        var duplicateOf = resolution is { DuplicateOf: { } duplicateId } && duplicateId != issue.DuplicateOfId
            ? await TryLoadAsync(() => IssueLinks.LoadTargetAsync(db, issue.Id, duplicateId, change.ActorId, "duplicate_of", ct), errors)
            : null;
        errors.ThrowIfAny();

        if (title is not null) change.SetTitle(title);
        if (description is not null) change.SetDescription(description);
        if (status is { } s) change.SetStatus(s);
        if (resolution is { } r)
        {
            change.SetResolution(r.Resolution, r.Note, r.DuplicateOf);
            if (duplicateOf is not null) await IssueLinks.AddAsync(db, change, duplicateOf, IssueLinkType.Duplicates, ct);
        }
        if (priority is { } p) change.SetPriority(p);
        if (assigneeChanges)
            change.SetAssignee(assignee, issue.AssigneeId is { } oldId ? await db.Users.Where(u => u.Id == oldId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) : null);
        if (productChanges)
            change.SetProduct(product, issue.ProductId is { } oldId ? await db.Products.Where(x => x.Id == oldId).Select(x => x.Name).SingleOrDefaultAsync(ct) : null);
    }

    private sealed record ResolutionFields(IssueResolution? Resolution, string? Note, Guid? DuplicateOf);

    /// <summary>
    /// The resolution a patch leaves (the OpenAPI document): only a resolved issue has one, a duplicate names the issue it
    /// duplicates and only a duplicate does. Null when the patch does not touch it (leaving resolved clears it).
    /// </summary>
    private static ResolutionFields? Resolution(Issue issue, UpdateIssueRequest patch, IssueStatus statusAfter, ValidationErrors errors)
    {
        if (!patch.Resolution.IsSet && !patch.ResolutionNote.IsSet && !patch.DuplicateOf.IsSet) return null;
        if (statusAfter != IssueStatus.Resolved)
        {
            var field = patch.Resolution.IsSet ? "resolution" : patch.ResolutionNote.IsSet ? "resolution_note" : "duplicate_of";
            errors.Add(field, "Only a resolved issue has a resolution: send it with \"status\": \"resolved\".");
            return null;
        }
        var resolution = patch.Resolution.IsSet ? patch.Resolution.Value : issue.Resolution;
        var note = patch.ResolutionNote.IsSet ? patch.ResolutionNote.Value : issue.ResolutionNote;
        if (note is { Length: > MaxResolutionNoteLength })
            errors.Add("resolution_note", $"The note must be at most {MaxResolutionNoteLength:N0} characters.");
        var duplicateOf = patch.DuplicateOf.IsSet ? patch.DuplicateOf.Value : issue.DuplicateOfId;
        if (resolution == IssueResolution.Duplicate && duplicateOf is null)
            errors.Add("duplicate_of", "A duplicate names the issue it duplicates (duplicate_of).");
        if (resolution != IssueResolution.Duplicate && patch.DuplicateOf.Value is not null)
            errors.Add("duplicate_of", "Only a duplicate names an issue it duplicates: send \"resolution\": \"duplicate\" with it.");
        return new ResolutionFields(resolution, note, resolution == IssueResolution.Duplicate ? duplicateOf : null);
    }

    private static async Task<T?> TryLoadAsync<T>(Func<Task<T>> load, ValidationErrors errors) where T : class
    {
        try
        {
            return await load();
        }
        catch (ValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
                foreach (var message in messages) errors.Add(field, message);
            return null;
        }
    }

    private static string? Title(string? raw, ValidationErrors errors) => TextRules.Line(raw, "title", "Title", MaxTitleLength, errors);

    private static string? Description(string? raw, ValidationErrors errors) => TextRules.Text(raw, "description", "Description", MaxDescriptionLength, errors);

    private static T? Required<T>(T? value, string field, string label, ValidationErrors errors) where T : struct
    {
        if (value is null) errors.Add(field, $"{label} cannot be null.");
        return value;
    }

    private static async Task<UserRef?> AssigneeAsync(ApplicationDbContext db, Guid spaceId, Guid userId, ValidationErrors errors, CancellationToken ct)
    {
        var member = await db.SpaceMembers.Where(m => m.SpaceId == spaceId && m.UserId == userId)
            .Select(m => new { Ref = new UserRef(m.User.Id, m.User.DisplayName), Active = m.User.DeactivatedAt == null })
            .SingleOrDefaultAsync(ct);
        if (member is null) errors.Add("assignee_id", "Assignee is not a member of this space.");
        // A deactivated account cannot work on it, nor hear that it was assigned.
        else if (!member.Active) errors.Add("assignee_id", "Assignee's account is deactivated: choose someone active.");
        return member?.Ref;
    }

    private static Task<NamedRef?> ProductAsync(ApplicationDbContext db, Guid spaceId, Guid productId, CancellationToken ct) =>
        db.Products.AsNoTracking().Where(p => p.Id == productId && p.SpaceId == spaceId).Select(p => new NamedRef(p.Id, p.Name)).SingleOrDefaultAsync(ct);
}

namespace IssueTracker.Web.Issues;

/// <summary>What a person chose in the resolve dialog: the patch fields a resolve carries with <c>status: resolved</c>.</summary>
public sealed record ResolutionChoice(Domain.IssueResolution Resolution, string? Note, Guid? DuplicateOf)
{
    public UpdateIssueRequest ToPatch() => new()
    {
        Status = Domain.IssueStatus.Resolved,
        Resolution = Resolution,
        ResolutionNote = string.IsNullOrWhiteSpace(Note) ? null : Note,
        DuplicateOf = DuplicateOf,
    };
}

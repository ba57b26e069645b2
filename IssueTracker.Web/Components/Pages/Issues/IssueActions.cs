using MudBlazor;

namespace IssueTracker.Web.Components.Pages.Issues;

/// <summary>
/// The one way a page changes an issue's fields: the board's drop and undo, the list's bulk bar, the detail page's
/// fields and keyboard shortcuts. Moving to Resolved asks why first (once for several issues); a change is sent with
/// the version the page shows, so someone else's change since is never overwritten; and what went wrong is said the
/// same way everywhere. One per circuit.
/// </summary>
public sealed class IssueActions(IssueService issues, IssueDialogs dialogs, ISnackbar snackbar, ILogger<IssueActions> logger)
{
    /// <summary>
    /// The change that moves <paramref name="moving"/> to <paramref name="status"/>. Resolving asks why (a reason, a
    /// note, the original of a duplicate); null when the person cancels, and then nothing changes.
    /// </summary>
    public async Task<UpdateIssueRequest?> StatusChangeAsync(IReadOnlyCollection<(Guid Id, string Key)> moving, IssueStatus status, Guid actorId)
    {
        if (status != IssueStatus.Resolved) return new UpdateIssueRequest { Status = status };
        var what = moving.Count == 1 ? moving.First().Key : $"{moving.Count} issues";
        return (await dialogs.ResolveAsync(what, [.. moving.Select(i => i.Id)], actorId))?.ToPatch();
    }

    /// <summary>
    /// Saves <paramref name="patch"/> on the issue as the page shows it (<paramref name="version"/>). When it is not
    /// saved the person has been told why, and <see cref="IssueChangeResult.Stale"/> says the page should read the
    /// issue again (someone changed it since, or it is no longer there for them).
    /// </summary>
    public async Task<IssueChangeResult> ChangeAsync(Guid id, string key, int version, UpdateIssueRequest patch, Guid actorId)
    {
        try
        {
            return new(await issues.UpdateAsync(id, patch, actorId, [version]), Stale: false);
        }
        catch (PreconditionFailedException)
        {
            snackbar.Add($"{key} was changed by {await WhoChangedAsync(id, actorId)} meanwhile, so your change was not saved; here it is as it is now. "
                + "Make it again if it still applies.", Severity.Warning);
            return new(null, Stale: true);
        }
        catch (ValidationException e)
        {
            snackbar.Add($"{key} was not changed: {e.Message}", Severity.Error);
            return new(null, Stale: false);
        }
        catch (ServiceException e)
        {
            // Refused (a role, a rule) or gone: what the page shows is not what is.
            snackbar.Add($"{key} was not changed: {e.Message}", Severity.Error);
            return new(null, Stale: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Changing {Key} failed", key);
            snackbar.Add($"{key} could not be changed; please try again.", Severity.Error);
            return new(null, Stale: false);
        }
    }

    private async Task<string> WhoChangedAsync(Guid id, Guid actorId)
    {
        var latest = await issues.LatestHistoryAsync(id, 1, actorId);
        return latest?.Items.LastOrDefault()?.Actor is { } actor ? actor.Id == actorId ? "you, elsewhere" : actor.Name : "someone else";
    }
}

/// <summary>The issue as saved, or null when it was not (the person was told why); <see cref="Stale"/> when the page should read it again.</summary>
public sealed record IssueChangeResult(IssueDto? Issue, bool Stale);

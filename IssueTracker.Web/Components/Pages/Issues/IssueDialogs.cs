using MudBlazor;

namespace IssueTracker.Web.Components.Pages.Issues;

/// <summary>
/// Opens the new-issue dialog from anywhere (button, the "c" key, an alert) and tells listeners such as the board
/// that an issue was created. One per circuit.
/// </summary>
public sealed class IssueDialogs(IDialogService dialogs, ISnackbar snackbar, Microsoft.AspNetCore.Components.NavigationManager navigation)
{
    public event Func<IssueDto, Task>? Created;

    public async Task<IssueDto?> NewIssueAsync(NewIssuePrefill? prefill = null)
    {
        var parameters = new DialogParameters<NewIssueDialog> { { d => d.Prefill, prefill ?? new NewIssuePrefill() } };
        var dialog = await dialogs.ShowAsync<NewIssueDialog>("New issue", parameters,
            // No focus trap's first-element focus: the dialog puts the focus on the title itself, once it can be typed in.
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, DefaultFocus = DefaultFocus.None });
        var result = await dialog.Result;
        if (result is not { Canceled: false, Data: IssueDto issue }) return null;
        snackbar.Add($"Created {issue.Key}", Severity.Success, config =>
        {
            config.Action = "Open";
            config.ActionColor = Color.Inherit;
            config.OnClick = _ =>
            {
                navigation.NavigateTo($"issues/{issue.Key}");
                return Task.CompletedTask;
            };
        });
        if (Created is { } handlers)
            foreach (var handler in handlers.GetInvocationList().Cast<Func<IssueDto, Task>>()) await handler(issue);
        return issue;
    }

    /// <summary>Asks why <paramref name="what"/> is resolved; null when the person cancels (nothing changes then).</summary>
    public async Task<ResolutionChoice?> ResolveAsync(string what, IReadOnlyCollection<Guid> resolving, Guid actorId)
    {
        var parameters = new DialogParameters<ResolveDialog> { { d => d.What, what }, { d => d.Resolving, resolving }, { d => d.ActorId, actorId } };
        var dialog = await dialogs.ShowAsync<ResolveDialog>($"Resolve {what}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: ResolutionChoice choice } ? choice : null;
    }
}

/// <summary>What the new-issue dialog starts with (e.g. from an alert or the board's space filter).</summary>
public sealed record NewIssuePrefill(Guid? SpaceId = null, Guid? ProductId = null, Guid? AlertId = null, string? Title = null, string? Description = null);

using IssueTracker.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace IssueTracker.Web.Components.Pages.Issues;

public partial class IssueDetailPage
{
    [Parameter] public Guid Id { get; set; }
    // Set while prerendering: an issue that is not there (or not the reader's to see) answers 404, not 200.
    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    [Inject] private IssueService Issues { get; set; } = default!;
    [Inject] private CommentService Comments { get; set; } = default!;
    [Inject] private SpaceService Spaces { get; set; } = default!;
    [Inject] private ProductService Products { get; set; } = default!;
    [Inject] private UserService Users { get; set; } = default!;
    [Inject] private AlertService Alerts { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<IssueDetailPage> Logger { get; set; } = default!;
    [Inject] private LiveEvents Live { get; set; } = default!;
    [Inject] private NotificationService Notifications { get; set; } = default!;
    [Inject] private InboxSignal InboxSignal { get; set; } = default!;
    [Inject] private LinkService LinkService { get; set; } = default!;
    [Inject] private IssueActions Actions { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private IssueDto? issue;
    private AlertDto? alert;
    private IReadOnlyList<AlertRunDto> alertRuns = [];
    // The recent end of the thread and the history: an issue reopened by a monitor for years has thousands of events,
    // and rendering them all made every change on this page take seconds. "Show earlier" widens the window.
    private const int Window = 50;
    private IReadOnlyList<CommentDto> comments = [];
    private IReadOnlyList<HistoryEntryDto> history = [];
    private int commentTotal, historyTotal, commentWindow = Window, historyWindow = Window;
    private IReadOnlyList<UserSummaryDto> members = [];
    private IReadOnlyList<ProductDto> products = [];
    private IReadOnlyDictionary<string, UserRef> people = new Dictionary<string, UserRef>();
    private IReadOnlyList<MentionableDto> mentionables = [];
    private IReadOnlyList<UserSummaryDto> watchers = [];
    private IReadOnlyList<IssueLinkDto> links = [];
    private IssueRef? duplicateOf;
    private string? linkError;
    private int watcherTotal;
    // Avatars of the first few watchers; the count says how many in all.
    private const int WatcherAvatars = 8;
    private List<BreadcrumbItem> breadcrumbs = [];
    private Guid actorId;
    private bool notFound, canEdit, canDelete;
    private bool editingTitle, editingDescription;
    private string? titleDraft, descriptionDraft, titleError, descriptionError, commentError;
    private IDisposable? listening;
    private string? liveNote, changedWhileEditing, deletedBy;
    // This page's own writes in flight, and a change heard meanwhile (perhaps that very write's): looked at once they end.
    private int ownWrites;
    private Domain.ChangeEvent? heardMeanwhile;

    protected override async Task OnParametersSetAsync()
    {
        actorId = await CurrentUser.IdAsync();
        (liveNote, changedWhileEditing, deletedBy) = (null, null, null);
        await LoadAsync();
        // Opening an issue reads what the inbox says about it.
        if (issue is not null && await Notifications.MarkIssueReadAsync(Id, actorId) > 0) await InboxSignal.RaiseAsync();
        listening ??= Live.Listen(RendererInfo, actorId, OnChangeAsync, () => InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }));
    }

    // A change to this issue made anywhere but this page (someone else, or the same person in another tab, a script,
    // a phone) shows at once: fields, comments, history. The page's own change is already showing: it holds the
    // version that change made, so a change is this page's exactly when the issue is no newer than what it shows. A
    // title or description being edited here is not overwritten; the person is told and chooses.
    private Task OnChangeAsync(Domain.ChangeEvent change) =>
        change.IssueId != Id
            ? Task.CompletedTask
            : InvokeAsync(async () =>
            {
                // Its own write's event arrives before the write returns the version it made: decide when it has.
                if (ownWrites > 0) heardMeanwhile = change;
                else await ApplyAsync(change);
            });

    private async Task ApplyAsync(Domain.ChangeEvent change)
    {
        if (change.Type == Domain.ChangeTypes.IssueDeleted)
        {
            (liveNote, deletedBy) = (ChangeText.Note(change, actorId), change.ActorId == actorId ? "You (elsewhere)" : change.ActorName);
            StateHasChanged();
            return;
        }
        if (change.CommentId is { } commentId && change.Type is Domain.ChangeTypes.CommentCreated or Domain.ChangeTypes.CommentUpdated or Domain.ChangeTypes.CommentDeleted)
        {
            // A comment leaves the issue's version alone, so the thread itself tells: this page's own comment action
            // already shows what the event says; anyone else's shows something new.
            var before = comments.FirstOrDefault(c => c.Id == commentId)?.Content;
            // The first comment acknowledges the issue: its fields are read again too (a draft title or description is
            // not part of them).
            issue = await Issues.GetAsync(Id, actorId) ?? issue;
            await LoadActivityAsync();
            if (comments.FirstOrDefault(c => c.Id == commentId)?.Content != before) liveNote = ChangeText.Note(change, actorId);
            StateHasChanged();
            return;
        }
        var latest = await Issues.GetAsync(Id, actorId);
        if (latest is not null && issue is not null && latest.Version <= issue.Version) return;
        liveNote = ChangeText.Note(change, actorId);
        if (change.Type == Domain.ChangeTypes.IssueUpdated && (editingTitle || editingDescription))
        {
            changedWhileEditing = change.ActorId == actorId ? "You (elsewhere)" : change.ActorName;
            await LoadActivityAsync();
        }
        else if (!(editingTitle || editingDescription)) await LoadAsync();
        // A comment while a field is being edited: the thread and history follow, the draft stays.
        else await LoadActivityAsync();
        StateHasChanged();
    }

    /// <summary>Runs one of this page's own writes; a change heard while it ran is looked at once it has.</summary>
    private async Task<T> OwnWriteAsync<T>(Func<Task<T>> write)
    {
        ownWrites++;
        try
        {
            return await write();
        }
        finally
        {
            if (--ownWrites == 0 && heardMeanwhile is { } heard)
            {
                heardMeanwhile = null;
                await ApplyAsync(heard);
            }
        }
    }

    private async Task ShowTheirVersionAsync()
    {
        (editingTitle, editingDescription, changedWhileEditing) = (false, false, null);
        await LoadAsync();
    }

    public void Dispose() => listening?.Dispose();

    private string? addressShown;

    // The address bar shows the key (/issues/CUST-42), as people say and paste it, however the page was reached.
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!RendererInfo.IsInteractive || issue is null || addressShown == issue.Key) return;
        addressShown = issue.Key;
        try
        {
            await JS.InvokeVoidAsync("issueTracker.replaceAddress", Navigation.ToAbsoluteUri($"issues/{issue.Key}").AbsolutePath);
            // A description being edited when the page was left (a reload, a click elsewhere) opens again, with its draft.
            if (canEdit && !editingDescription
                && await JS.InvokeAsync<string?>("issueTracker.loadDraft", $"description:{issue.Id}") is { Length: > 0 } draft && draft != issue.Description)
            {
                StartDescriptionEdit();
                StateHasChanged();
            }
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private async Task LoadAsync()
    {
        issue = await Issues.GetAsync(Id, actorId);
        notFound = issue is null;
        if (issue is null)
        {
            if (HttpContext is { Response.HasStarted: false } http) http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var space = await Spaces.GetAsync(issue.Space.Id, actorId);
        canEdit = RoleRules.MayChangeIssues(space?.Role);
        canDelete = RoleRules.MayDeleteIssue(space?.Role, issue.Reporter.Id, actorId);
        breadcrumbs = [new(issue.Space.Name, Navigation.GetUriWithQueryParameters(Navigation.ToAbsoluteUri("").ToString(), new Dictionary<string, object?> { ["space"] = issue.Space.Id.ToString() })), new(issue.Key, null, disabled: true)];

        members = await Users.ActivePeopleAsync(issue.Space.Id, actorId);
        products = (await Products.ListAsync(issue.Space.Id, 1, PageRequest.MaxSize, actorId)).Items;
        mentionables = await Users.MentionablesAsync(issue.Space.Id, actorId);
        people = mentionables.ToDictionary(p => p.Handle, p => new UserRef(p.Id, p.Name));
        alert = issue.Alert is { } linked ? await Alerts.GetAsync(linked.Id, actorId) : null;
        alertRuns = alert is null ? [] : (await Alerts.RunsAsync(alert.Id, 1, RunStrip.Shown, actorId))?.Items ?? [];
        await LoadActivityAsync();
    }

    private async Task LoadActivityAsync()
    {
        await LoadCommentsAsync();
        await LoadHistoryAsync();
        await LoadWatchersAsync();
        await LoadLinksAsync();
    }

    private async Task LoadLinksAsync()
    {
        links = await LinkService.ListAsync(Id, actorId) ?? [];
        // The duplicated issue by its key, when the reader may see it (the links show only what they may see).
        duplicateOf = issue?.DuplicateOf is { } original ? links.FirstOrDefault(l => l.Type == Domain.LinkDirection.Duplicates && l.Issue.Id == original)?.Issue : null;
    }

    /// <summary>Resolving asks why (a reason, a note, the original of a duplicate); other statuses change at once.</summary>
    private async Task ChangeStatusAsync(Domain.IssueStatus status)
    {
        if (issue is null) return;
        var changed = await Actions.StatusChangeAsync([(issue.Id, issue.Key)], status, actorId) is { } patch && await ChangeAsync(patch);
        if (changed && status == Domain.IssueStatus.Resolved) await LoadLinksAsync();
        // Not changed (cancelled, refused): the picker goes back to what the issue is.
        if (!changed) statusPicker++;
    }

    private int statusPicker;

    private Task<bool> AddLinkAsync(Domain.IssueLinkType type, Guid other) => OwnWriteAsync(() => AddLinkNowAsync(type, other));

    private async Task<bool> AddLinkNowAsync(Domain.IssueLinkType type, Guid other)
    {
        linkError = null;
        try
        {
            await LinkService.AddAsync(Id, new LinkRequest { Type = type, IssueId = other }, actorId);
            await LoadAsync();
            return true;
        }
        catch (ServiceException e)
        {
            linkError = e.Message;
        }
        catch (Exception e)
        {
            Logger.LogError(e, "Linking issue {Id} failed", Id);
            linkError = "The link could not be added; please try again.";
        }
        return false;
    }

    private Task RemoveLinkAsync(IssueLinkDto link) => OwnWriteAsync(() => RemoveLinkNowAsync(link));

    private async Task<bool> RemoveLinkNowAsync(IssueLinkDto link)
    {
        try
        {
            await LinkService.RemoveAsync(Id, link.Id, actorId);
            Snackbar.Add($"Link to {link.Issue.Key} removed", Severity.Success);
        }
        catch (ServiceException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        await LoadAsync();
        return true;
    }

    private async Task LoadWatchersAsync()
    {
        var page = await Notifications.WatchersAsync(Id, actorId, 1, WatcherAvatars);
        (watchers, watcherTotal) = (page?.Items ?? [], page?.Total ?? 0);
        // Commenting or being mentioned starts watching: the button follows.
        if (issue is not null) issue = issue with { Watching = await Notifications.IsWatchingAsync(Id, actorId) };
    }

    private async Task ToggleWatchingAsync()
    {
        if (issue is null) return;
        try
        {
            await Notifications.SetWatchingAsync(issue.Id, !issue.Watching, actorId);
            issue = issue with { Watching = !issue.Watching };
            await LoadWatchersAsync();
            Snackbar.Add(issue.Watching ? $"You are watching {issue.Key}." : $"You stopped watching {issue.Key}; you will still hear when you are assigned or mentioned.", Severity.Info);
        }
        catch (ServiceException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
    }

    private async Task LoadCommentsAsync()
    {
        var latest = await Comments.LatestAsync(Id, commentWindow, actorId);
        (comments, commentTotal) = (latest?.Items ?? [], latest?.Total ?? 0);
    }

    private async Task LoadHistoryAsync()
    {
        var latest = await Issues.LatestHistoryAsync(Id, historyWindow, actorId);
        (history, historyTotal) = (latest?.Items ?? [], latest?.Total ?? 0);
    }

    private Task ShowEarlierCommentsAsync()
    {
        commentWindow = Math.Min(commentWindow + Window, Paging.MaxLatest);
        return LoadCommentsAsync();
    }

    private Task ShowEarlierHistoryAsync()
    {
        historyWindow = Math.Min(historyWindow + Window, Paging.MaxLatest);
        return LoadHistoryAsync();
    }

    /// <summary>Every in-place change: sent with the version shown, so a concurrent edit by someone else is not overwritten.</summary>
    private Task<bool> ChangeAsync(UpdateIssueRequest patch) => OwnWriteAsync(() => ChangeNowAsync(patch));

    private async Task<bool> ChangeNowAsync(UpdateIssueRequest patch)
    {
        if (issue is null) return false;
        var result = await Actions.ChangeAsync(issue.Id, issue.Key, issue.Version, patch, actorId);
        if (result.Issue is { } saved)
        {
            issue = saved;
            await LoadHistoryAsync();
            return true;
        }
        if (result.Stale) await LoadAsync();
        return false;
    }

    private void StartTitleEdit()
    {
        titleDraft = issue?.Title;
        titleError = null;
        editingTitle = true;
    }

    private async Task SaveTitleAsync()
    {
        if (string.IsNullOrWhiteSpace(titleDraft)) { titleError = "Title is required."; return; }
        if (await ChangeAsync(new UpdateIssueRequest { Title = titleDraft })) editingTitle = false;
    }

    private async Task TitleKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter") await SaveTitleAsync();
        else if (e.Key == "Escape") editingTitle = false;
    }

    private void StartDescriptionEdit()
    {
        descriptionDraft = issue?.Description;
        descriptionError = null;
        editingDescription = true;
    }

    private MarkdownEditor? descriptionEditor;

    private async Task SaveDescriptionAsync()
    {
        if (!await ChangeAsync(new UpdateIssueRequest { Description = descriptionDraft ?? "" })) return;
        if (descriptionEditor is not null) await descriptionEditor.ClearDraftAsync();
        editingDescription = false;
    }

    // Cancel throws the draft away on purpose: it is not kept for next time.
    private async Task CancelDescriptionAsync()
    {
        if (descriptionEditor is not null) await descriptionEditor.ClearDraftAsync();
        editingDescription = false;
    }

    private async Task<bool> AddCommentAsync(string content) =>
        await CommentActionAsync(() => Comments.AddAsync(Id, new CommentRequest { Content = content }, actorId));

    private async Task<bool> EditCommentAsync(CommentDto comment, string content) =>
        await CommentActionAsync(() => Comments.EditAsync(Id, comment.Id, new CommentRequest { Content = content }, actorId));

    private async Task DeleteCommentAsync(CommentDto comment)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete comment", "Delete this comment? This cannot be undone.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed == true) await CommentActionAsync(() => Comments.DeleteAsync(Id, comment.Id, actorId));
    }

    private Task<bool> CommentActionAsync(Func<Task> action) => OwnWriteAsync(() => CommentActionNowAsync(action));

    private async Task<bool> CommentActionNowAsync(Func<Task> action)
    {
        commentError = null;
        try
        {
            await action();
            issue = await Issues.GetAsync(Id, actorId) ?? issue;
            await LoadActivityAsync();
            // The thread calls back through a Func (to learn whether to clear its box), which does not re-render this page.
            StateHasChanged();
            return true;
        }
        catch (ServiceException e)
        {
            commentError = e.Message;
        }
        catch (Exception e)
        {
            Logger.LogError(e, "A comment action on issue {Id} failed", Id);
            commentError = "The comment could not be saved; please try again.";
        }
        StateHasChanged();
        return false;
    }

    private async Task DeleteAsync()
    {
        if (issue is null) return;
        await OwnWriteAsync(DeleteNowAsync);
    }

    private async Task<bool> DeleteNowAsync()
    {
        if (issue is null) return false;
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete issue",
            $"Delete {issue.Key} with its comments and history? This cannot be undone.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true) return false;
        try
        {
            await Issues.DeleteAsync(issue.Id, actorId, [issue.Version]);
            // Its own deletion's event says nothing here: the page is leaving.
            heardMeanwhile = null;
            Snackbar.Add($"Deleted {issue.Key}", Severity.Success);
            Navigation.NavigateTo("");
            return true;
        }
        catch (ServiceException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
            return false;
        }
    }

    private string MemberName(Guid? id) => id is null ? "" : members.FirstOrDefault(m => m.Id == id)?.Name ?? issue?.Assignee?.Name ?? "";

    private string ProductName(Guid? id) => id is null ? "" : products.FirstOrDefault(p => p.Id == id)?.Name ?? issue?.Product?.Name ?? "";
}

namespace IssueTracker.Web.Notifications;

/// <summary>
/// Tells the bell of this browser tab that the inbox changed here (marked read), so its count follows at once.
/// Registered per circuit; changes made elsewhere reach the bell through the change feed.
/// </summary>
public sealed class InboxSignal
{
    public event Func<Task>? Changed;

    public Task RaiseAsync() => Changed?.Invoke() ?? Task.CompletedTask;
}

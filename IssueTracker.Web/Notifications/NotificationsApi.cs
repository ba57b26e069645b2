using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IssueTracker.Web.Notifications;

/// <summary>The caller's inbox and the watchers of an issue (README, "Use it": Inbox).</summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder api)
    {
        var inbox = api.MapGroup("/notifications").WithTags("Notifications");
        inbox.MapGet("/", ListNotifications).WithName(nameof(ListNotifications)).WithSummary("The caller's notifications, newest first");
        inbox.MapGet("/unread-count", UnreadNotificationCount).WithName(nameof(UnreadNotificationCount)).WithSummary("How many of the caller's notifications are unread");
        inbox.MapPost("/{id:guid}/read", MarkNotificationRead).WithName(nameof(MarkNotificationRead)).WithSummary("Mark one notification read");
        inbox.MapPost("/read-all", MarkAllNotificationsRead).WithName(nameof(MarkAllNotificationsRead)).WithSummary("Mark every notification read");

        var watchers = api.MapGroup("/issues/{id:guid}/watchers").WithTags("Notifications");
        watchers.MapGet("/", ListWatchers).WithName(nameof(ListWatchers)).WithSummary("Who watches an issue");
        watchers.MapPut("/me", Watch).WithName(nameof(Watch)).WithSummary("Watch an issue");
        watchers.MapDelete("/me", Unwatch).WithName(nameof(Unwatch)).WithSummary("Stop watching an issue (automatic watching will not start it again)");
        return api;
    }

    public static async Task<Ok<PagedResult<NotificationDto>>> ListNotifications(
        [FromQuery] string? unread, [FromQuery] string? page, [FromQuery] string? size, ClaimsPrincipal user, NotificationService notifications, CancellationToken ct)
    {
        var paging = ApiHttp.Page(page, size);
        var unreadOnly = unread switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw new ValidationException("unread", "Unread is true or false."),
        };
        return TypedResults.Ok(await notifications.ListAsync(user.ActorId(), unreadOnly, paging.Page, paging.Size, ct));
    }

    public static async Task<Ok<UnreadCountDto>> UnreadNotificationCount(ClaimsPrincipal user, NotificationService notifications, CancellationToken ct) =>
        TypedResults.Ok(new UnreadCountDto(await notifications.UnreadCountAsync(user.ActorId(), ct)));

    public static async Task<NoContent> MarkNotificationRead(Guid id, ClaimsPrincipal user, NotificationService notifications, CancellationToken ct)
    {
        await notifications.MarkReadAsync(id, user.ActorId(), ct);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> MarkAllNotificationsRead(ClaimsPrincipal user, NotificationService notifications, CancellationToken ct)
    {
        await notifications.MarkAllReadAsync(user.ActorId(), ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<PagedResult<UserSummaryDto>>> ListWatchers(
        Guid id, [FromQuery] string? page, [FromQuery] string? size, ClaimsPrincipal user, NotificationService notifications, CancellationToken ct)
    {
        var paging = ApiHttp.Page(page, size);
        return TypedResults.Ok(await notifications.WatchersAsync(id, user.ActorId(), paging.Page, paging.Size, ct) ?? throw new NotFoundException("Issue"));
    }

    public static async Task<NoContent> Watch(Guid id, ClaimsPrincipal user, NotificationService notifications, CancellationToken ct)
    {
        await notifications.SetWatchingAsync(id, true, user.ActorId(), ct);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> Unwatch(Guid id, ClaimsPrincipal user, NotificationService notifications, CancellationToken ct)
    {
        await notifications.SetWatchingAsync(id, false, user.ActorId(), ct);
        return TypedResults.NoContent();
    }
}

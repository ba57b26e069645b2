namespace IssueTracker.Web.Contracts;

/// <summary>The issue a notification is about, as the inbox shows it.</summary>
public sealed record IssueBrief(Guid Id, string Key, string Title);

/// <summary>One line of a person's inbox (README, "Use it": Inbox).</summary>
public sealed record NotificationDto(
    Guid Id,
    NotificationType Type,
    IssueBrief Issue,
    UserRef Actor,
    string Summary,
    DateTime CreatedAt,
    DateTime? ReadAt);

public sealed record UnreadCountDto(int Count);

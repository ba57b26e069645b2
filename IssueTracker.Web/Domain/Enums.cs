namespace IssueTracker.Web.Domain;

// Stored as integers: priority order is the sort order, and integer columns keep the composite indexes small.

public enum IssueStatus { Open = 0, InProgress = 1, Resolved = 2 }

public enum IssuePriority { Low = 0, Medium = 1, High = 2, Critical = 3 }

public enum SpaceRole { Viewer = 0, Member = 1, Admin = 2 }

public enum AlertKind { Freshness = 0, Volume = 1, Schema = 2, NullRate = 3, Distribution = 4, Custom = 5 }

public enum AlertStatus { Firing = 0, Resolved = 1 }

/// <summary>What a personal access token may do (the OpenAPI document): read every GET, write issues and their parts, admin manage spaces and people.</summary>
public enum TokenScope { Read = 0, Write = 1, Admin = 2 }

public enum IssueEventKind
{
    Created = 0,
    TitleChanged = 1,
    DescriptionChanged = 2,
    StatusChanged = 3,
    PriorityChanged = 4,
    AssigneeChanged = 5,
    ProductChanged = 6,
    AlertLinked = 7,
    CommentAdded = 8,
    CommentEdited = 9,
    CommentDeleted = 10,
    AlertFired = 11,
    AlertResolved = 12,
    ResolutionChanged = 13,
    ResolutionNoteChanged = 14,
    LinkAdded = 15,
    LinkRemoved = 16,
    /// <summary>The SLA became due soon or breached (the Quality monitor tells it as the clock reaches it).</summary>
    SlaChanged = 17,
}

/// <summary>Why an issue was resolved (the OpenAPI document); null on an issue resolved without one, cleared on reopening.</summary>
public enum IssueResolution { Fixed = 0, FalsePositive = 1, ExpectedChange = 2, Duplicate = 3, WontFix = 4, Other = 5 }

/// <summary>
/// How two issues relate, stored from the issue that says it. Seen from the other end, each reads as its
/// <see cref="LinkDirection"/> (duplicated_by, blocked_by, causes); relates_to reads the same both ways.
/// </summary>
public enum IssueLinkType { RelatesTo = 0, Duplicates = 1, Blocks = 2, CausedBy = 3 }

/// <summary>A link as one end reads it: the stored types, and the names of their other ends.</summary>
public enum LinkDirection { RelatesTo = 0, Duplicates = 1, Blocks = 2, CausedBy = 3, DuplicatedBy = 4, BlockedBy = 5, Causes = 6 }

/// <summary>Where an issue stands against its space's SLA (the OpenAPI document): due_soon under 20 % of the time left.</summary>
public enum SlaState { Ok = 0, DueSoon = 1, Breached = 2, Met = 3 }

/// <summary>Why a person is notified (README, "Use it": Inbox); stored as its number.</summary>
public enum NotificationType { Assigned = 0, Mentioned = 1, Commented = 2, StatusChanged = 3, PriorityChanged = 4, AlertFired = 5, AlertReopened = 6, SlaDueSoon = 7, SlaBreached = 8 }

/// <summary>How a webhook's deliveries are written: the event object, or a Slack incoming-webhook message.</summary>
public enum WebhookFormat { Json = 0, Slack = 1 }

public enum DeliveryStatus { Pending = 0, Succeeded = 1, Failed = 2 }

/// <summary>
/// A product's health: failing with an open critical issue or a firing schema or freshness alert; degraded with an
/// open high issue or any firing alert; healthy otherwise.
/// </summary>
public enum ProductHealthStatus { Healthy = 0, Degraded = 1, Failing = 2 }

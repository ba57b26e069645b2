namespace IssueTracker.Web.Data;

/// <summary>A write that did not get the database within the configured wait; nothing was changed, and a retry may succeed.</summary>
public sealed class DatabaseBusyException(string message) : Exception(message);

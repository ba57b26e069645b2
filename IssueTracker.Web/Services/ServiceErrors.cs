namespace IssueTracker.Web.Services;

/// <summary>
/// A rule the service layer refused. The API maps each kind to one status code in <c>ProblemDetailsFilter</c>;
/// components show <see cref="Exception.Message"/>, which is always safe to show a user.
/// </summary>
public abstract class ServiceException(string message) : Exception(message)
{
    /// <summary>Members the problem+json answer carries besides its detail (e.g. <c>newest_event_id</c>).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }
}

/// <summary>404: the thing does not exist, or the actor may not see it (the two are indistinguishable on purpose).</summary>
public sealed class NotFoundException(string what) : ServiceException($"{what} was not found.");

/// <summary>400 with field errors keyed by the API's snake_case field names.</summary>
public sealed class ValidationException(IDictionary<string, string[]> errors)
    : ServiceException("One or more validation errors occurred.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public ValidationException(string field, string error) : this(new Dictionary<string, string[]> { [field] = [error] }) { }

    public override string Message => string.Join(" ", Errors.SelectMany(e => e.Value));
}

/// <summary>403: the actor can see the thing but their role does not allow this change.</summary>
public sealed class ForbiddenException(string message) : ServiceException(message);

/// <summary>409: the request conflicts with the current state (e.g. the same idempotency key is still in flight).</summary>
public sealed class ConflictException(string message) : ServiceException(message)
{
    /// <summary>When the conflict passes by itself (a request still in flight), how long to wait: sent as Retry-After.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>412: the caller's version (If-Match) is stale.</summary>
public sealed class PreconditionFailedException(string message) : ServiceException(message)
{
    /// <summary>The version the thing has now: the 412 carries it as its ETag, so the caller can read again or retry.</summary>
    public int? CurrentVersion { get; init; }
}

/// <summary>422: an idempotency key reused with a different request.</summary>
public sealed class UnprocessableException(string message) : ServiceException(message);

/// <summary>429: the actor did this too often; they may try again after <see cref="RetryAfter"/>.</summary>
public sealed class TooManyRequestsException(string message, TimeSpan retryAfter) : ServiceException(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>Collects field errors so a request reports all of them at once.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public void Add(string field, string error)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(error);
    }

    public bool Any => _errors.Count > 0;

    public void ThrowIfAny()
    {
        if (Any) throw new ValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}

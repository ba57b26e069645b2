namespace IssueTracker.Web.Components.Shared;

/// <summary>
/// The service's validation errors for a form, keyed by the same snake_case field names the API uses, so each
/// message shows under its field.
/// </summary>
public sealed class FieldErrors
{
    private IDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    public bool Has(string field) => _errors.ContainsKey(field);

    public string? Of(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public void Set(ValidationException e) => _errors = e.Errors;

    public void Clear() => _errors = new Dictionary<string, string[]>();
}

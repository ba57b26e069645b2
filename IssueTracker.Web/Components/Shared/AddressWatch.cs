using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace IssueTracker.Web.Components.Shared;

/// <summary>
/// Tells a page when its own address changes while it stays open (a filter put in the query string, the back
/// button). A page that reads its query itself rather than through [SupplyParameterFromQuery] gets no new
/// parameters then: Blazor only sets parameters that changed, and such a page has none. Dispose it with the page.
/// </summary>
public sealed class AddressWatch : IDisposable
{
    private readonly NavigationManager _navigation;
    private readonly string _path;
    private readonly Func<Task> _changed;

    public AddressWatch(NavigationManager navigation, string path, Func<Task> changed)
    {
        (_navigation, _path, _changed) = (navigation, path, changed);
        _navigation.LocationChanged += OnLocationChanged;
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        // Leaving for another page: that page reads its own address.
        if (!string.Equals(new Uri(e.Location).AbsolutePath, _path, StringComparison.OrdinalIgnoreCase)) return;
        _ = _changed();
    }

    public void Dispose() => _navigation.LocationChanged -= OnLocationChanged;
}

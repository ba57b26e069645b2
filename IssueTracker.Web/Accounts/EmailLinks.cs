using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Accounts;

/// <summary>
/// Absolute links that leave the app in an email (confirm an address, reset a password): built on
/// <c>IssueTracker:PublicUrl</c> when it is set, never on the request's Host header, which the requester chooses (a
/// reset link for someone else's account pointing at the attacker's host is the classic host-header attack). Without
/// the setting, the address the request came to is all there is.
/// </summary>
public sealed class EmailLinks(NavigationManager navigation, IOptions<IssueTrackerOptions> options)
{
    public string To(string relative, IReadOnlyDictionary<string, object?> query)
    {
        var root = options.Value.PublicRoot is { Length: > 0 } configured
            ? new Uri(configured.TrimEnd('/') + "/")
            : new Uri(navigation.BaseUri);
        return navigation.GetUriWithQueryParameters(new Uri(root, relative).AbsoluteUri, query);
    }
}

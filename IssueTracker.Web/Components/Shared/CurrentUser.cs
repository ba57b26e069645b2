using Microsoft.AspNetCore.Components.Authorization;

namespace IssueTracker.Web.Components.Shared;

/// <summary>The signed-in user of this circuit, as the actor every service call needs.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    public async Task<Guid> IdAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return ActorClaims.GetActorId(state.User) ?? throw new InvalidOperationException("No signed-in user; pages require authorization.");
    }
}

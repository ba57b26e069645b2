using Microsoft.AspNetCore.Components.Server.Circuits;

namespace IssueTracker.Web.Live;

/// <summary>
/// Whether this circuit's browser is connected. Blazor keeps a circuit for a while after its tab closes or its network
/// drops; live pages stop reacting to changes while nobody can see them, and catch up once when the browser is back.
/// </summary>
public sealed class ConnectionState : CircuitHandler
{
    public bool IsUp { get; private set; } = true;

    /// <summary>Raised when the browser is back after being away.</summary>
    public event Func<Task>? Reconnected;

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        IsUp = false;
        return Task.CompletedTask;
    }

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var wasDown = !IsUp;
        IsUp = true;
        if (wasDown && Reconnected is { } reconnected) await reconnected();
    }
}

using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using IssueTracker.Web.Components;
using IssueTracker.Web.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace IssueTracker.Tests.Infrastructure;

/// <summary>
/// bUnit with MudBlazor and the real service layer over the class's <see cref="TestDatabase"/>: components are tested
/// against the same rules the API follows, with a fixed clock.
/// </summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    private readonly BunitAuthorizationContext _auth;

    protected MudTestContext(TestDatabase db)
    {
        Db = db;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
        Services.AddLogging();
        Services.AddSingleton(db.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>());
        Services.AddSingleton<TimeProvider>(db.Clock);
        // Identity's user manager and the context its store saves through, from one scope of the database's services,
        // as in a request (UserService adds an access change to that context, saved with the person's row).
        Services.AddScoped(_ => new IdentityScope(db.Services.CreateScope()));
        Services.AddScoped(sp => sp.GetRequiredService<IdentityScope>().Scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>());
        Services.AddScoped(sp => sp.GetRequiredService<IdentityScope>().Scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
        Services.AddIssueTrackerServices();
        Services.AddSingleton(db.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>());
        Services.AddSingleton(db.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IssueTracker.Web.IssueTrackerOptions>>());
        Services.AddCircuitHelpers();
        // The feed the test database's writes publish to, so pages hear changes made through the services.
        Services.AddSingleton(db.Services.GetRequiredService<IssueTracker.Web.Live.ChangeFeed>());
        _auth = AddAuthorization();
    }

    /// <summary>The input or textarea a MudBlazor field labels <paramref name="label"/>: found as a person finds it.</summary>
    protected static AngleSharp.Dom.IElement Field<T>(IRenderedComponent<T> cut, string label) where T : Microsoft.AspNetCore.Components.IComponent
    {
        var labels = cut.FindAll("label").Where(l => l.TextContent.Trim() == label).ToList();
        var found = labels.Select(l => l.Closest(".mud-input-control")?.QuerySelector("input:not([type=hidden]), textarea")).OfType<AngleSharp.Dom.IElement>().ToList();
        return found.Count == 1 ? found[0] : throw new InvalidOperationException($"{found.Count} fields labelled '{label}'.");
    }

    protected TestDatabase Db { get; }

    protected void SignIn(UserDto user) =>
        _auth.SetAuthorized(user.Name).SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()));

    /// <summary>The providers a page gets from MainLayout (popovers for selects and menus, dialogs, snackbars).</summary>
    protected IRenderedComponent<MudProviders> RenderProviders()
    {
        RenderInteractively();
        return Render<MudProviders>();
    }

    private bool _interactive;

    /// <summary>
    /// Components render as in a live circuit (interactive server), where pages listen to the change feed. Set on the
    /// first render: the renderer exists from then on, and derived tests add their services before it.
    /// </summary>
    protected void RenderInteractively()
    {
        if (_interactive) return;
        _interactive = true;
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    /// <summary>Renders a routable page as if the browser were at <paramref name="relativeUri"/> (query string included).</summary>
    protected IRenderedComponent<TPage> RenderAt<TPage>(string relativeUri) where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        RenderInteractively();
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo(relativeUri);
        return Render<TPage>();
    }

    /// <summary>
    /// Starts counting this database's SQL commands (once EF reports them to the counter) and returns, with it, what a
    /// status change costs while no page looks at it: the baseline that a page's reaction to a change is measured against.
    /// </summary>
    protected async Task<(SqlCommandCounter Counter, int Alone)> CountFromAnUnseenChangeAsync(Guid readerId, Guid spaceId, Guid adminId)
    {
        var counter = SqlCommandCounter.For(Db);
        await counter.WaitUntilCountingAsync(() => Db.Get<IssueService>().GetAsync(Guid.NewGuid(), readerId));
        var unseen = await Db.Data.IssueAsync(spaceId, adminId, "Nobody is looking");
        var alone = await counter.CountAsync(() => Db.Get<IssueService>().UpdateAsync(unseen.Id, new UpdateIssueRequest { Status = Web.Domain.IssueStatus.InProgress }, adminId));
        return (counter, alone);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are async-disposable only.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}

/// <summary>One scope of the test database's services for a component test's Identity parts; disposed with the test's.</summary>
internal sealed class IdentityScope(IServiceScope scope) : IDisposable
{
    public IServiceScope Scope { get; } = scope;

    public void Dispose() => Scope.Dispose();
}

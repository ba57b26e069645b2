using IssueTracker.Web;
using IssueTracker.Web.Components;
using IssueTracker.Web.Components.Account;
using IssueTracker.Web.Setup;
using Microsoft.AspNetCore.Components.Authorization;

// Settings are read once at start-up: reloading them on change needs a recursive file watcher over the content root
// and the repository root, which hold App_Data, so every database write would wake it.
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
SettingsFile.Use(builder.Configuration, builder.Environment);

builder.Services.AddOptions<IssueTrackerOptions>().Bind(builder.Configuration.GetSection(IssueTrackerOptions.Section));
builder.Services.AddSingleton(TimeProvider.System);

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.Services.AddIssueTrackerUi();

builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<IdentityRedirectManager>();
builder.Services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
builder.Services.AddIssueTrackerAuthentication();

builder.Services.AddIssueTrackerDatabase(builder.Configuration, builder.Environment);
builder.Services.AddDatabaseDeveloperPageExceptionFilter();

builder.Services.AddIssueTrackerIdentity();
builder.Services.AddIssueTrackerServices();
builder.Services.AddHostedService(services => services.GetRequiredService<ChangeFeedReader>());
builder.Services.AddHostedService<Housekeeping>();
builder.Services.AddHostedService<WebhookSender>();
builder.Services.AddSingleton<SlaWatcher>();
builder.Services.AddHostedService(services => services.GetRequiredService<SlaWatcher>());

builder.Services.AddIssueTrackerApi();

var app = builder.Build();

await app.Services.InitializeDatabaseAsync();

app.UseIssueTrackerForwardedHeaders();
app.UseSecurityHeaders();
if (app.Environment.IsDevelopment())
{
    app.UseMigrationsEndPoint();
}
else
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
// The API answers errors as problem details; pages get the app's not-found page.
app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
// Only for reads: a form posted to a page that is not there (or shut, like registration) gets a bare 404, not the page
// re-run as a POST (which the page's antiforgery check would answer 400).
app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api") && (HttpMethods.IsGet(c.Request.Method) || HttpMethods.IsHead(c.Request.Method)),
    pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
// An issue's key in an API path becomes its id before routing (README, "API quick start").
app.UseIssueKeyPaths();
// Routing after the error and status-code pages: a re-executed request (/not-found, /Error) is routed again. Left to
// WebApplication, routing runs first, and the not-found page went out empty.
app.UseRouting();
app.UseHttpsRedirection();
app.UseRegistrationGate();

app.UseAddressRateLimits();
app.UseAuthentication();
app.UseAuthorization();
app.UseApiCallerLimits();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>()
    // frame-ancestors is part of the one policy SecurityHeaders writes.
    .AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
app.MapAdditionalIdentityEndpoints();
app.MapIssueTrackerApi();

app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));

app.Run();

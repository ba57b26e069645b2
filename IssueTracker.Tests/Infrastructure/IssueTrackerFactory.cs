using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IssueTracker.Tests.Infrastructure;

/// <summary>
/// The real app over a fresh SQLite file (or PostgreSQL database, <see cref="TestProvider"/>), bootstrapped with an admin and a configured admin token, as CI and
/// integrations start it. Real authentication: tests call with personal access tokens or a signed-in cookie.
/// </summary>
public class IssueTrackerFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "admin-password-for-tests";
    public const string AdminToken = "itk_test_admin_token_0123456789";

    private readonly string _folder;

    public IssueTrackerFactory() : this(null) { }

    /// <summary>
    /// An app over the database in <paramref name="folder"/> (another app's, to restart it, or to run a second instance
    /// on it: <paramref name="postgres"/> is then that app's PostgreSQL database), or a fresh one.
    /// </summary>
    protected IssueTrackerFactory(string? folder, string? postgres = null)
    {
        _folder = folder ?? Path.Combine(Path.GetTempPath(), "issuetracker-api-tests", Guid.NewGuid().ToString("N"));
        (Postgres, _ownsDatabase) = postgres is not null ? (postgres, false)
            : TestProvider.IsPostgres ? (TestProvider.CreatePostgresDatabaseAsync().GetAwaiter().GetResult(), true)
            : (null, folder is null);
    }

    private readonly bool _ownsDatabase;

    public string Folder => _folder;

    /// <summary>The PostgreSQL database's connection string when the app runs on PostgreSQL; null on SQLite.</summary>
    public string? Postgres { get; }

    public string DatabasePath => Path.Combine(_folder, "api.db");
    public TestData Data => new(Services);
    public static JsonSerializerOptions Json => ApiJson.Options;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseSetting("ConnectionStrings:IssueTracker", Postgres ?? new SqliteConnectionStringBuilder { DataSource = DatabasePath }.ToString());
        builder.UseSetting("IssueTracker:Database:Provider", Postgres is null ? "sqlite" : "postgres");
        builder.UseSetting("IssueTracker:SeedDemoData", "false");
        builder.UseSetting("IssueTracker:Admin:Email", AdminEmail);
        builder.UseSetting("IssueTracker:Admin:Password", AdminPassword);
        builder.UseSetting("IssueTracker:Admin:ApiToken", AdminToken);
        builder.UseSetting("IssueTracker:RateLimit:PermitsPerMinute", RateLimitPerMinute.ToString());
        // The address limits have tests of their own; elsewhere every request comes from one test address.
        builder.UseSetting("IssueTracker:RateLimit:SignInAttemptsPerAddress", "10000");
        builder.UseSetting("IssueTracker:RateLimit:SignInAttemptsPerAccountAndAddress", "10000");
        builder.UseSetting("IssueTracker:RateLimit:SignInAttemptsPerAccount", "10000");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter, ClientAddressFilter>();
            services.AddSingleton<IStartupFilter>(new ContractCheck(ContractAsync));
        });
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IPasswordHasher<ApplicationUser>>(Hasher);
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }

    /// <summary>Identity's password hasher, counting its work.</summary>
    public CountingPasswordHasher Hasher { get; } = new();

    /// <summary>What the app logged.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>The header a test sets to say which address its request comes from (the test server has none).</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>Gives each request the client address its test names (default 127.0.0.1), as a real connection would.</summary>
    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(
                    context.Request.Headers.TryGetValue(ClientAddressHeader, out var address) ? address.ToString() : "127.0.0.1");
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    protected virtual int RateLimitPerMinute => 100_000;

    public virtual Task InitializeAsync()
    {
        _ = Server; // start the app: migrations and the admin bootstrap run now
        return Task.CompletedTask;
    }

    /// <summary>Releases what a derived fixture started (a browser) before the app stops.</summary>
    protected virtual Task StopAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await StopAsync();
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Postgres is not null && _ownsDatabase) await TestProvider.DropPostgresDatabaseAsync(Postgres);
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>A client without credentials; every API answer it gets is held to the OpenAPI document (<see cref="ContractCheck"/>).</summary>
    public HttpClient Anonymous() => CreateDefaultClient(ClientOptions.BaseAddress, new ContractCheck.Handler(), new CookieContainerHandler());

    private Task<OpenApiContract>? _contract;

    /// <summary>The OpenAPI document this app serves (as <c>/openapi/v1.json</c> writes it), read once.</summary>
    public Task<OpenApiContract> ContractAsync() => LazyInitializer.EnsureInitialized(ref _contract, async () =>
    {
        var document = await Services.GetRequiredKeyedService<Microsoft.AspNetCore.OpenApi.IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync();
        using var text = new StringWriter();
        document.SerializeAsV31(new Microsoft.OpenApi.OpenApiJsonWriter(text));
        return OpenApiContract.For(text.ToString());
    });

    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Admin() => WithToken(AdminToken);

    public async Task<Guid> AdminIdAsync() => (await Admin().GetFromJsonAsync<MeDto>("/api/me", Json))!.Id;

    /// <summary>A new user with a token of their own, with every scope unless <paramref name="scopes"/> says otherwise.</summary>
    public async Task<Caller> UserAsync(string name = "Jane Developer", params Web.Domain.TokenScope[] scopes)
    {
        var user = await Data.UserAsync(name);
        using var scope = Services.CreateScope();
        var token = await scope.ServiceProvider.GetRequiredService<TokenService>().CreateAsync(
            new CreateTokenRequest { Name = "tests", Scopes = scopes.Length > 0 ? [.. scopes] : [.. Enum.GetValues<Web.Domain.TokenScope>()] }, user.Id);
        return new Caller(user, token.Token, WithToken(token.Token));
    }

    /// <summary>A space with an admin, a member, a viewer (each with a token) and a product.</summary>
    public async Task<ApiTeam> TeamAsync()
    {
        var admin = await UserAsync("Alice Admin");
        var member = await UserAsync("Jane Developer");
        var viewer = await UserAsync("Victor Viewer");
        var space = await Data.SpaceAsync(admin.User.Id);
        await Data.MemberAsync(space.Id, member.User.Id, Web.Domain.SpaceRole.Member, admin.User.Id);
        await Data.MemberAsync(space.Id, viewer.User.Id, Web.Domain.SpaceRole.Viewer, admin.User.Id);
        var product = await Data.ProductAsync(space.Id, admin.User.Id);
        return new ApiTeam(space, admin, member, viewer, product);
    }

    /// <summary>Signs in through the Identity form, as a browser does, and returns a client carrying the cookie.</summary>
    public async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var client = CreateDefaultClient(ClientOptions.BaseAddress, new ContractCheck.Handler(), new CookieContainerHandler());
        var response = await SubmitSignInAsync(client, email, password);
        if ((int)response.StatusCode != 302 || response.Headers.Location?.ToString().Contains("Lockout") == true)
            throw new InvalidOperationException($"Sign-in as {email} answered {(int)response.StatusCode} {response.Headers.Location}.");
        return client;
    }

    /// <summary>Posts the sign-in form once; a success or a lockout redirects (302), a wrong password shows the form again (200).</summary>
    public static Task<HttpResponseMessage> SubmitSignInAsync(HttpClient client, string email, string password) =>
        SubmitFormAsync(client, "/Account/Login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>
    /// Posts one of the static Identity forms as a browser does: its page first, for the antiforgery token; to the page
    /// itself, or to <paramref name="action"/> (an endpoint such as /Account/Logout).
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields, string? action = null)
    {
        var page = await client.GetStringAsync(path);
        fields["__RequestVerificationToken"] = Regex.Match(page, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        fields["_handler"] = handler;
        return await client.PostAsync(action ?? path, new FormUrlEncodedContent(fields));
    }
}

public sealed record Caller(UserDto User, string Token, HttpClient Client);

public sealed record ApiTeam(SpaceDto Space, Caller Admin, Caller Member, Caller Viewer, ProductDto Product);

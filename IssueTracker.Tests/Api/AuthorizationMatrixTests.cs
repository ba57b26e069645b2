using System.Net.Http.Json;
using IssueTracker.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Api;

/// <summary>
/// Every API route, read from the app's own endpoint data source (so a new route without a row here fails), called
/// by each kind of caller, with the status each must get. Targets that a call changes (an issue to delete, a member to
/// remove, a token to revoke) are made fresh for every cell, so the cells do not depend on each other.
/// </summary>
public sealed class AuthorizationMatrixTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    public enum Who { Anonymous, Outsider, Viewer, Member, SpaceAdmin, InstanceAdmin, TokenWithoutTheScope }

    private static readonly Who[] Callers = Enum.GetValues<Who>();

    /// <summary>One route: how to call it (given the caller and a fresh world) and the status per caller, in <see cref="Callers"/> order.</summary>
    private sealed record Row(Func<World, Who, Task<(string Url, object? Body)>> Arrange, params int[] Statuses);

    // Statuses in the order: anonymous, outsider, viewer, member, space admin, instance admin, token without the scope.
    private static readonly Dictionary<string, Row> Expected = new()
    {
        ["GET api/issues/"] = new(async (w, _) => ($"/api/issues?space_id={w.Team.Space.Id}", null), 401, 200, 200, 200, 200, 200, 403),
        ["POST api/issues/"] = new(async (w, _) => ("/api/issues", new { title = "Nulls", space_id = w.Team.Space.Id }), 401, 400, 403, 201, 201, 201, 403),
        ["GET api/issues/{id:guid}"] = new(async (w, _) => ($"/api/issues/{w.Issue.Id}", null), 401, 404, 200, 200, 200, 200, 403),
        ["PATCH api/issues/{id:guid}"] = new(async (w, _) => ($"/api/issues/{(await w.FreshIssueAsync()).Id}", new { priority = "high" }), 401, 404, 403, 200, 200, 200, 403),
        ["DELETE api/issues/{id:guid}"] = new(async (w, _) => ($"/api/issues/{(await w.FreshIssueAsync()).Id}", null), 401, 404, 403, 403, 204, 204, 403),
        ["GET api/issues/{id:guid}/history"] = new(async (w, _) => ($"/api/issues/{w.Issue.Id}/history", null), 401, 404, 200, 200, 200, 200, 403),
        ["GET api/issues/{id:guid}/links"] = new(async (w, _) => ($"/api/issues/{w.Issue.Id}/links", null), 401, 404, 200, 200, 200, 200, 403),
        ["POST api/issues/{id:guid}/links"] = new(async (w, _) => ($"/api/issues/{(await w.FreshIssueAsync()).Id}/links", new { type = "relates_to", issue_id = w.Issue.Id }), 401, 404, 403, 201, 201, 201, 403),
        ["DELETE api/issues/{id:guid}/links/{linkId:guid}"] = new(async (w, _) =>
        {
            var (issue, link) = await w.FreshLinkAsync();
            return ($"/api/issues/{issue}/links/{link}", null);
        }, 401, 404, 403, 204, 204, 204, 403),
        ["GET api/issues/{id:guid}/comments/"] = new(async (w, _) => ($"/api/issues/{w.Issue.Id}/comments", null), 401, 404, 200, 200, 200, 200, 403),
        ["POST api/issues/{id:guid}/comments/"] = new(async (w, _) => ($"/api/issues/{w.Issue.Id}/comments", new { content = "Looking" }), 401, 404, 201, 201, 201, 201, 403),
        ["PATCH api/issues/{id:guid}/comments/{commentId:guid}"] = new(async (w, _) => ($"/api/issues/{w.Issue.Id}/comments/{await w.FreshCommentAsync()}", new { content = "Edited" }), 401, 404, 403, 200, 403, 403, 403),
        ["DELETE api/issues/{id:guid}/comments/{commentId:guid}"] = new(async (w, _) => ($"/api/issues/{w.Issue.Id}/comments/{await w.FreshCommentAsync()}", null), 401, 404, 403, 204, 403, 403, 403),
        ["GET api/spaces/"] = new(async (_, _) => ("/api/spaces", null), 401, 200, 200, 200, 200, 200, 403),
        ["POST api/spaces/"] = new(async (_, _) => ("/api/spaces", new { name = "Quality", key = "Q" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant().Replace('0', 'A') }), 401, 403, 403, 403, 403, 201, 403),
        ["GET api/spaces/{id:guid}"] = new(async (w, _) => ($"/api/spaces/{w.Team.Space.Id}", null), 401, 404, 200, 200, 200, 200, 403),
        ["PATCH api/spaces/{id:guid}"] = new(async (w, _) => ($"/api/spaces/{w.Team.Space.Id}", new { description = "Customer data" }), 401, 404, 403, 403, 200, 200, 403),
        ["POST api/spaces/{id:guid}/archive"] = new(async (w, _) => ($"/api/spaces/{w.Team.Space.Id}/archive", null), 401, 404, 403, 403, 200, 200, 403),
        ["POST api/spaces/{id:guid}/unarchive"] = new(async (w, _) => ($"/api/spaces/{w.Team.Space.Id}/unarchive", null), 401, 404, 403, 403, 200, 200, 403),
        ["PATCH api/products/{id:guid}"] = new(async (w, _) => ($"/api/products/{w.Team.Product.Id}", new { description = "Orders table" }), 401, 404, 403, 403, 200, 200, 403),
        ["POST api/products/{id:guid}/archive"] = new(async (w, _) => ($"/api/products/{w.Team.Product.Id}/archive", null), 401, 404, 403, 403, 200, 200, 403),
        ["POST api/products/{id:guid}/unarchive"] = new(async (w, _) => ($"/api/products/{w.Team.Product.Id}/unarchive", null), 401, 404, 403, 403, 200, 200, 403),
        ["GET api/spaces/{id:guid}/members"] = new(async (w, _) => ($"/api/spaces/{w.Team.Space.Id}/members", null), 401, 404, 200, 200, 200, 200, 403),
        ["GET api/spaces/{id:guid}/alert-policy"] = new(async (w, _) => ($"/api/spaces/{w.Team.Space.Id}/alert-policy", null), 401, 404, 200, 200, 200, 200, 403),
        ["PUT api/spaces/{id:guid}/alert-policy"] = new(async (w, _) => ($"/api/spaces/{w.Team.Space.Id}/alert-policy", new { auto_open = true }), 401, 404, 403, 403, 200, 200, 403),
        ["GET api/spaces/{id:guid}/sla"] = new(async (w, _) => ($"/api/spaces/{w.Team.Space.Id}/sla", null), 401, 404, 200, 200, 200, 200, 403),
        ["PUT api/spaces/{id:guid}/sla"] = new(async (w, _) => ($"/api/spaces/{w.Team.Space.Id}/sla", new { low = new { resolve = "P7D" } }), 401, 404, 403, 403, 200, 200, 403),
        ["GET api/insights/"] = new(async (w, _) => ($"/api/insights?space_id={w.Team.Space.Id}", null), 401, 404, 200, 200, 200, 200, 403),
        ["GET api/products/{id:guid}/health"] = new(async (w, _) => ($"/api/products/{w.Team.Product.Id}/health", null), 401, 404, 200, 200, 200, 200, 403),
        ["PUT api/spaces/{id:guid}/members/{userId:guid}"] = new(async (w, _) => ($"/api/spaces/{w.Team.Space.Id}/members/{(await w.FreshUserAsync()).Id}", new { role = "member" }), 401, 404, 403, 403, 200, 200, 403),
        ["DELETE api/spaces/{id:guid}/members/{userId:guid}"] = new(async (w, _) => ($"/api/spaces/{w.Team.Space.Id}/members/{await w.FreshMemberAsync()}", null), 401, 404, 403, 403, 204, 204, 403),
        ["GET api/products/"] = new(async (_, _) => ("/api/products", null), 401, 200, 200, 200, 200, 200, 403),
        ["POST api/products/"] = new(async (w, _) => ("/api/products", new { name = "Orders " + Guid.NewGuid().ToString("N")[..6], space_id = w.Team.Space.Id }), 401, 400, 403, 403, 201, 201, 403),
        ["GET api/products/{id:guid}"] = new(async (w, _) => ($"/api/products/{w.Team.Product.Id}", null), 401, 404, 200, 200, 200, 200, 403),
        ["GET api/products/{id:guid}/alert-policy"] = new(async (w, _) => ($"/api/products/{w.Team.Product.Id}/alert-policy", null), 401, 404, 200, 200, 200, 200, 403),
        ["PUT api/products/{id:guid}/alert-policy"] = new(async (w, _) => ($"/api/products/{w.Team.Product.Id}/alert-policy", new { auto_open = true }), 401, 404, 403, 403, 200, 200, 403),
        ["GET api/me"] = new(async (_, _) => ("/api/me", null), 401, 200, 200, 200, 200, 200, 403),
        ["GET api/users/"] = new(async (_, _) => ("/api/users", null), 401, 200, 200, 200, 200, 200, 403),
        ["POST api/users/"] = new(async (_, _) => ("/api/users", new { email = $"new.{Guid.NewGuid():N}@test.local", name = "New Person", password = TestData.Password }), 401, 403, 403, 403, 403, 201, 403),
        ["PATCH api/users/{id:guid}"] = new(async (w, _) => ($"/api/users/{(await w.FreshUserAsync()).Id}", new { handle = "h" + Guid.NewGuid().ToString("N")[..10] }), 401, 403, 403, 403, 403, 200, 403),
        ["POST api/users/{id:guid}/deactivate"] = new(async (w, _) => ($"/api/users/{(await w.FreshUserAsync()).Id}/deactivate", null), 401, 403, 403, 403, 403, 204, 403),
        ["POST api/users/{id:guid}/reactivate"] = new(async (w, _) => ($"/api/users/{(await w.FreshUserAsync()).Id}/reactivate", null), 401, 403, 403, 403, 403, 204, 403),
        ["GET api/users/{id:guid}/avatar"] = new(async (w, _) => ($"/api/users/{w.Team.Member.User.Id}/avatar", null), 401, 404, 200, 200, 200, 200, 403),
        ["GET api/alerts/"] = new(async (_, _) => ("/api/alerts", null), 401, 200, 200, 200, 200, 200, 403),
        ["POST api/alerts/"] = new(async (w, _) => ("/api/alerts", new
        {
            product_id = w.Team.Product.Id,
            check = "freshness_" + Guid.NewGuid().ToString("N")[..8],
            kind = "freshness",
            status = "firing",
            title = "Stale",
        }), 401, 404, 403, 201, 201, 201, 403),
        ["POST api/connectors/dbt"] = new(async (w, _) => ($"/api/connectors/dbt?space_id={w.Team.Space.Id}", IssueTracker.Tests.Connectors.ConnectorsApiTests.RunResults()),
            401, 404, 403, 200, 200, 200, 403),
        ["POST api/connectors/great-expectations"] = new(async (w, _) => ($"/api/connectors/great-expectations?space_id={w.Team.Space.Id}", IssueTracker.Tests.Connectors.ConnectorsApiTests.GxResults()),
            401, 404, 403, 200, 200, 200, 403),
        ["POST api/connectors/soda"] = new(async (w, _) => ($"/api/connectors/soda?space_id={w.Team.Space.Id}", IssueTracker.Tests.Connectors.ConnectorsApiTests.ScanResults()),
            401, 404, 403, 200, 200, 200, 403),
        ["GET api/alerts/{id:guid}"] = new(async (w, _) => ($"/api/alerts/{w.Alert.Id}", null), 401, 404, 200, 200, 200, 200, 403),
        ["GET api/alerts/{id:guid}/occurrences"] = new(async (w, _) => ($"/api/alerts/{w.Alert.Id}/occurrences", null), 401, 404, 200, 200, 200, 200, 403),
        ["GET api/alerts/{id:guid}/runs"] = new(async (w, _) => ($"/api/alerts/{w.Alert.Id}/runs", null), 401, 404, 200, 200, 200, 200, 403),
        ["GET api/tokens/"] = new(async (_, _) => ("/api/tokens", null), 401, 200, 200, 200, 200, 200, 403),
        ["POST api/tokens/"] = new(async (_, _) => ("/api/tokens", new { name = "script" }), 401, 201, 201, 201, 201, 201, 403),
        // A stream: its status and headers come at once, and the matrix closes it there.
        ["GET api/events/"] = new(async (w, _) => ($"/api/events?space_id={w.Team.Space.Id}", null), 401, 200, 200, 200, 200, 200, 403),
        ["DELETE api/tokens/{id:guid}"] = new(async (w, c) => ($"/api/tokens/{await w.FreshTokenAsync(c)}", null), 401, 204, 204, 204, 204, 204, 403),
        // Everyone has an inbox; a notification is its person's alone (the member's here).
        ["GET api/notifications/"] = new(async (_, _) => ("/api/notifications?unread=true", null), 401, 200, 200, 200, 200, 200, 403),
        ["GET api/notifications/unread-count"] = new(async (_, _) => ("/api/notifications/unread-count", null), 401, 200, 200, 200, 200, 200, 403),
        ["POST api/notifications/{id:guid}/read"] = new(async (w, _) => ($"/api/notifications/{await w.FreshNotificationAsync()}/read", null), 401, 404, 404, 204, 404, 404, 403),
        ["POST api/notifications/read-all"] = new(async (_, _) => ("/api/notifications/read-all", null), 401, 204, 204, 204, 204, 204, 403),
        ["GET api/issues/{id:guid}/watchers/"] = new(async (w, _) => ($"/api/issues/{w.Issue.Id}/watchers", null), 401, 404, 200, 200, 200, 200, 403),
        ["PUT api/issues/{id:guid}/watchers/me"] = new(async (w, _) => ($"/api/issues/{w.Issue.Id}/watchers/me", null), 401, 404, 204, 204, 204, 204, 403),
        ["DELETE api/issues/{id:guid}/watchers/me"] = new(async (w, _) => ($"/api/issues/{w.Issue.Id}/watchers/me", null), 401, 404, 204, 204, 204, 204, 403),
        // Webhooks are the space admins' (and need the admin scope). A public documentation address, paused: nothing is sent.
        ["GET api/spaces/{id:guid}/webhooks/"] = new(async (w, _) => ($"/api/spaces/{w.Team.Space.Id}/webhooks", null), 401, 404, 403, 403, 200, 200, 403),
        ["POST api/spaces/{id:guid}/webhooks/"] = new(async (w, _) => ($"/api/spaces/{w.Team.Space.Id}/webhooks", new { url = World.HookUrl, active = false }), 401, 404, 403, 403, 201, 201, 403),
        ["GET api/webhooks/{id:guid}/"] = new(async (w, _) => ($"/api/webhooks/{await w.FreshWebhookAsync()}", null), 401, 404, 403, 403, 200, 200, 403),
        ["PATCH api/webhooks/{id:guid}/"] = new(async (w, _) => ($"/api/webhooks/{await w.FreshWebhookAsync()}", new { events = new[] { "issue.created" } }), 401, 404, 403, 403, 200, 200, 403),
        ["DELETE api/webhooks/{id:guid}/"] = new(async (w, _) => ($"/api/webhooks/{await w.FreshWebhookAsync()}", null), 401, 404, 403, 403, 204, 204, 403),
        ["POST api/webhooks/{id:guid}/ping"] = new(async (w, _) => ($"/api/webhooks/{await w.FreshWebhookAsync(active: true)}/ping", null), 401, 404, 403, 403, 202, 202, 403),
        ["POST api/webhooks/{id:guid}/rotate-secret"] = new(async (w, _) => ($"/api/webhooks/{await w.FreshWebhookAsync()}/rotate-secret", null), 401, 404, 403, 403, 200, 200, 403),
        ["GET api/webhooks/{id:guid}/deliveries"] = new(async (w, _) => ($"/api/webhooks/{await w.FreshWebhookAsync()}/deliveries", null), 401, 404, 403, 403, 200, 200, 403),
        ["POST api/webhooks/{id:guid}/deliveries/{deliveryId:guid}/redeliver"] = new(async (w, _) =>
        {
            var (hook, delivery) = await w.FreshDeliveryAsync();
            return ($"/api/webhooks/{hook}/deliveries/{delivery}/redeliver", null);
        }, 401, 404, 403, 403, 202, 202, 403),
    };

    [Fact]
    public void EveryApiRoute_HasARow_AndEveryRowIsARoute()
    {
        // Arrange
        var routes = ApiRoutes();

        // Assert
        Assert.Empty(routes.Except(Expected.Keys));
        Assert.Empty(Expected.Keys.Except(routes));
    }

    public static TheoryData<string> Routes => [.. Expected.Keys];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_AnswersEachCaller_AsItsRoleAndScopeAllow(string route)
    {
        // Arrange
        var world = await World.CreateAsync(app);
        var row = Expected[route];
        var method = new HttpMethod(route.Split(' ')[0]);

        // Act
        var actual = new List<int>();
        foreach (var caller in Callers)
        {
            var (url, body) = await row.Arrange(world, caller);
            var client = await world.ClientAsync(caller, NeededScope(route, method));
            var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            actual.Add((int)response.StatusCode);
        }

        // Assert: every cell at once, named by its caller.
        Assert.Equal(
            Callers.Zip(row.Statuses, (c, s) => $"{c}: {s}"),
            Callers.Zip(actual, (c, s) => $"{c}: {s}"));
    }

    // The scope the route asks for: its RequiredScope, else read for GET and write for the rest (the ScopeFilter's rule).
    private TokenScope NeededScope(string route, HttpMethod method) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/') == route[(route.IndexOf(' ') + 1)..]
                        && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Contains(method.Method))
            .Select(e => e.Metadata.GetMetadata<Web.Api.RequiredScope>()?.Scope)
            .FirstOrDefault() ?? (method == HttpMethod.Get ? TokenScope.Read : TokenScope.Write);

    private string[] ApiRoutes() => [.. Infrastructure.ApiRoutes.Of(app.Services).Select(r => $"{r.Method} {r.Pattern.TrimStart('/')}")];

    /// <summary>A space with an admin, a member and a viewer, an outsider, an issue, a comment and an alert.</summary>
    private sealed class World
    {
        private readonly IssueTrackerFactory _app;

        private World(IssueTrackerFactory app) => _app = app;

        public ApiTeam Team { get; private set; } = null!;
        public Infrastructure.Caller Outsider { get; private set; } = null!;
        public IssueDto Issue { get; private set; } = null!;
        public AlertDto Alert { get; private set; } = null!;
        private Guid _adminId;

        public static async Task<World> CreateAsync(IssueTrackerFactory app)
        {
            var world = new World(app) { Team = await app.TeamAsync(), Outsider = await app.UserAsync("Out Sider") };
            world._adminId = await app.AdminIdAsync();
            world.Issue = await world.FreshIssueAsync();
            using var scope = app.Services.CreateScope();
            world.Alert = (await scope.ServiceProvider.GetRequiredService<AlertService>().ReportAsync(new ReportAlertRequest
            {
                ProductId = world.Team.Product.Id,
                Check = "row_count",
                Kind = AlertKind.Volume,
                Status = AlertStatus.Firing,
                Title = "Rows dropped",
            }, world.Team.Member.User.Id)).Alert;
            return world;
        }

        /// <summary>An issue reported by the space admin (so a member is not its reporter).</summary>
        public Task<IssueDto> FreshIssueAsync() => _app.Data.IssueAsync(Team.Space.Id, Team.Admin.User.Id, "Target " + Guid.NewGuid().ToString("N")[..6]);

        /// <summary>A comment by the member on the shared issue.</summary>
        public async Task<Guid> FreshCommentAsync()
        {
            using var scope = _app.Services.CreateScope();
            return (await scope.ServiceProvider.GetRequiredService<CommentService>().AddAsync(Issue.Id, new CommentRequest { Content = "Mine" }, Team.Member.User.Id)).Id;
        }

        /// <summary>A link between two fresh issues, made by the space admin: (the issue it is removed from, the link).</summary>
        public async Task<(Guid Issue, Guid Link)> FreshLinkAsync()
        {
            var (a, b) = (await FreshIssueAsync(), await FreshIssueAsync());
            using var scope = _app.Services.CreateScope();
            var link = await scope.ServiceProvider.GetRequiredService<LinkService>().AddAsync(a.Id, new LinkRequest { Type = IssueLinkType.Blocks, IssueId = b.Id }, Team.Admin.User.Id);
            return (b.Id, link.Id);
        }

        // A public address (no test machine reaches it): webhooks that must be on try it in the background and fail.
        public const string HookUrl = "http://93.184.215.14/hook";

        /// <summary>A webhook of the space, paused unless a cell needs it on (a ping or redelivery of a paused one is 409).</summary>
        public async Task<Guid> FreshWebhookAsync(bool active = false)
        {
            using var scope = _app.Services.CreateScope();
            return (await scope.ServiceProvider.GetRequiredService<WebhookService>().CreateAsync(Team.Space.Id, new CreateWebhookRequest { Url = HookUrl, Active = active }, Team.Admin.User.Id)).Id;
        }

        /// <summary>A webhook with one delivery in its log (a ping).</summary>
        public async Task<(Guid Hook, Guid Delivery)> FreshDeliveryAsync()
        {
            var hook = await FreshWebhookAsync(active: true);
            using var scope = _app.Services.CreateScope();
            return (hook, (await scope.ServiceProvider.GetRequiredService<WebhookService>().PingAsync(hook, Team.Admin.User.Id)).Id);
        }

        /// <summary>A notification of the member's: the space admin assigns them a fresh issue.</summary>
        public async Task<Guid> FreshNotificationAsync()
        {
            var issue = await FreshIssueAsync();
            using var scope = _app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IssueService>().UpdateAsync(issue.Id, new UpdateIssueRequest { AssigneeId = Team.Member.User.Id }, Team.Admin.User.Id);
            var inbox = await scope.ServiceProvider.GetRequiredService<NotificationService>().ListAsync(Team.Member.User.Id, unreadOnly: false, 1, 100);
            return inbox.Items.First(n => n.Issue.Id == issue.Id).Id;
        }

        public Task<UserDto> FreshUserAsync() => _app.Data.UserAsync("Someone New");

        public async Task<Guid> FreshMemberAsync()
        {
            var user = await FreshUserAsync();
            await _app.Data.MemberAsync(Team.Space.Id, user.Id, SpaceRole.Member, Team.Admin.User.Id);
            return user.Id;
        }

        /// <summary>A token of the caller's own, for them to revoke (anyone's for callers who have none).</summary>
        public async Task<Guid> FreshTokenAsync(Who caller)
        {
            using var scope = _app.Services.CreateScope();
            var owner = caller switch
            {
                Who.Outsider => Outsider.User.Id,
                Who.Viewer => Team.Viewer.User.Id,
                Who.Member => Team.Member.User.Id,
                Who.SpaceAdmin => Team.Admin.User.Id,
                _ => _adminId,
            };
            return (await scope.ServiceProvider.GetRequiredService<TokenService>().CreateAsync(new CreateTokenRequest { Name = "to revoke" }, owner)).Id;
        }

        /// <summary>The caller's client; the token without the scope is the instance admin's, lacking just what this method needs.</summary>
        public async Task<HttpClient> ClientAsync(Who caller, TokenScope needed)
        {
            switch (caller)
            {
                case Who.Anonymous: return _app.Anonymous();
                case Who.Outsider: return Outsider.Client;
                case Who.Viewer: return Team.Viewer.Client;
                case Who.Member: return Team.Member.Client;
                case Who.SpaceAdmin: return Team.Admin.Client;
                case Who.InstanceAdmin: return _app.Admin();
            }
            using var scope = _app.Services.CreateScope();
            // Every scope but the one the route needs.
            TokenScope[] scopes = [.. Enum.GetValues<TokenScope>().Where(s => s != needed)];
            var token = await scope.ServiceProvider.GetRequiredService<TokenService>().CreateAsync(new CreateTokenRequest { Name = "narrow", Scopes = [.. scopes] }, _adminId);
            return _app.WithToken(token.Token);
        }
    }
}

/// <summary>
/// Every page with a limit or a gate (read from the app's own routes, so a new one without a row fails), under every
/// spelling routing sends to it: as declared, lower case, upper case, each with a trailing slash. Registration is
/// shut (404) and each sign-in form's posts are limited per address, whatever the spelling.
/// </summary>
public sealed class PageSpellingMatrixTests(AddressLimitedFactory app) : IClassFixture<AddressLimitedFactory>
{
    private static readonly int PerAddress = 6; // AddressLimitedFactory's SignInAttemptsPerAddress

    private (string Route, Type Page)[] GatedPages() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: e.RoutePattern.RawText!, Page: e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>()?.Type))
            .Where(e => e.Page is { } page && (RoutedPages.SignInForms.Contains(page) || RoutedPages.Registration.Contains(page)))
            .Select(e => (e.Route, e.Page!))
            .Distinct()
            .ToArray();

    private static IEnumerable<string> Spellings(string route)
    {
        foreach (var path in new[] { route, route.ToLowerInvariant(), route.ToUpperInvariant() })
        {
            yield return path;
            yield return path + "/";
        }
    }

    [Fact]
    public void EveryGatedOrLimitedPage_IsFound()
    {
        Assert.Equal(
            RoutedPages.SignInForms.Concat(RoutedPages.Registration).Select(t => t.Name).Order(),
            GatedPages().Select(p => p.Page.Name).Order());
    }

    [Fact]
    public async Task Registration_IsShut_UnderEverySpelling()
    {
        var answers = new List<string>();
        foreach (var (route, page) in GatedPages().Where(p => RoutedPages.Registration.Contains(p.Page)))
            foreach (var path in Spellings(route))
            {
                answers.Add($"GET {path}: {(int)(await app.Anonymous().GetAsync(path)).StatusCode}");
                answers.Add($"POST {path}: {(int)(await app.Anonymous().PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "x@example.com" }))).StatusCode}");
            }

        Assert.NotEmpty(answers);
        Assert.All(answers, a => Assert.EndsWith(": 404", a));
    }

    [Fact]
    public async Task SignInForms_AreLimited_UnderEverySpelling()
    {
        var answers = new List<string>();
        var address = 0;
        foreach (var (route, _) in GatedPages().Where(p => RoutedPages.SignInForms.Contains(p.Page)))
            foreach (var path in Spellings(route))
            {
                // Each spelling from its own address: its allowance is used up, then one more post is refused.
                var client = app.Anonymous();
                client.DefaultRequestHeaders.Add(IssueTrackerFactory.ClientAddressHeader, $"203.0.114.{++address}");
                for (var i = 0; i < PerAddress; i++) await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = $"g{i}@example.com" }));
                answers.Add($"POST {path}: {(int)(await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>()))).StatusCode}");
            }

        Assert.Equal(RoutedPages.SignInForms.Count * 6, answers.Count);
        Assert.All(answers, a => Assert.EndsWith(": 429", a));
    }
}

using IssueTracker.Tests.Generated;
using IssueTracker.Tests.Infrastructure;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using Client = IssueTracker.Tests.Generated.Models;

namespace IssueTracker.Tests.Api;

/// <summary>
/// The seed's flow through a client generated from the OpenAPI document by Kiota (built from <c>docs/openapi.json</c>
/// by the test project, see its <c>GenerateIssueTrackerClient</c> target), as an integrator would use it: no
/// hand-written HTTP, only the client's calls, its request options and its typed errors.
/// </summary>
public sealed class GeneratedClientTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    [Fact]
    public async Task TheSeedFlow_RunsThroughTheGeneratedClient()
    {
        // Arrange: a team, and a client for its member authenticated as the document says (a bearer token).
        var team = await app.TeamAsync();
        var client = ClientFor(team.Member.Token);
        var key = Guid.NewGuid().ToString("N");
        var request = new Client.CreateIssueRequest
        {
            Title = "Customer ID nulls increased",
            Description = "Seeing 15% null rate in customer_id column",
            Priority = Client.IssuePriority.High,
            SpaceId = team.Space.Id,
            ProductId = team.Product.Id,
        };

        // Act: create, with an idempotency key, twice.
        var created = await client.Api.Issues.PostAsync(request, c => c.Headers.Add("Idempotency-Key", key));
        var replayed = await client.Api.Issues.PostAsync(request, c => c.Headers.Add("Idempotency-Key", key));

        // Assert
        Assert.NotNull(created?.Id);
        Assert.Equal(created.Id, replayed?.Id);
        Assert.Equal((Client.IssueStatus.Open, Client.IssuePriority.High, "Customer Events"), (created.Status, created.Priority, created.Product?.Name));
        Assert.Matches("^S[A-Z0-9]+-1$", created.Key);

        // Act: list with filters.
        var open = await client.Api.Issues.GetAsync(c =>
        {
            c.QueryParameters.SpaceId = team.Space.Id.ToString();
            c.QueryParameters.Status = "open";
            c.QueryParameters.Priority = "high";
            c.QueryParameters.Q = "nulls";
        });
        var resolved = await client.Api.Issues.GetAsync(c =>
        {
            c.QueryParameters.SpaceId = team.Space.Id.ToString();
            c.QueryParameters.Status = "resolved";
        });

        // Assert
        Assert.Equal([created.Id], open?.Items?.Select(i => i.Id));
        Assert.Equal(1, open?.Total);
        Assert.Empty(resolved?.Items ?? [null!]);

        // Act: get, reading the ETag the document declares.
        var read = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var fetched = await client.Api.Issues[created.Id!.Value].GetAsync(c => c.Options.Add(read));
        var etag = read.ResponseHeaders["ETag"].Single();

        // Act: patch with If-Match, then again with the now stale tag.
        var patched = await client.Api.Issues[created.Id.Value].PatchAsync(
            new Client.UpdateIssueRequest { Status = Client.OptionalOfIssueStatus.In_progress, AssigneeId = team.Member.User.Id },
            c => c.Headers.Add("If-Match", etag));
        var stale = await Assert.ThrowsAsync<Client.ProblemDetails>(() => client.Api.Issues[created.Id.Value].PatchAsync(
            new Client.UpdateIssueRequest { Priority = Client.OptionalOfIssuePriority.Low }, c => c.Headers.Add("If-Match", etag)));

        // Assert
        Assert.Equal("Customer ID nulls increased", fetched?.Title);
        Assert.Equal((Client.IssueStatus.In_progress, team.Member.User.Id), (patched?.Status, patched?.Assignee?.Id));
        Assert.Equal(412, stale.ResponseStatusCode);
        Assert.Contains("If-Match", stale.Detail);

        // Act: comment, then read the comments and the history.
        var comment = await client.Api.Issues[created.Id.Value].Comments.PostAsync(
            new Client.CommentRequest { Content = "Traced to the **Jan 14** backfill." }, c => c.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N")));
        var comments = await client.Api.Issues[created.Id.Value].Comments.GetAsync();
        var history = await client.Api.Issues[created.Id.Value].History.GetAsync();

        // Assert
        Assert.Equal(team.Member.User.Id, comment?.Author?.Id);
        Assert.Equal(["Traced to the **Jan 14** backfill."], comments?.Items?.Select(c => c.Content));
        Assert.Equal(
            [Client.IssueEventKind.Created, Client.IssueEventKind.Status_changed, Client.IssueEventKind.Assignee_changed, Client.IssueEventKind.Comment_added],
            history?.Items?.Select(h => h.Action!.Value));
        Assert.Equal(("open", "in_progress"), (history!.Items![1].OldValue, history.Items[1].NewValue));

        // Act: a monitor reports a failing check, the way alert ingestion is documented.
        var alert = await client.Api.Alerts.PostAsync(new Client.ReportAlertRequest
        {
            ProductId = team.Product.Id,
            Check = "orders_fresh",
            Kind = Client.AlertKind.Freshness,
            Status = Client.AlertStatus.Firing,
            Title = "Orders are 6 hours late",
            Value = 6,
            Threshold = 2,
        });
        var opened = await client.Api.Issues[alert!.Issue!.Id!.Value].GetAsync();

        // Assert
        Assert.Equal((Client.AlertStatus.Firing, "orders_fresh"), (alert.Status, alert.Check));
        Assert.Equal(alert.Id, opened?.Alert?.Id);
    }

    [Fact]
    public async Task BadInput_ReachesTheGeneratedClient_AsTheDocumentedProblem()
    {
        // Arrange
        var team = await app.TeamAsync();
        var client = ClientFor(team.Viewer.Token);

        // Act
        var invalid = await Assert.ThrowsAsync<Client.HttpValidationProblemDetails>(() => client.Api.Issues.PostAsync(new Client.CreateIssueRequest { SpaceId = team.Space.Id }));
        var forbidden = await Assert.ThrowsAsync<Client.ProblemDetails>(() => client.Api.Issues.PostAsync(new Client.CreateIssueRequest { Title = "Nulls", SpaceId = team.Space.Id }));
        var missing = await Assert.ThrowsAsync<Client.ProblemDetails>(() => client.Api.Issues[Guid.NewGuid()].GetAsync());

        // Assert: the status, the field named and the words a person reads.
        Assert.Equal(400, invalid.ResponseStatusCode);
        Assert.Contains("title", invalid.Errors?.AdditionalData.Keys ?? []);
        Assert.Equal(403, forbidden.ResponseStatusCode);
        Assert.Equal(404, missing.ResponseStatusCode);
        Assert.Equal("Issue was not found.", missing.Detail);
    }

    /// <summary>
    /// A personal access token as Kiota's bearer authentication takes it, for this host only. (Kiota's API-key provider
    /// refuses plain HTTP, and the test server has no certificate.)
    /// </summary>
    private sealed class PersonalAccessToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new(["localhost"]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? token : string.Empty);
    }

    /// <summary>The generated client over the test server, with Kiota's default handlers and the contract check.</summary>
    private IssueTrackerClient ClientFor(string token)
    {
        var handlers = KiotaClientFactory.CreateDefaultHandlers();
        handlers.Insert(0, new ContractCheck.Handler());
        var http = KiotaClientFactory.Create(handlers, app.Server.CreateHandler());
        var auth = new BaseBearerTokenAuthenticationProvider(new PersonalAccessToken(token));
        return new IssueTrackerClient(new HttpClientRequestAdapter(auth, httpClient: http) { BaseUrl = "http://localhost" });
    }
}

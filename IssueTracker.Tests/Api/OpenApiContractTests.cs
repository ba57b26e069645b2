using System.Text.Json;
using System.Text.Json.Nodes;
using IssueTracker.Tests.Infrastructure;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Api;

/// <summary>
/// The OpenAPI document is a contract a generated client can trust. Every API answer of every test is held to it
/// (<see cref="ContractCheck"/>; the authorization matrix calls every route as every kind of caller); these tests hold
/// the document itself: it names exactly the app's routes, its examples are valid requests, the committed copy
/// (<c>docs/openapi.json</c>, which the generated client is built from) is what the app serves.
/// </summary>
public sealed class OpenApiContractTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    public static string CommittedDocumentPath => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../..", "docs", "openapi.json"));

    [Fact]
    public async Task TheDocument_NamesEveryApiRoute_AndNothingElse()
    {
        // Arrange
        var contract = await app.ContractAsync();
        var routes = ApiRoutes.Of(app.Services).Select(r => $"{r.Method} {ContractCheck.Template(r.Pattern)}").Distinct().ToList();
        var documented = contract.Operations.Select(o => o.ToString()).ToList();

        // Assert
        Assert.Equal(71, documented.Count);
        Assert.Empty(routes.Except(documented));
        Assert.Empty(documented.Except(routes));
    }

    [Fact]
    public async Task EveryAnswer_IsCheckedAgainstTheDocument_AndWhatItDoesNotDescribeIsCaught()
    {
        // Arrange
        var contract = await app.ContractAsync();
        var team = await app.TeamAsync();
        var issue = await app.Data.IssueAsync(team.Space.Id, team.Member.User.Id);

        // Act
        using var answer = await team.Member.Client.GetAsync($"/api/issues/{issue.Id}");
        var body = await answer.Content.ReadAsByteArrayAsync();
        var withoutItsTitle = JsonNode.Parse(body)!.AsObject();
        withoutItsTitle.Remove("title");

        // Assert: the real answer passes; one missing a field, an unlisted status or media type does not.
        Assert.Empty(contract.Check("GET", "/api/issues/{id}", 200, "application/json", body));
        Assert.Contains(contract.Check("GET", "/api/issues/{id}", 200, "application/json", JsonSerializer.SerializeToUtf8Bytes(withoutItsTitle)), p => p.Contains("title"));
        Assert.Contains(contract.Check("GET", "/api/issues/{id}", 418, "application/json", body), p => p.Contains("does not list"));
        Assert.Contains(contract.Check("GET", "/api/issues/{id}", 200, "text/html", body), p => p.Contains("text/html"));
        Assert.Contains(contract.Check("GET", "/api/nowhere", 200, null, []), p => p.Contains("not in the OpenAPI document"));
        Assert.True(answer.Headers.Contains(ContractCheck.CheckedHeader));
    }

    [Fact]
    public async Task EveryOperation_HasASummaryAndTag_EveryTagADescription_AndProblemsAreProblemJson()
    {
        // Arrange
        var document = JsonNode.Parse(await app.Anonymous().GetStringAsync("/openapi/v1.json"))!;

        // Act
        var operations = Operations(document).ToList();

        // Assert
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace((string?)o.Operation["summary"]), $"{o.Name} has no summary"));
        Assert.All(operations, o => Assert.Single(o.Operation["tags"]!.AsArray()));
        Assert.All(document["tags"]!.AsArray(), t => Assert.False(string.IsNullOrWhiteSpace((string?)t!["description"]), $"tag {t!["name"]} has no description"));
        Assert.All(operations, o => Assert.All(o.Operation["responses"]!.AsObject().Where(r => r.Key[0] is '4' or '5'),
            r => Assert.Equal(["application/problem+json"], r.Value!["content"]!.AsObject().Select(c => c.Key))));
        Assert.Equal("/", (string?)document["servers"]![0]!["url"]);
    }

    [Fact]
    public async Task RequestExamples_AreValidRequests_ForTheSeedsEndpoints()
    {
        // Arrange
        var document = JsonNode.Parse(await app.Anonymous().GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]!["schemas"]!.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/");

        // Act
        var examples = Operations(document)
            .SelectMany(o => (o.Operation["requestBody"]?["content"]?.AsObject() ?? []).Where(c => c.Value!["example"] is not null)
                .Select(c => (o.Name, Schema: c.Value!["schema"]!, Example: c.Value!["example"]!)))
            .ToList();

        // Assert
        Assert.Superset(new HashSet<string> { "POST /api/issues", "PATCH /api/issues/{id}", "POST /api/issues/{id}/comments", "POST /api/alerts" }, examples.Select(e => e.Name).ToHashSet());
        Assert.All(examples, e =>
        {
            var root = JsonNode.Parse(e.Schema.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/"))!.AsObject();
            root["$defs"] = JsonNode.Parse(schemas);
            var schema = JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://contract.test/example/{Guid.NewGuid():N}"));
            var result = schema.Evaluate(JsonDocument.Parse(e.Example.ToJsonString()).RootElement, new EvaluationOptions { RequireFormatValidation = true });
            Assert.True(result.IsValid, $"{e.Name}'s example does not match its schema: {e.Example.ToJsonString()}");
        });
    }

    [Fact]
    public async Task TheCommittedDocument_IsWhatTheAppServes()
    {
        // Arrange
        var served = await app.Anonymous().GetStringAsync("/openapi/v1.json");
        if (Environment.GetEnvironmentVariable("ISSUETRACKER_UPDATE_OPENAPI") == "1")
            await File.WriteAllTextAsync(CommittedDocumentPath, served.ReplaceLineEndings("\n").TrimEnd() + "\n");

        // Act
        var committed = File.Exists(CommittedDocumentPath) ? await File.ReadAllTextAsync(CommittedDocumentPath) : "{}";

        // Assert
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(served), JsonNode.Parse(committed)),
            "docs/openapi.json is not the document the app serves; the generated client is built from that file. "
            + "Write it again: ISSUETRACKER_UPDATE_OPENAPI=1 dotnet test --filter TheCommittedDocument_IsWhatTheAppServes, then rebuild.");
    }

    private static IEnumerable<(string Name, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(m => m.Key is "get" or "post" or "put" or "patch" or "delete")
            .Select(m => ($"{m.Key.ToUpperInvariant()} {path.Key}", m.Value!)));
}

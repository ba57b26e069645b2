using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IssueTracker.Tests.Infrastructure;

namespace IssueTracker.Tests.Connectors;

/// <summary><c>POST /api/connectors/dbt</c> as a pipeline calls it: dbt's files as dbt wrote them, one curl.</summary>
public sealed class ConnectorsApiTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    private static StreamContent File(string name, ApiTeam team, Func<string, string>? edit = null)
    {
        var content = new StreamContent(DbtConnectorTests.Fixture(name, new Team(team.Space, team.Admin.User, team.Member.User, team.Viewer.User, team.Product), edit));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    [Fact]
    public async Task JsonBody_RunResultsAlone_AnswersTheSummaryAsTheContractNamesIt()
    {
        var team = await app.TeamAsync();
        await app.Data.ProductAsync(team.Space.Id, team.Admin.User.Id, "payments");

        var response = await team.Member.Client.PostAsync($"/api/connectors/dbt?space={team.Space.Key}", File("run_results.json", team));

        var summary = await ApiAssert.JsonAsync(response);
        Assert.Equal(["tool", "run_id", "replayed", "dry_run", "results", "issues", "alerts", "unmapped", "skipped"], ApiAssert.Names(summary));
        Assert.Equal("dbt", summary.GetProperty("tool").GetString());
        Assert.Equal(["total", "failing", "warning", "errored", "passing", "skipped"], ApiAssert.Names(summary.GetProperty("results")));
        Assert.Equal(12, summary.GetProperty("results").GetProperty("total").GetInt32());
        Assert.Equal(["opened", "reopened", "updated", "resolved"], ApiAssert.Names(summary.GetProperty("issues")));
        // Without the manifest the tested model is not known: only what names one (a model's own result) maps.
        var alert = summary.GetProperty("alerts").EnumerateArray().Single();
        Assert.Equal(["check", "status", "alert_id", "issue_key", "product"], ApiAssert.Names(alert));
        Assert.Equal(("model.jaffle_shop.payments", "firing"), (alert.GetProperty("check").GetString(), alert.GetProperty("status").GetString()));
        Assert.Contains(summary.GetProperty("unmapped").EnumerateArray(), u => u.GetProperty("reason").GetString()!.Contains("send the manifest too"));
    }

    [Fact]
    public async Task Multipart_WithManifestAndSources_MapsModels_AndTheSameRunAgainIsReplayed()
    {
        var team = await app.TeamAsync();
        await app.Data.ProductAsync(team.Space.Id, team.Admin.User.Id, "orders");
        MultipartFormDataContent Form() => new()
        {
            { File("run_results.json", team), "run_results", "run_results.json" },
            { File("manifest.json", team), "manifest", "manifest.json" },
            { File("sources.json", team), "sources", "sources.json" },
        };

        var first = await ApiAssert.JsonAsync(await team.Member.Client.PostAsync($"/api/connectors/dbt?space_id={team.Space.Id}", Form()));
        var again = await ApiAssert.JsonAsync(await team.Member.Client.PostAsync($"/api/connectors/dbt?space_id={team.Space.Id}", Form()));

        var opened = first.GetProperty("issues").GetProperty("opened").EnumerateArray().Select(k => k.GetString()).ToList();
        Assert.Equal(3, opened.Count); // not_null and relationships on orders, the orders source's freshness
        Assert.False(first.GetProperty("replayed").GetBoolean());
        Assert.True(again.GetProperty("replayed").GetBoolean());
        Assert.Equal(opened, again.GetProperty("issues").GetProperty("opened").EnumerateArray().Select(k => k.GetString()));
        var issue = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/issues/{opened[0]}"));
        Assert.Equal("orders", issue.GetProperty("product").GetProperty("name").GetString());
        var alert = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/alerts/{first.GetProperty("alerts")[0].GetProperty("alert_id").GetString()}"));
        Assert.Equal("dbt", alert.GetProperty("source").GetString());
    }

    [Fact]
    public async Task BadInput_IsRefusedClearly_AndChangesNothing()
    {
        var team = await app.TeamAsync();
        var url = $"/api/connectors/dbt?space_id={team.Space.Id}";

        var notDbt = await team.Member.Client.PostAsync(url, new StringContent("{\"checks\": []}", Encoding.UTF8, "application/json"));
        var noPart = await team.Member.Client.PostAsync(url, new MultipartFormDataContent { { File("manifest.json", team), "manifest", "manifest.json" } });
        var text = await team.Member.Client.PostAsync(url, new StringContent("run results", Encoding.UTF8, "text/plain"));
        var noSpace = await team.Member.Client.PostAsync("/api/connectors/dbt", File("run_results.json", team));
        var badFlag = await team.Member.Client.PostAsync(url + "&dry_run=perhaps", File("run_results.json", team));
        var viewer = await team.Viewer.Client.PostAsync(url, File("run_results.json", team));

        Assert.Contains("run_results.json", (await ApiAssert.ProblemAsync(notDbt, HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString());
        Assert.Contains("run_results", (await ApiAssert.ProblemAsync(noPart, HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString());
        await ApiAssert.ProblemAsync(text, HttpStatusCode.UnsupportedMediaType);
        await ApiAssert.ValidationAsync(noSpace, "space_id");
        await ApiAssert.ValidationAsync(badFlag, "dry_run");
        await ApiAssert.ProblemAsync(viewer, HttpStatusCode.Forbidden);
        var alerts = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/alerts?space_id={team.Space.Id}"));
        Assert.Equal(0, alerts.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task LargerThanTheLimit_Is413_HoweverTheBodyIsSent()
    {
        await using var small = app.WithWebHostBuilder(b => b.UseSetting("IssueTracker:Connectors:MaxUploadMegabytes", "1"));
        var client = small.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", IssueTrackerFactory.AdminToken);
        var space = (await app.Data.SpaceAsync(await app.AdminIdAsync())).Id;
        // A run_results.json padded past 1 MB with a field dbt would ignore.
        var big = "{\"padding\": \"" + new string('x', 1_100_000) + "\", \"metadata\": {}, \"results\": []}";

        var sized = await client.PostAsync($"/api/connectors/dbt?space_id={space}", new StringContent(big, Encoding.UTF8, "application/json"));
        var chunked = new StreamContent(new Unsized(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var streamed = await client.PostAsync($"/api/connectors/dbt?space_id={space}", chunked);

        await ApiAssert.ProblemAsync(sized, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1 MB", (await ApiAssert.ProblemAsync(streamed, HttpStatusCode.RequestEntityTooLarge)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task DryRun_ByQuery_AnswersAndKeepsNothing()
    {
        var team = await app.TeamAsync();
        await app.Data.ProductAsync(team.Space.Id, team.Admin.User.Id, "payments");

        var dry = await ApiAssert.JsonAsync(await team.Member.Client.PostAsync($"/api/connectors/dbt?space_id={team.Space.Id}&dry_run=true", File("run_results.json", team)));

        Assert.True(dry.GetProperty("dry_run").GetBoolean());
        Assert.Single(dry.GetProperty("issues").GetProperty("opened").EnumerateArray());
        var issues = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/issues?space_id={team.Space.Id}"));
        Assert.Equal(0, issues.GetProperty("total").GetInt32());
        var real = await ApiAssert.JsonAsync(await team.Member.Client.PostAsync($"/api/connectors/dbt?space_id={team.Space.Id}", File("run_results.json", team)));
        Assert.False(real.GetProperty("replayed").GetBoolean());
    }

    [Fact]
    public async Task AlertSource_IsSettableOnReport_AndChecked()
    {
        var team = await app.TeamAsync();
        object Report(string? source) => new { product_id = team.Product.Id, check = "row_count", kind = "volume", status = "firing", title = "Few rows", source };

        var soda = await ApiAssert.JsonAsync(await team.Member.Client.PostAsJsonAsync("/api/alerts", Report("soda")), HttpStatusCode.Created);
        var bad = await team.Member.Client.PostAsJsonAsync("/api/alerts", Report("excel"));

        Assert.Equal("soda", soda.GetProperty("source").GetString());
        await ApiAssert.ValidationAsync(bad, "source");
    }

    [Fact]
    public async Task Soda_ScanResultsAsTheBody_AnswersTheSummary()
    {
        var team = await app.TeamAsync();
        await app.Data.ProductAsync(team.Space.Id, team.Admin.User.Id, "orders");
        var body = new StreamContent(SodaConnectorTests.Fixture());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var summary = await ApiAssert.JsonAsync(await team.Member.Client.PostAsync($"/api/connectors/soda?space={team.Space.Key}", body));

        Assert.Equal("soda", summary.GetProperty("tool").GetString());
        Assert.Equal(2, summary.GetProperty("issues").GetProperty("opened").GetArrayLength());
    }

    [Fact]
    public async Task GreatExpectations_CheckpointResultAsTheBody_AnswersTheSummary()
    {
        var team = await app.TeamAsync();
        await app.Data.ProductAsync(team.Space.Id, team.Admin.User.Id, "orders");
        var body = new StreamContent(GreatExpectationsConnectorTests.Fixture("checkpoint_result_1x.json"));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var summary = await ApiAssert.JsonAsync(await team.Member.Client.PostAsync($"/api/connectors/great-expectations?space={team.Space.Key}", body));

        Assert.Equal("great_expectations", summary.GetProperty("tool").GetString());
        Assert.Equal(4, summary.GetProperty("issues").GetProperty("opened").GetArrayLength());
    }

    [Fact]
    public async Task Runs_KeepEveryResultOfACheck_NewestFirst_WithItsToolAndRun()
    {
        var team = await app.TeamAsync();
        await app.Data.ProductAsync(team.Space.Id, team.Admin.User.Id, "payments");
        var url = $"/api/connectors/dbt?space_id={team.Space.Id}";
        var first = await ApiAssert.JsonAsync(await team.Member.Client.PostAsync(url, File("run_results.json", team)));
        // The next invocation: the payments model builds.
        await ApiAssert.JsonAsync(await team.Member.Client.PostAsync(url, File("run_results.json", team, text => text
            .Replace("6f1c2d3e-0a1b-4c5d-8e9f-00112233aaaa", "22222222-0a1b-4c5d-8e9f-00112233cccc")
            .Replace("\"status\": \"error\", \"timing\": [], \"thread_id\": \"Thread-2\"", "\"status\": \"success\", \"timing\": [], \"thread_id\": \"Thread-2\""))));
        var alertId = first.GetProperty("alerts")[0].GetProperty("alert_id").GetString();

        var runs = await ApiAssert.JsonAsync(await team.Member.Client.GetAsync($"/api/alerts/{alertId}/runs"));

        var items = runs.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["passing", "errored"], items.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(["22222222-0a1b-4c5d-8e9f-00112233cccc", "6f1c2d3e-0a1b-4c5d-8e9f-00112233aaaa"], items.Select(r => r.GetProperty("run_id").GetString()));
        Assert.All(items, r => Assert.Equal("dbt", r.GetProperty("source").GetString()));
        Assert.Equal(["at", "status", "source", "run_id"], ApiAssert.Names(items[0]));
        await ApiAssert.ProblemAsync(await team.Viewer.Client.GetAsync($"/api/alerts/{Guid.NewGuid()}/runs"), HttpStatusCode.NotFound);
    }

    /// <summary>The run results as a JSON value, for callers that post objects (the authorization matrix).</summary>
    internal static JsonElement RunResults() =>
        JsonSerializer.Deserialize<JsonElement>(DbtConnectorTests.Fixture("run_results.json"));

    /// <summary>A GX checkpoint result as a JSON value.</summary>
    internal static JsonElement GxResults() => JsonSerializer.Deserialize<JsonElement>(GreatExpectationsConnectorTests.Fixture("checkpoint_result_1x.json"));

    /// <summary>The Soda scan results as a JSON value.</summary>
    internal static JsonElement ScanResults() => JsonSerializer.Deserialize<JsonElement>(SodaConnectorTests.Fixture());

    // A body whose length is not known up front: sent in chunks, with no Content-Length.
    private sealed class Unsized(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

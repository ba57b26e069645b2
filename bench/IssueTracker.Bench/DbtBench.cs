using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Bench;

/// <summary>
/// A big dbt project's upload against the seeded database (issue 33's measure): a run_results.json with N tests (a
/// few percent failing) and a manifest padded to M MB, written to files and read back as streams, as the endpoint
/// reads a request. Prints the time, and the managed heap's peak growth during the upload against the manifest's size.
/// </summary>
internal static class DbtBench
{
    public static async Task<int> RunCommandAsync(string[] args)
    {
        var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--") && x.i + 1 < args.Length).ToDictionary(x => x.a[2..], x => args[x.i + 1]);
        if (!options.TryGetValue("db", out var file)) { Console.Error.WriteLine("usage: dbt-bench --db FILE [--tests 5000] [--manifest-mb 50] [--failing-percent 5]"); return 2; }
        var tests = int.Parse(options.GetValueOrDefault("tests") ?? "5000", CultureInfo.InvariantCulture);
        var manifestMb = int.Parse(options.GetValueOrDefault("manifest-mb") ?? "50", CultureInfo.InvariantCulture);
        var failingPercent = int.Parse(options.GetValueOrDefault("failing-percent") ?? "5", CultureInfo.InvariantCulture);

        var connectionString = new SqliteConnectionStringBuilder { DataSource = file }.ToString();
        await using var services = BenchServices.Build(connectionString);
        await using (var migrate = await services.Factory().CreateDbContextAsync()) await migrate.Database.MigrateAsync();
        Guid member, space, product;
        int issuesBefore;
        await using (var db = await services.Factory().CreateDbContextAsync())
        {
            member = await db.Users.Where(u => u.Email == BenchData.MemberEmail).Select(u => u.Id).SingleAsync();
            space = await db.Spaces.Where(s => s.Key == (options.GetValueOrDefault("space") ?? "CUST")).Select(s => s.Id).SingleAsync();
            product = await db.Products.Where(p => p.SpaceId == space).OrderBy(p => p.Name).Select(p => p.Id).FirstAsync();
            issuesBefore = await db.Issues.CountAsync();
        }

        var folder = Directory.CreateTempSubdirectory("dbt-bench-").FullName;
        var (runResults, manifest) = (Path.Combine(folder, "run_results.json"), Path.Combine(folder, "manifest.json"));
        Write(runResults, manifest, tests, manifestMb * 1024L * 1024L, failingPercent);
        var manifestBytes = new FileInfo(manifest).Length;

        var connectors = services.GetRequiredService<ConnectorService>();
        var target = new ConnectorTarget(space, null, product, CreateProducts: false, DryRun: false);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(5);
            }
        });
        var clock = Stopwatch.StartNew();
        ConnectorSummaryDto summary;
        TimeSpan reading;
        await using (var results = File.OpenRead(runResults))
        await using (var nodes = File.OpenRead(manifest))
        {
            var run = await DbtArtifacts.ReadAsync(results, nodes, null, CancellationToken.None);
            reading = clock.Elapsed;
            summary = await connectors.ImportAsync(run, target, member);
        }
        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        peak = Math.Max(peak, GC.GetTotalMemory(false));

        var growth = peak - baseline;
        Console.WriteLine($"dbt upload: {tests:N0} tests ({summary.Results.Failing:N0} failing), manifest {manifestBytes / 1048576.0:F1} MB, database {issuesBefore:N0} issues");
        Console.WriteLine($"  time {clock.Elapsed.TotalSeconds:F2} s (target <= 5 s): reading the files {reading.TotalSeconds:F2} s, the alert flow {(clock.Elapsed - reading).TotalSeconds:F2} s");
        Console.WriteLine($"  managed heap peak growth {growth / 1048576.0:F1} MB = {(double)growth / manifestBytes:F2}x the manifest (target <= 2x)");
        Console.WriteLine($"  issues opened {summary.Issues.Opened.Count:N0}, updated {summary.Issues.Updated.Count:N0}, unmapped {summary.Unmapped.Count:N0}");
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    // Files of dbt's shape: each model with columns and descriptions (most of a real manifest), each test attached to one.
    private static void Write(string runResultsPath, string manifestPath, int tests, long manifestBytes, int failingPercent)
    {
        var models = Math.Max(1, tests / 10);
        var invocation = Guid.NewGuid().ToString();
        using (var stream = File.Create(runResultsPath))
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartObject("metadata");
            json.WriteString("dbt_schema_version", "https://schemas.getdbt.com/dbt/run-results/v6.json");
            json.WriteString("dbt_version", "1.8.7");
            json.WriteString("generated_at", DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture));
            json.WriteString("invocation_id", invocation);
            json.WriteEndObject();
            json.WriteStartArray("results");
            for (var t = 0; t < tests; t++)
            {
                var failing = t % 100 < failingPercent;
                json.WriteStartObject();
                json.WriteString("status", failing ? "fail" : "pass");
                json.WriteString("thread_id", "Thread-1");
                json.WriteNumber("execution_time", 0.05);
                json.WriteString("message", failing ? "Got 7 results, configured to fail if != 0" : null);
                json.WriteNumber("failures", failing ? 7 : 0);
                json.WriteString("unique_id", TestId(t));
                json.WriteString("compiled_code", $"select col_{t % 20} from analytics.model_{t % models} where col_{t % 20} is null");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("elapsed_time", 120.5);
            json.WriteEndObject();
        }

        using (var stream = File.Create(manifestPath))
        using (var json = new Utf8JsonWriter(stream))
        {
            var perModel = (int)Math.Max(0, (manifestBytes - tests * 700L) / models);
            var description = new string('d', Math.Max(0, perModel / 40 - 60));
            json.WriteStartObject();
            json.WriteStartObject("metadata");
            json.WriteString("dbt_schema_version", "https://schemas.getdbt.com/dbt/manifest/v12.json");
            json.WriteString("invocation_id", invocation);
            json.WriteEndObject();
            json.WriteStartObject("nodes");
            for (var m = 0; m < models; m++)
            {
                json.WriteStartObject($"model.bench.model_{m}");
                json.WriteString("name", $"model_{m}");
                json.WriteString("resource_type", "model");
                json.WriteString("raw_code", "select * from {{ source('raw', 'table') }}");
                json.WriteStartObject("meta");
                json.WriteString("owner", BenchData.MemberEmail);
                json.WriteEndObject();
                json.WriteStartObject("columns");
                for (var c = 0; c < 40; c++)
                {
                    json.WriteStartObject($"col_{c}");
                    json.WriteString("name", $"col_{c}");
                    json.WriteString("description", description);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            for (var t = 0; t < tests; t++)
            {
                json.WriteStartObject(TestId(t));
                json.WriteString("name", $"not_null_model_{t % models}_col_{t % 20}_{t}");
                json.WriteString("resource_type", "test");
                json.WriteString("attached_node", $"model.bench.model_{t % models}");
                json.WriteString("column_name", $"col_{t % 20}");
                json.WriteStartObject("test_metadata");
                json.WriteString("name", "not_null");
                json.WriteEndObject();
                json.WriteStartObject("config");
                json.WriteString("severity", "ERROR");
                json.WriteEndObject();
                json.WriteStartObject("depends_on");
                json.WriteStartArray("nodes");
                json.WriteStringValue($"model.bench.model_{t % models}");
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteString("raw_code", "{{ test_not_null(**_dbt_generic_test_kwargs) }}");
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteStartObject("sources");
            json.WriteEndObject();
            json.WriteEndObject();
        }
    }

    private static string TestId(int t) => $"test.bench.not_null_col_{t}.{t:x8}";
}

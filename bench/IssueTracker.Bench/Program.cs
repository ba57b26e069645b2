using IssueTracker.Bench;

return args switch
{
    ["seed-bench", .. var rest] => await BenchData.SeedCommandAsync(rest),
    ["bench-sql", .. var rest] => await BenchSql.RunCommandAsync(rest),
    ["sse-bench", .. var rest] => await SseBench.RunCommandAsync(rest),
    ["webhook-bench", .. var rest] => await WebhookBench.RunCommandAsync(rest),
    ["http-latency", .. var rest] => await HttpLatency.RunCommandAsync(rest),
    ["dbt-bench", .. var rest] => await DbtBench.RunCommandAsync(rest),
    ["budget", .. var rest] => await Budget.RunCommandAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: IssueTracker.Bench seed-bench --db FILE [--issues N] [--seed S] | bench-sql --db FILE [...] | sse-bench --base URL --token T --outsider-token T2 --issue ID [...] | webhook-bench --base URL --token T --issue ID [...] | http-latency --url URL --token T [--requests N] | dbt-bench --db FILE [--tests N] [--manifest-mb M] | budget --db FILE --token T [--runs N]");
    return 2;
}

using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IssueTracker.Tests.Infrastructure;

/// <summary>
/// A real HTTP receiver on loopback (Kestrel) for webhook tests: records each request it gets (headers and the raw
/// body) and answers with the next status queued by the test (200 when none is).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();
    private readonly ConcurrentQueue<int> _answers = new();

    public sealed record Received(string Event, string Delivery, string Signature, string ContentType, byte[] Body, string PreviousSignature = "")
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);
    }

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Slows every answer down by this much (a slow receiver).</summary>
    public TimeSpan Delay { get; set; }

    private int _arrivals;

    /// <summary>Requests that have arrived, answered or not yet (a slow receiver records them only once it answers).</summary>
    public int Arrivals => Volatile.Read(ref _arrivals);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref receiver._arrivals);
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            if (receiver.Delay > TimeSpan.Zero) await Task.Delay(receiver.Delay);
            await receiver._received.Writer.WriteAsync(new Received(
                request.Headers["X-IssueTracker-Event"].ToString(), request.Headers["X-IssueTracker-Delivery"].ToString(),
                request.Headers["X-IssueTracker-Signature-256"].ToString(), request.ContentType ?? "", body.ToArray(),
                request.Headers["X-IssueTracker-Signature-256-Previous"].ToString()));
            return Results.StatusCode(receiver._answers.TryDequeue(out var status) ? status : 200);
        });
        await app.StartAsync();
        receiver.Url = app.Urls.Single() + "/hook";
        return receiver;
    }

    /// <summary>The next requests are answered with these statuses, in order.</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses) _answers.Enqueue(status);
    }

    /// <summary>The next request received, within the timeout.</summary>
    public async Task<Received> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await _received.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Whether a request arrives within <paramref name="wait"/>.</summary>
    public async Task<Received?> NoneWithinAsync(TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

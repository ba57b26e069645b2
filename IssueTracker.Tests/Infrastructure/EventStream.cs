using System.Text.Json;

namespace IssueTracker.Tests.Infrastructure;

/// <summary>An open <c>GET /api/events</c> stream read as a client would: events (id, type, data) and comments.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<EventStream> OpenAsync(HttpClient client, string url, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        Assert.Equal(": connected", (await stream.NextBlockAsync(TimeSpan.FromSeconds(5)))!.Comment);
        return stream;
    }

    /// <summary>The next event, skipping keep-alive comments; null when none comes within <paramref name="within"/>.</summary>
    public async Task<SseEvent?> NextEventAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            var block = await NextBlockAsync(deadline - DateTime.UtcNow);
            if (block is null) return null;
            if (block.Comment is null) return block;
        }
        return null;
    }

    /// <summary>True once the server has closed the stream.</summary>
    public bool Ended { get; private set; }

    /// <summary>Reads (skipping what arrives) until the server closes the stream; false when it is still open after <paramref name="within"/>.</summary>
    public async Task<bool> EndsWithinAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!Ended && DateTime.UtcNow < deadline)
        {
            try
            {
                await NextBlockAsync(deadline - DateTime.UtcNow);
            }
            catch (IOException)
            {
                Ended = true; // the connection went with the stream
            }
        }
        return Ended;
    }

    /// <summary>Everything that arrives within <paramref name="within"/> (events only).</summary>
    public async Task<List<SseEvent>> EventsWithinAsync(TimeSpan within)
    {
        var events = new List<SseEvent>();
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && await NextEventAsync(deadline - DateTime.UtcNow) is { } e) events.Add(e);
        return events;
    }

    private Task<string?>? _pendingLine;

    private async Task<SseEvent?> NextBlockAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        string? id = null, type = null, data = null, comment = null;
        while (true)
        {
            // A line read that timed out stays pending, and is taken up by the next call.
            _pendingLine ??= _reader.ReadLineAsync();
            var finished = await Task.WhenAny(_pendingLine, Task.Delay(Timeout.Infinite, timeout.Token).ContinueWith(_ => (string?)null));
            if (finished != _pendingLine) return null;
            var line = await _pendingLine;
            _pendingLine = null;
            if (line is null)
            {
                Ended = true;
                return null;
            }
            if (line.Length == 0)
            {
                if (id is null && type is null && data is null && comment is null) continue;
                return new SseEvent(id, type, data is null ? default : JsonDocument.Parse(data).RootElement, comment);
            }
            if (line.StartsWith(':')) comment = line;
            else if (line.StartsWith("id: ")) id = line[4..];
            else if (line.StartsWith("event: ")) type = line[7..];
            else if (line.StartsWith("data: ")) data = line[6..];
        }
    }

    public async ValueTask DisposeAsync()
    {
        _response.Dispose();
        _reader.Dispose();
        await Task.CompletedTask;
    }
}

public sealed record SseEvent(string? Id, string? Type, JsonElement Data, string? Comment);

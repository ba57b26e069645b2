using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace IssueTracker.Web.Connectors;

/// <summary>
/// The tools' own result files, posted as the tools write them (README, "Connect your checks"): one <c>curl</c> after
/// <c>dbt build</c>. Bodies are read as streams up to <c>IssueTracker:Connectors:MaxUploadMegabytes</c> (413 past it).
/// </summary>
public static class ConnectorsApi
{
    public static RouteGroupBuilder MapConnectorsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/connectors").WithTags("Connectors");
        MapUpload(group, "/dbt", "ImportDbt", "Import a dbt run's test results as alerts and issues",
            "dbt's target/run_results.json as the JSON body, or multipart/form-data with the parts run_results, manifest (optional: the "
            + "tested model, column, severity, meta and owner) and sources (optional: dbt source freshness).",
            "run_results", ["manifest", "sources"],
            (results, parts, ct) => DbtArtifacts.ReadAsync(results, parts.GetValueOrDefault("manifest"), parts.GetValueOrDefault("sources"), ct));
        MapUpload(group, "/great-expectations", "ImportGreatExpectations", "Import a Great Expectations checkpoint's results as alerts and issues",
            "A Great Expectations checkpoint result, one validation result or a list of them (GX 1.x or 0.18), as the JSON body (or the multipart part results).",
            "results", [], (results, _, ct) => GreatExpectationsResults.ReadAsync(results, ct));
        MapUpload(group, "/soda", "ImportSoda", "Import a Soda scan's check results as alerts and issues",
            "The scan results file of soda scan --scan-results-file, as the JSON body (or the multipart part scan_results).",
            "scan_results", [], (scan, _, ct) => SodaScan.ReadAsync(scan, ct));
        return group;
    }

    /// <summary>
    /// One tool's endpoint: its file (the JSON body, or the multipart part <paramref name="main"/> with the
    /// <paramref name="optional"/> ones), read by <paramref name="read"/> and imported to the space the query names
    /// (<c>space_id</c> or <c>space</c>, <c>product_id</c>, <c>create_products</c>, <c>dry_run</c>).
    /// </summary>
    private static void MapUpload(
        RouteGroupBuilder group, string path, string name, string summary, string description, string main, string[] optional,
        Func<Stream, IReadOnlyDictionary<string, Stream>, CancellationToken, Task<ToolRun>> read) =>
        group.MapPost(path, async Task<Ok<ConnectorSummaryDto>> (
                HttpRequest request, ClaimsPrincipal user, ConnectorService connectors, IOptions<IssueTrackerOptions> options, CancellationToken ct) =>
            {
                var target = Target(request.Query);
                var limit = options.Value.Connectors.MaxUploadMegabytes * 1024L * 1024L;
                var run = await ReadUploadAsync(request, limit, (body, parts) => read(body, parts, ct), main, optional, ct);
                return TypedResults.Ok(await connectors.ImportAsync(run, target, user.ActorId(), ct));
            })
            .WithName(name)
            .WithSummary(summary)
            .AddOpenApiOperationTransformer(DescribeQueryAsync)
            .WithMetadata(new QueryNames(["space_id", "space", "product_id", "create_products", "dry_run"]))
            // One Accepts for both: routing refuses (415) any content type its last Accepts does not list.
            .Accepts<System.Text.Json.JsonElement>("application/json", "multipart/form-data")
            .WithDescription(description)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static readonly (string Name, JsonSchemaType Type, string? Format, string Description)[] QueryParameters =
    [
        ("space_id", JsonSchemaType.String, "uuid", "The space to import into (or space)."),
        ("space", JsonSchemaType.String, null, "The key of the space to import into (or space_id)."),
        ("product_id", JsonSchemaType.String, "uuid", "The product for results whose own product is not found."),
        ("create_products", JsonSchemaType.Boolean, null, "Create a product for each tested model not found (space admins)."),
        ("dry_run", JsonSchemaType.Boolean, null, "Report what the import would do and change nothing."),
    ];

    private static Task DescribeQueryAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.Parameters ??= [];
        foreach (var (name, type, format, description) in QueryParameters)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Description = description,
                Schema = new OpenApiSchema { Type = type, Format = format },
            });
        }
        return Task.CompletedTask;
    }

    private static ConnectorTarget Target(IQueryCollection query)
    {
        var errors = new ValidationErrors();
        var target = new ConnectorTarget(
            QueryText.Guid(query["space_id"], "space_id", errors),
            string.IsNullOrWhiteSpace(query["space"]) ? null : query["space"].ToString(),
            QueryText.Guid(query["product_id"], "product_id", errors),
            QueryText.Bool(query["create_products"], "create_products", errors) ?? false,
            QueryText.Bool(query["dry_run"], "dry_run", errors) ?? false);
        errors.ThrowIfAny();
        return target;
    }

    /// <summary>
    /// The upload's main file (the JSON body, or the multipart part <paramref name="main"/>) and the optional parts,
    /// each as a stream, with the size limit held however the body comes (a Content-Length, or chunks).
    /// </summary>
    private static async Task<T> ReadUploadAsync<T>(
        HttpRequest request, long limit, Func<Stream, IReadOnlyDictionary<string, Stream>, Task<T>> read, string main, string[] optional, CancellationToken ct)
    {
        if (request.ContentLength > limit) throw TooLarge(limit);
        // The server's own request size cap is lower than a large manifest: this endpoint's limit is the one that applies.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } cap) cap.MaxRequestBodySize = limit;
        var media = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        try
        {
            if (media == "multipart/form-data")
            {
                request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = limit }));
                var form = await request.ReadFormAsync(ct);
                if (form.Files.Sum(f => f.Length) > limit) throw TooLarge(limit);
                var file = form.Files[main] ?? throw new UnprocessableException(
                    $"Expected a multipart part named '{main}'{(optional.Length > 0 ? $" (and optionally {string.Join(", ", optional.Select(o => $"'{o}'"))})" : "")}.");
                var streams = new Dictionary<string, Stream>();
                try
                {
                    foreach (var name in optional)
                    {
                        if (form.Files[name] is { } part) streams[name] = part.OpenReadStream();
                    }
                    await using var body = file.OpenReadStream();
                    return await read(body, streams);
                }
                finally
                {
                    foreach (var stream in streams.Values) await stream.DisposeAsync();
                }
            }
            if (media is "application/json" || media?.EndsWith("+json", StringComparison.Ordinal) == true)
            {
                await using var body = new LimitedStream(request.Body, limit);
                return await read(body, new Dictionary<string, Stream>());
            }
        }
        catch (InvalidDataException) when (media == "multipart/form-data")
        {
            // The form reader's own limits, or a body that is not a multipart form.
            throw new UnprocessableException($"Expected a multipart/form-data body with a part named '{main}'; this one could not be read.");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit);
        }
        throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
            $"Send the file as the JSON body (Content-Type: application/json), or as multipart/form-data with a part named '{main}'.");
    }

    internal static ApiProblemException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"An upload must be at most {limit / (1024 * 1024):N0} MB (IssueTracker:Connectors:MaxUploadMegabytes).");

    /// <summary>A request body read up to a limit: one byte past it is a 413, however the body is sent.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Count(read);
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        private int Count(int read)
        {
            _read += read;
            if (_read > limit) throw TooLarge(limit);
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

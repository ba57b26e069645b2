using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace IssueTracker.Web.Api;

/// <summary>
/// <c>Idempotency-Key</c> on the creates whose services know nothing of keys (comments, links, tokens, webhooks,
/// spaces, products, users): a retry with the same key and request gets the first answer again with
/// <c>Idempotent-Replayed: true</c> and creates nothing; the same key with another request is 422; one still in
/// flight is 409. A key is the caller's for this endpoint only. Issues and alert reports keep their keys inside their
/// own transaction (<see cref="Idempotency.RunOnceAsync{T}"/>).
/// </summary>
/// <remarks>
/// The answer is recorded right after the service committed, not in its transaction: a process that dies between the
/// two leaves a claim that a retry takes over after <see cref="Idempotency.AbandonedAfter"/> and runs again. Answers
/// are kept protected (Data Protection), since a token's or webhook's holds its secret.
/// </remarks>
public sealed class IdempotentCreateFilter(Idempotency idempotency, IDataProtectionProvider protection, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IEndpointFilter
{
    private readonly IDataProtector _answers = protection.CreateProtector("IssueTracker.Idempotency.Answer.v1");

    private sealed record Answer(int Status, string? Location, string Body);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[ApiHttp.IdempotencyKeyHeader].ToString();
        if (key.Length == 0) return await next(context);

        var operation = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
            ?? throw new InvalidOperationException("An idempotent create needs an endpoint name.");
        // What makes two requests the same: where they went (route values) and what they said (the body).
        var request = new
        {
            route = http.Request.RouteValues.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}").ToArray(),
            body = context.Arguments.OfType<IBoundBody>().Select(b => b.Bound).ToArray(),
        };
        var actor = http.User.ActorId();
        if (await idempotency.ClaimAsync(actor, key, operation, request, http.RequestAborted) is { } stored)
        {
            var earlier = JsonSerializer.Deserialize<Answer>(_answers.Unprotect(stored))!;
            ApiHttp.MarkReplayed(http.Response);
            if (earlier.Location is not null) http.Response.Headers.Location = earlier.Location;
            return TypedResults.Text(earlier.Body, "application/json", System.Text.Encoding.UTF8, earlier.Status);
        }

        var claim = new IdempotencyClaim(actor, operation, key);
        try
        {
            var result = await next(context);
            if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } done and IValueHttpResult { Value: var value })
            {
                var answer = new Answer(done.StatusCode!.Value, LocationOf(result),
                    JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object), json.Value.SerializerOptions));
                await idempotency.CompleteAsync(claim, _answers.Protect(JsonSerializer.Serialize(answer)), CancellationToken.None);
                return result;
            }
            await idempotency.ReleaseAsync(claim, CancellationToken.None);
            return result;
        }
        catch
        {
            await idempotency.ReleaseAsync(claim, CancellationToken.None);
            throw;
        }
    }

    // Created<T> and CreatedAtRoute<T> say where the new thing is; no interface names that, so it is read by name.
    private static string? LocationOf(object? result) => result?.GetType().GetProperty("Location")?.GetValue(result) as string;

    /// <summary>Documents the header on an endpoint that takes it.</summary>
    internal static Task DescribeAsync(OpenApiOperation operation, Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = ApiHttp.IdempotencyKeyHeader,
            In = ParameterLocation.Header,
            Description = "Any string up to 255 characters, new per intended create: a retry with the same key and body gets the first answer (Idempotent-Replayed: true) and creates nothing. Kept 24 hours, per caller and endpoint.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Idempotency.MaxKeyLength },
        });
        return Task.CompletedTask;
    }
}

public static class IdempotentCreateExtensions
{
    /// <summary>Lets this create take an <c>Idempotency-Key</c> (<see cref="IdempotentCreateFilter"/>).</summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<IdempotentCreateFilter>()
            .AddOpenApiOperationTransformer(IdempotentCreateFilter.DescribeAsync)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}

using System.Runtime.ExceptionServices;

namespace IssueTracker.Web.Api;

/// <summary>
/// The one place service errors become HTTP: every error leaves as RFC 9457 problem details.
/// <list type="table">
/// <item><term><see cref="ValidationException"/></term><description>400 with <c>errors</c> by snake_case field</description></item>
/// <item><term><see cref="ForbiddenException"/></term><description>403</description></item>
/// <item><term><see cref="NotFoundException"/></term><description>404</description></item>
/// <item><term><see cref="ConflictException"/></term><description>409, with Retry-After when it passes by itself</description></item>
/// <item><term><see cref="PreconditionFailedException"/></term><description>412</description></item>
/// <item><term><see cref="ApiProblemException"/></term><description>its status (413, 415)</description></item>
/// <item><term><see cref="UnprocessableException"/></term><description>422</description></item>
/// <item><term><see cref="TooManyRequestsException"/></term><description>429 with Retry-After</description></item>
/// <item><term>the database stayed busy (<see cref="DatabaseErrors.IsBusy"/>)</term><description>503 with Retry-After: 1; nothing was changed</description></item>
/// <item><term>anything else</term><description>500, logged, with no internals in the body</description></item>
/// </list>
/// </summary>
public sealed class ProblemDetailsFilter(ILogger<ProblemDetailsFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            // A request body that could not be read is answered here, with the same mapping as the services' errors.
            foreach (var argument in context.Arguments)
            {
                if (argument is IBoundBody { Error: { } error }) ExceptionDispatchInfo.Throw(error);
            }
            return await next(context);
        }
        catch (ValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors, detail: e.Message, type: Types[400]);
        }
        catch (TooManyRequestsException e)
        {
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problem(StatusCodes.Status429TooManyRequests, null, e.Message);
        }
        catch (ServiceException e)
        {
            var status = e switch
            {
                ForbiddenException => StatusCodes.Status403Forbidden,
                NotFoundException => StatusCodes.Status404NotFound,
                ConflictException => StatusCodes.Status409Conflict,
                PreconditionFailedException => StatusCodes.Status412PreconditionFailed,
                UnprocessableException => StatusCodes.Status422UnprocessableEntity,
                _ => StatusCodes.Status400BadRequest,
            };
            if (e is PreconditionFailedException { CurrentVersion: { } current }) context.HttpContext.Response.Headers.ETag = ApiHttp.ETag(current);
            if (e is ConflictException { RetryAfter: { } wait }) context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return e.Extensions is { } extensions
                ? TypedResults.Problem(detail: e.Message, statusCode: status, type: Types.GetValueOrDefault(status), extensions: extensions)
                : Problem(status, null, e.Message);
        }
        catch (ApiProblemException e)
        {
            return Problem(e.Status, e.Title, e.Message);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (DatabaseErrors.IsBusy(e))
        {
            // Only when a write waited out the whole busy timeout (IssueTracker:Database:BusyTimeoutMs) behind another.
            logger.LogWarning(e, "The database stayed busy for {Method} {Path}", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            context.HttpContext.Response.Headers.RetryAfter = "1";
            return Problem(StatusCodes.Status503ServiceUnavailable, null, "The database is busy with other writes; nothing was changed. Retry in a second.");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled error in {Method} {Path}", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return Problem(StatusCodes.Status500InternalServerError, null, "An unexpected error occurred; it has been logged.");
        }
    }

    internal static readonly IReadOnlyDictionary<int, string> Types = new Dictionary<int, string>
    {
        [400] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        [401] = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        [403] = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        [404] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        [405] = "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        [409] = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        [412] = "https://tools.ietf.org/html/rfc9110#section-15.5.13",
        [413] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [415] = "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        [422] = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        [429] = "https://tools.ietf.org/html/rfc6585#section-4",
        [500] = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        [503] = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
    };

    private static IResult Problem(int status, string? title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: Types.GetValueOrDefault(status));
}

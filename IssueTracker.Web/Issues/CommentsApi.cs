using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IssueTracker.Web.Issues;

public static class CommentsApi
{
    public static RouteGroupBuilder MapCommentsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/issues/{id:guid}/comments").WithTags("Comments");
        group.MapGet("/", ListComments).WithName(nameof(ListComments)).WithSummary("An issue's comments, oldest first");
        group.MapPost("/", AddComment).WithName(nameof(AddComment)).WithSummary("Comment on an issue (markdown)").WithIdempotencyKey().Accepts<CommentRequest>("application/json")
            .WithRequestExample(new CommentRequest { Content = "Traced to the **2024-01-14** backfill: `customer_id` was not joined." });
        group.MapPatch("/{commentId:guid}", EditComment).WithName(nameof(EditComment)).WithSummary("Edit your comment").Accepts<CommentRequest>("application/json");
        group.MapDelete("/{commentId:guid}", DeleteComment).WithName(nameof(DeleteComment)).WithSummary("Delete a comment");
        return group;
    }

    public static async Task<Ok<PagedResult<CommentDto>>> ListComments(
        Guid id, [FromQuery] string? page, [FromQuery] string? size, ClaimsPrincipal user, CommentService comments, CancellationToken ct)
    {
        var paging = ApiHttp.Page(page, size);
        return TypedResults.Ok(await comments.ListAsync(id, paging.Page, paging.Size, user.ActorId(), ct) ?? throw new NotFoundException("Issue"));
    }

    public static async Task<Created<CommentDto>> AddComment(Guid id, JsonBody<CommentRequest> body, ClaimsPrincipal user, CommentService comments, CancellationToken ct)
    {
        var request = body.Value;
        var comment = await comments.AddAsync(id, request, user.ActorId(), ct);
        return TypedResults.Created($"/api/issues/{id}/comments/{comment.Id}", comment);
    }

    public static async Task<Ok<CommentDto>> EditComment(Guid id, Guid commentId, JsonBody<CommentRequest> body, ClaimsPrincipal user, CommentService comments, CancellationToken ct)
    {
        var request = body.Value;
        return TypedResults.Ok(await comments.EditAsync(id, commentId, request, user.ActorId(), ct));
    }

    public static async Task<NoContent> DeleteComment(Guid id, Guid commentId, ClaimsPrincipal user, CommentService comments, CancellationToken ct)
    {
        await comments.DeleteAsync(id, commentId, user.ActorId(), ct);
        return TypedResults.NoContent();
    }
}

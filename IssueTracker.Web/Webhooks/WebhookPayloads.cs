using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Webhooks;

/// <summary>
/// What a delivery says: the event as <c>GET /api/events</c> sends it plus <c>"issue"</c>, the issue as it is when the
/// delivery is first sent (null once deleted); or, for a Slack webhook, an incoming-webhook message that reads well
/// in a channel: the key and title as a link, who did what, the comment's first lines.
/// </summary>
public sealed class WebhookPayloads(IOptions<JsonOptions> json, IOptions<IssueTrackerOptions> options)
{
    private const int CommentExcerpt = 300;

    internal async Task<string> BodyAsync(ApplicationDbContext db, WebhookDelivery delivery, CancellationToken ct)
    {
        var e = delivery.EventId is { } id ? await db.ChangeEvents.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) : null;
        if (e is null) return new JsonObject { ["type"] = delivery.Type, ["note"] = "The event is no longer kept." }.ToJsonString();
        var issue = e.IssueId is { } issueId && e.Type != ChangeTypes.IssueDeleted
            ? await db.Issues.AsNoTracking().Where(i => i.Id == issueId).Select(Projections.Issue).SingleOrDefaultAsync(ct)
            : null;
        if (delivery.Webhook.Format == WebhookFormat.Json)
        {
            var body = JsonSerializer.SerializeToNode(EventService.ToDto(e, SpaceOnly(e)), json.Value.SerializerOptions)!.AsObject();
            body["issue"] = issue is null ? null : JsonSerializer.SerializeToNode(issue, json.Value.SerializerOptions);
            return body.ToJsonString(json.Value.SerializerOptions);
        }
        var comment = e.CommentId is { } commentId && e.Type != ChangeTypes.CommentDeleted
            ? await db.Comments.AsNoTracking().Where(c => c.Id == commentId).Select(c => c.Content).SingleOrDefaultAsync(ct)
            : null;
        var alert = e.AlertId is { } alertId ? await db.Alerts.AsNoTracking().Where(a => a.Id == alertId).Select(a => a.Title).SingleOrDefaultAsync(ct) : null;
        return Slack(e, issue, comment, alert).ToJsonString();
    }

    private JsonObject Slack(ChangeEvent e, IssueDto? issue, string? comment, string? alert)
    {
        var subject = issue is null ? Escape(e.IssueKey ?? "an issue") : Link(issue);
        var what = e.Type switch
        {
            ChangeTypes.IssueCreated => $"{Escape(e.ActorName)} opened {subject}",
            ChangeTypes.IssueUpdated => $"{Escape(e.ActorName)} changed {subject}: {Escape(ChangeText.Short(EventService.VisibleChanges(e, SpaceOnly(e))))}",
            ChangeTypes.IssueDeleted => $"{Escape(e.ActorName)} deleted {subject}",
            ChangeTypes.CommentCreated => $"{Escape(e.ActorName)} commented on {subject}",
            ChangeTypes.CommentUpdated => $"{Escape(e.ActorName)} edited a comment on {subject}",
            ChangeTypes.CommentDeleted => $"{Escape(e.ActorName)} deleted a comment on {subject}",
            ChangeTypes.AlertFired => $":rotating_light: Alert fired: {Escape(alert ?? "")}{(e.IssueId is null ? "" : " on " + subject)}",
            _ => $":white_check_mark: Alert resolved: {Escape(alert ?? "")}{(e.IssueId is null ? "" : " on " + subject)}",
        };
        var blocks = new JsonArray { Section(what) };
        if (comment is not null)
            blocks.Add(Section(string.Join('\n', Excerpt(comment).Split('\n').Select(line => "> " + Escape(line)))));
        if (issue is not null)
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["type"] = "mrkdwn",
                        ["text"] = $"Status: *{ChangeText.Value(issue.Status)}* · Priority: *{ChangeText.Value(issue.Priority)}* · Assignee: {Escape(issue.Assignee?.Name ?? "nobody")} · {Escape(issue.Space.Name)}",
                    },
                },
            });
        // "text" is what notifications and clients without blocks show.
        return new JsonObject { ["text"] = Plain(what), ["blocks"] = blocks };
    }

    private string Link(IssueDto issue)
    {
        var label = Escape($"{issue.Key} {issue.Title}");
        return options.Value.PublicRoot is { } root ? $"<{root.TrimEnd('/')}/issues/{issue.Id}|{label}>" : $"*{label}*";
    }

    // A webhook speaks for its space, to whoever reads its channel: it names no issue of another space.
    private static Audience SpaceOnly(ChangeEvent e) => new(new HashSet<Guid> { e.SpaceId });

    private static JsonObject Section(string text) => new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } };

    private static string Excerpt(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n').Take(5);
        var joined = string.Join('\n', lines);
        return joined.Length <= CommentExcerpt ? joined : joined[..(CommentExcerpt - 1)] + "…";
    }

    // Slack's mrkdwn reads <, > and & as markup: user text must not make links or mentions (<!channel>).
    private static string Escape(string text) => new StringBuilder(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").ToString();

    private static string Plain(string mrkdwn) => System.Text.RegularExpressions.Regex.Replace(mrkdwn, "<[^|>]+\\|([^>]+)>", "$1").Replace("*", "");
}

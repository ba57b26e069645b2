using System.Globalization;
using System.Text;
using System.Text.Json;
using IssueTracker.Web.Contracts;
using IssueTracker.Web.Data;
using IssueTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Services;

/// <summary>
/// Quality alerts and what they do to issues. One alert per product + fingerprint (default: the check name); each
/// report records an occurrence. A firing alert with no open issue opens one (or reopens its recently resolved one),
/// repeated firings of one episode add nothing to the issue's history, and a resolving alert resolves its issue —
/// each as the policy of the product (else its space, else the defaults) says, and each step in the issue's history
/// by the Quality monitor.
/// </summary>
/// <remarks>Errors: 400 for bad fields; 404 for a product or alert the actor cannot see; 403 for viewers; 409/422 for
/// idempotency keys in flight or reused.</remarks>
public sealed class AlertService(IDbContextFactory<ApplicationDbContext> dbFactory, Idempotency idempotency, TimeProvider clock)
{
    private const string ReportOperation = "alerts.report";
    private const int LatestOccurrences = 10;

    public async Task<PagedResult<AlertDto>> ListAsync(AlertQuery query, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(query.Page, query.Size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        var alerts = db.Alerts.AsNoTracking();
        if (spaces is not null) alerts = alerts.Where(a => spaces.Contains(a.SpaceId));
        if (query.SpaceId is { } spaceId) alerts = alerts.Where(a => a.SpaceId == spaceId);
        if (query.ProductId is { } productId) alerts = alerts.Where(a => a.ProductId == productId);
        if (query.Status is { } status) alerts = alerts.Where(a => a.Status == status);
        if (query.Kind is { } kind) alerts = alerts.Where(a => a.Kind == kind);
        return await alerts.OrderByDescending(a => a.LastSeenAt).ThenByDescending(a => a.Id)
            .Select(Projections.Alert)
            .ToPageAsync(query.Page, query.Size, ct);
    }

    /// <summary>An alert with its current issue and latest occurrences; null when the actor may not see it.</summary>
    public async Task<AlertDetailDto?> GetAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await IsVisibleAsync(db, id, actorId, ct)) return null;
        var alert = await db.Alerts.AsNoTracking().Where(a => a.Id == id).Select(Projections.Alert).SingleAsync(ct);
        var latest = await db.AlertOccurrences.AsNoTracking().Where(o => o.AlertId == id)
            .OrderByDescending(o => o.ReceivedAt).ThenByDescending(o => o.Id)
            .Take(LatestOccurrences).Select(Projections.Occurrence).ToListAsync(ct);
        return new AlertDetailDto(alert, latest);
    }

    /// <summary>An alert's occurrences, newest first; null when the actor may not see the alert.</summary>
    public async Task<PagedResult<AlertOccurrenceDto>?> OccurrencesAsync(Guid id, int page, int size, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(page, size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await IsVisibleAsync(db, id, actorId, ct)) return null;
        return await db.AlertOccurrences.AsNoTracking().Where(o => o.AlertId == id)
            .OrderByDescending(o => o.ReceivedAt).ThenByDescending(o => o.Id)
            .Select(Projections.Occurrence).ToPageAsync(page, size, ct);
    }

    /// <summary>
    /// Records a monitor's check result (member role or above). The first report creates the alert. With an
    /// <paramref name="idempotencyKey"/>, a retry returns the first result and records nothing twice.
    /// </summary>
    public async Task<ReportAlertResult> ReportAsync(ReportAlertRequest request, Guid actorId, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var report = Validate(request);
        if (idempotencyKey is null) return await ReportWithRetryAsync(report, actorId, null, ct);

        var earlier = await idempotency.ClaimAsync(actorId, idempotencyKey, ReportOperation, request, ct);
        if (earlier is not null) return JsonSerializer.Deserialize<ReportAlertResult>(earlier)! with { Replayed = true };
        try
        {
            return await ReportWithRetryAsync(report, actorId, idempotencyKey, ct);
        }
        catch
        {
            await idempotency.ReleaseAsync(actorId, idempotencyKey, CancellationToken.None);
            throw;
        }
    }

    private async Task<ReportAlertResult> ReportWithRetryAsync(ValidReport report, Guid actorId, string? idempotencyKey, CancellationToken ct)
    {
        // Two monitors (or two app instances) may report the first firing of one check at once; the unique index on
        // product + fingerprint lets exactly one insert win, and the other retries as an update of that alert.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await ReportOnceAsync(report, actorId, idempotencyKey, ct);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
            }
        }
    }

    private async Task<ReportAlertResult> ReportOnceAsync(ValidReport report, Guid actorId, string? idempotencyKey, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var product = await db.Products.Include(p => p.Space).SingleOrDefaultAsync(p => p.Id == report.ProductId, ct);
        var role = product is null ? null : await Access.RoleInSpaceAsync(db, actorId, product.SpaceId, ct);
        Access.Require(role, IssueRules.ChangeRole, "Product", "reporting alerts");
        var now = clock.GetUtcNow().UtcDateTime;

        var alert = await db.Alerts.SingleOrDefaultAsync(a => a.ProductId == product!.Id && a.Fingerprint == report.Fingerprint, ct);
        var created = alert is null;
        var wasFiring = alert?.Status == AlertStatus.Firing;
        if (alert is null)
        {
            alert = new Alert
            {
                Id = Ids.New(now), SpaceId = product!.SpaceId, ProductId = product.Id, Fingerprint = report.Fingerprint, FirstSeenAt = now, CreatedAt = now,
            };
            db.Alerts.Add(alert);
        }
        alert.Check = report.Check;
        alert.Kind = report.Kind;
        alert.Title = report.Title;
        alert.Message = report.Message;
        alert.OccurrenceCount++;
        alert.LastSeenAt = alert.UpdatedAt = now;
        if (report.Status != alert.Status || created) alert.ResolvedAt = report.Status == AlertStatus.Resolved ? now : null;
        alert.Status = report.Status;
        db.AlertOccurrences.Add(new AlertOccurrence
        {
            Id = Ids.New(now), AlertId = alert.Id, Status = report.Status, Message = report.Message,
            ObservedAt = report.ObservedAt ?? now, ReceivedAt = now, Value = report.Value, Threshold = report.Threshold,
        });

        var policy = AlertPolicies.Resolve(product!.Space.AlertPolicy, product.AlertPolicy);
        if (report.Status == AlertStatus.Firing) await OnFiringAsync(db, alert, report, product, policy, newEpisode: !wasFiring, now, ct);
        else if (wasFiring) await OnResolvedAsync(db, alert, policy, now, ct);

        await db.SaveChangesAsync(ct);
        var dto = await db.Alerts.Where(a => a.Id == alert.Id).Select(Projections.Alert).SingleAsync(ct);
        var result = new ReportAlertResult(dto, created);
        if (idempotencyKey is not null)
        {
            await idempotency.CompleteAsync(db, actorId, idempotencyKey, created ? 201 : 200, JsonSerializer.Serialize(result), ct);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// A firing report: the alert's open issue hears of a new episode once; with no open issue, the latest one reopens
    /// when it was resolved within the reopen window, else a new issue opens (linking the previous one).
    /// </summary>
    private async Task OnFiringAsync(ApplicationDbContext db, Alert alert, ValidReport report, DataProduct product, EffectiveAlertPolicy policy, bool newEpisode, DateTime now, CancellationToken ct)
    {
        var monitor = SystemUsers.QualityMonitorId;
        var latest = await AlertIssues.LatestAsync(db, alert.Id, ct);
        if (latest is { Status: not IssueStatus.Resolved })
        {
            if (!newEpisode) return;
            History.Add(db, latest.Id, IssueEventKind.AlertFired, null, alert.Message ?? alert.Title, monitor, now);
            IssueWrites.Touch(latest, now);
            return;
        }
        if (!policy.AutoOpen) return;

        if (latest is { ResolvedAt: { } resolvedAt } && now - resolvedAt <= TimeSpan.FromHours(policy.ReopenWindowHours))
        {
            IssueWrites.SetStatus(db, latest, IssueStatus.Open, monitor, now);
            History.Add(db, latest.Id, IssueEventKind.AlertFired, null, alert.Message ?? alert.Title, monitor, now);
            IssueWrites.Touch(latest, now);
            return;
        }

        var assignee = policy.DefaultAssigneeId is { } id
                       && await db.SpaceMembers.AnyAsync(m => m.SpaceId == alert.SpaceId && m.UserId == id && m.Role >= IssueRules.ChangeRole, ct)
            ? id
            : (Guid?)null;
        var previous = latest is null ? null : await db.Spaces.Where(s => s.Id == latest.SpaceId).Select(s => s.Key + "-" + latest.Number).SingleAsync(ct);
        var issue = await IssueWrites.AddAsync(db, new Issue
        {
            SpaceId = alert.SpaceId,
            Title = alert.Title,
            Description = Describe(alert, report, product, previous is null ? null : (previous, latest!), now),
            Status = IssueStatus.Open,
            Priority = policy.Priorities[alert.Kind],
            ProductId = product.Id,
            AssigneeId = assignee,
            ReporterId = monitor,
            AlertId = alert.Id,
        }, alert.Title, now, ct);
        History.Add(db, issue.Id, IssueEventKind.AlertFired, null, alert.Message ?? alert.Title, monitor, now);
    }

    /// <summary>A firing episode ends: the open issue hears of it, and is resolved when the policy says so.</summary>
    private static async Task OnResolvedAsync(ApplicationDbContext db, Alert alert, EffectiveAlertPolicy policy, DateTime now, CancellationToken ct)
    {
        var monitor = SystemUsers.QualityMonitorId;
        var issue = await AlertIssues.LatestAsync(db, alert.Id, ct);
        if (issue is null or { Status: IssueStatus.Resolved }) return;
        History.Add(db, issue.Id, IssueEventKind.AlertResolved, null, alert.Message ?? alert.Title, monitor, now);
        if (policy.AutoResolve)
        {
            var content = $"The check `{alert.Check}` passed at {now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, so this issue was resolved automatically. " +
                          "If it fails again, the issue reopens.";
            db.Comments.Add(new Comment { Id = Ids.New(now), IssueId = issue.Id, AuthorId = monitor, Content = content, CreatedAt = now });
            History.Add(db, issue.Id, IssueEventKind.CommentAdded, null, content, monitor, now);
            IssueWrites.SetStatus(db, issue, IssueStatus.Resolved, monitor, now);
        }
        IssueWrites.Touch(issue, now);
    }

    /// <summary>What failed, where, observed against expected, since when; and the issue this one follows.</summary>
    private static string Describe(Alert alert, ValidReport report, DataProduct product, (string Key, Issue Issue)? previous, DateTime now)
    {
        var text = new StringBuilder();
        text.AppendLine($"The **{alert.Kind}** check `{alert.Check}` on **{product.Name}** is failing.").AppendLine();
        if (!string.IsNullOrWhiteSpace(alert.Message)) text.AppendLine($"> {alert.Message.ReplaceLineEndings(" ")}").AppendLine();
        text.AppendLine("| | |").AppendLine("|---|---|");
        text.AppendLine($"| Check | `{alert.Check}` |");
        text.AppendLine($"| Product | {product.Name} |");
        if (report.Value is { } observed)
            text.AppendLine($"| Observed | {Number(observed)} |");
        if (report.Threshold is { } expected)
            text.AppendLine($"| Expected (threshold) | {Number(expected)} |");
        text.AppendLine($"| First seen | {alert.FirstSeenAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC |");
        text.AppendLine($"| Opened | {now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC |");
        if (previous is { } p)
            text.AppendLine().AppendLine($"This check failed before: [{p.Key}](/issues/{p.Issue.Id}), resolved {p.Issue.ResolvedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.");
        return text.ToString();
    }

    private static string Number(double value) => value.ToString("#,0.###", CultureInfo.InvariantCulture);

    private static async Task<bool> IsVisibleAsync(ApplicationDbContext db, Guid alertId, Guid actorId, CancellationToken ct)
    {
        var spaceId = await db.Alerts.Where(a => a.Id == alertId).Select(a => (Guid?)a.SpaceId).SingleOrDefaultAsync(ct);
        return spaceId is not null && await Access.RoleInSpaceAsync(db, actorId, spaceId.Value, ct) is not null;
    }

    private sealed record ValidReport(
        Guid ProductId, string Check, string Fingerprint, AlertKind Kind, AlertStatus Status, string Title, string? Message,
        DateTime? ObservedAt, double? Value, double? Threshold);

    private static ValidReport Validate(ReportAlertRequest request)
    {
        var errors = new ValidationErrors();
        var check = request.Check?.Trim();
        var title = request.Title?.Trim();
        var fingerprint = string.IsNullOrWhiteSpace(request.Fingerprint) ? check : request.Fingerprint.Trim();
        if (request.ProductId is null) errors.Add("product_id", "Product is required.");
        if (string.IsNullOrEmpty(check)) errors.Add("check", "Check is required.");
        else if (check.Length > 200) errors.Add("check", "Check must be at most 200 characters.");
        if (fingerprint is { Length: > 200 }) errors.Add("fingerprint", "Fingerprint must be at most 200 characters.");
        if (request.Kind is null) errors.Add("kind", "Kind is required: freshness, volume, schema, null_rate, distribution or custom.");
        if (request.Status is null) errors.Add("status", "Status is required: firing or resolved.");
        if (string.IsNullOrEmpty(title)) errors.Add("title", "Title is required.");
        else if (title.Length > 200) errors.Add("title", "Title must be at most 200 characters.");
        if (request.Message is { Length: > 10_000 }) errors.Add("message", "Message must be at most 10,000 characters.");
        if (request.Value is { } v && !double.IsFinite(v)) errors.Add("value", "Value must be a finite number.");
        if (request.Threshold is { } t && !double.IsFinite(t)) errors.Add("threshold", "Threshold must be a finite number.");
        errors.ThrowIfAny();
        return new ValidReport(request.ProductId!.Value, check!, fingerprint!, request.Kind!.Value, request.Status!.Value, title!,
            string.IsNullOrWhiteSpace(request.Message) ? null : request.Message, request.ObservedAt?.ToUniversalTime(), request.Value, request.Threshold);
    }
}

using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Alerts;

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
    public const int MaxCheckLength = FieldLimits.Check;
    public const int MaxMessageLength = FieldLimits.AlertMessage;

    public async Task<PagedResult<AlertDto>> ListAsync(AlertQuery query, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(query.Page, query.Size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var spaces = await Access.VisibleSpaceIdsAsync(db, actorId, ct);
        var alerts = db.Alerts.AsNoTracking();
        if (spaces is not null) alerts = alerts.Where(a => spaces.Contains(a.SpaceId));
        if (query.SpaceId is { } spaceId) alerts = alerts.Where(a => a.SpaceId == spaceId);
        if (query.ProductId is { } productId) alerts = alerts.Where(a => a.ProductId == productId);
        if (query.Statuses is { Count: > 0 } statuses) alerts = alerts.Where(a => statuses.Contains(a.Status));
        if (query.Kinds is { Count: > 0 } kinds) alerts = alerts.Where(a => kinds.Contains(a.Kind));
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

    /// <summary>How long a check's results are shown as runs.</summary>
    public static readonly TimeSpan RunsKept = TimeSpan.FromDays(90);

    /// <summary>
    /// An alert's results of the last <see cref="RunsKept"/>, newest first (the runs strip); null when the actor may
    /// not see the alert.
    /// </summary>
    public async Task<PagedResult<AlertRunDto>?> RunsAsync(Guid id, int page, int size, Guid actorId, CancellationToken ct = default)
    {
        Paging.Validate(page, size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await IsVisibleAsync(db, id, actorId, ct)) return null;
        var since = clock.GetUtcNow().UtcDateTime - RunsKept;
        return await db.AlertOccurrences.AsNoTracking().Where(o => o.AlertId == id && o.ReceivedAt >= since)
            .OrderByDescending(o => o.ReceivedAt).ThenByDescending(o => o.Id)
            .Select(o => new AlertRunDto(o.ObservedAt,
                o.Run ?? (o.Status == AlertStatus.Firing ? RunStatus.Failing : RunStatus.Passing), o.Source, o.RunId, o.Value))
            .ToPageAsync(page, size, ct);
    }

    /// <summary>
    /// Records a monitor's check result (member role or above). The first report creates the alert. With an
    /// <paramref name="idempotencyKey"/>, a retry returns the first result and records nothing twice.
    /// </summary>
    public async Task<ReportAlertResult> ReportAsync(ReportAlertRequest request, Guid actorId, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var report = Validate(request);
        var (result, replayed) = await idempotency.RunOnceAsync(actorId, idempotencyKey, ReportOperation, request,
            claim => ReportWithRetryAsync(report, actorId, claim, ct), ct);
        return result with { Replayed = replayed };
    }

    private async Task<ReportAlertResult> ReportWithRetryAsync(ValidReport report, Guid actorId, IdempotencyClaim? claim, CancellationToken ct)
    {
        // Two monitors (or two app instances) may report the first firing of one check at once; the unique index on
        // product + fingerprint lets exactly one insert win, and the other retries as an update of that alert.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await ReportOnceAsync(report, actorId, claim, ct);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
            }
        }
    }

    private async Task<ReportAlertResult> ReportOnceAsync(ValidReport report, Guid actorId, IdempotencyClaim? claim, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var product = await db.Products.Include(p => p.Space).SingleOrDefaultAsync(p => p.Id == report.ProductId, ct);
        var role = product is null ? null : await Access.RoleInSpaceAsync(db, actorId, product.SpaceId, ct);
        Access.Require(role, RoleRules.ChangeIssuesRole, "Product", "reporting alerts");
        var applied = await ApplyAsync(db, report, product!, actorId, clock.GetUtcNow().UtcDateTime, ct);
        var dto = await db.Alerts.Where(a => a.Id == applied.Alert.Id).Select(Projections.Alert).SingleAsync(ct);
        var result = new ReportAlertResult(dto, applied.Created);
        if (claim is not null) await idempotency.CompleteAsync(db, claim, result, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// One check result, inside the caller's transaction (the caller checked the actor may report to
    /// <paramref name="product"/>): the alert is created or updated, an occurrence recorded, and its issue opened,
    /// reopened, noted or resolved as the policy says. A connector applies a whole upload this way, in one transaction.
    /// </summary>
    internal async Task<AppliedReport> ApplyAsync(ApplicationDbContext db, ValidReport report, DataProduct product, Guid actorId, DateTime now, CancellationToken ct)
    {
        await RowLocks.LockAlertAsync(db, product.Id, report.Fingerprint, ct);
        var alert = await db.Alerts.SingleOrDefaultAsync(a => a.ProductId == product.Id && a.Fingerprint == report.Fingerprint, ct);
        var created = alert is null;
        var wasFiring = alert?.Status == AlertStatus.Firing;
        var policy = AlertPolicies.Resolve(product.Space.AlertPolicy, product.AlertPolicy);
        // A flapping check: a pass resolves only after enough passes in a row; until then the alert stays firing.
        var status = report.Status == AlertStatus.Resolved && wasFiring && !await PassedEnoughAsync(db, alert!.Id, policy.ResolveAfterPasses, ct)
            ? AlertStatus.Firing
            : report.Status;
        if (alert is null)
        {
            alert = new Alert
            {
                Id = Ids.New(now),
                SpaceId = product.SpaceId,
                ProductId = product.Id,
                Fingerprint = report.Fingerprint,
                FirstSeenAt = now,
                CreatedAt = now,
            };
            db.Alerts.Add(alert);
        }
        alert.Check = report.Check;
        alert.Kind = report.Kind;
        alert.Title = report.Title;
        alert.Message = report.Message;
        alert.Source = report.Source;
        alert.OccurrenceCount++;
        alert.LastSeenAt = alert.UpdatedAt = now;
        if (status != alert.Status || created) alert.ResolvedAt = status == AlertStatus.Resolved ? now : null;
        alert.Status = status;
        db.AlertOccurrences.Add(new AlertOccurrence
        {
            Id = Ids.New(now),
            AlertId = alert.Id,
            Status = report.Status,
            Message = report.Message,
            ObservedAt = report.ObservedAt ?? now,
            ReceivedAt = now,
            Value = report.Value,
            Threshold = report.Threshold,
            Run = report.Run ?? (report.Status == AlertStatus.Firing ? RunStatus.Failing : RunStatus.Passing),
            RunId = report.RunId,
            Source = report.Source,
        });

        var episode = new AlertEpisodes(db, alert, policy, now);
        var outcome = status == AlertStatus.Firing
            ? await episode.OnFiringAsync(product, report, newEpisode: !wasFiring, ct)
            : wasFiring ? await episode.OnResolvedAsync(ct) : null;

        // The feed hears when an episode starts or ends, from whoever reported it.
        var alertEvent = status == AlertStatus.Firing ? (wasFiring ? null : ChangeTypes.AlertFired) : wasFiring ? ChangeTypes.AlertResolved : null;
        // With an issue, the event goes with the issue's change, after its own events: a consumer hears issue.created
        // before the alert.fired that names the issue.
        if (alertEvent is not null && outcome is not null) outcome.Change.Publish(alertEvent, alertId: alert.Id);
        else if (alertEvent is not null)
            await ChangeEvents.AddAsync(db, actorId, alert.SpaceId, null, [new PendingEvent(alertEvent, AlertId: alert.Id)], now, ct);

        // The issue's change saves the alert and its occurrence with it: one SaveChanges.
        if (outcome is not null) await outcome.Change.SaveAsync(ct);
        else await db.SaveChangesAsync(ct);
        return new AppliedReport(alert, created, outcome?.What, outcome?.Change.Issue);
    }

    // Whether this pass makes <paramref name="needed"/> in a row: the results just before it all passed.
    private static async Task<bool> PassedEnoughAsync(ApplicationDbContext db, Guid alertId, int needed, CancellationToken ct)
    {
        if (needed <= 1) return true;
        var before = await db.AlertOccurrences.Where(o => o.AlertId == alertId)
            .OrderByDescending(o => o.ReceivedAt).ThenByDescending(o => o.Id).Take(needed - 1)
            .Select(o => o.Run ?? (o.Status == AlertStatus.Resolved ? RunStatus.Passing : RunStatus.Failing)).ToListAsync(ct);
        return before.Count == needed - 1 && before.All(r => r == RunStatus.Passing);
    }

    private static async Task<bool> IsVisibleAsync(ApplicationDbContext db, Guid alertId, Guid actorId, CancellationToken ct)
    {
        var spaceId = await db.Alerts.Where(a => a.Id == alertId).Select(a => (Guid?)a.SpaceId).SingleOrDefaultAsync(ct);
        return spaceId is not null && await Access.RoleInSpaceAsync(db, actorId, spaceId.Value, ct) is not null;
    }

    /// <summary>
    /// A report as it is applied. <see cref="Priority"/>, <see cref="AssigneeId"/> and <see cref="Details"/> are a
    /// connector's: the priority and assignee a new issue gets instead of the policy's, and markdown (already escaped)
    /// that its description carries.
    /// </summary>
    internal sealed record ValidReport(
        Guid ProductId, string Check, string Fingerprint, AlertKind Kind, AlertStatus Status, string Title, string? Message,
        DateTime? ObservedAt, double? Value, double? Threshold, string Source = AlertSources.Api,
        IssuePriority? Priority = null, Guid? AssigneeId = null, string? Details = null, RunStatus? Run = null, string? RunId = null);

    internal static ValidReport Validate(ReportAlertRequest request)
    {
        var errors = new ValidationErrors();
        var check = TextRules.Line(request.Check, "check", "Check", MaxCheckLength, errors);
        var title = TextRules.Line(request.Title, "title", "Title", IssueFields.MaxTitleLength, errors);
        var fingerprint = TextRules.Line(request.Fingerprint, "fingerprint", "Fingerprint", MaxCheckLength, errors, required: false) ?? check;
        var message = TextRules.Text(request.Message, "message", "Message", MaxMessageLength, errors);
        if (request.ProductId is null) errors.Add("product_id", "Product is required.");
        if (request.Kind is null) errors.Add("kind", "Kind is required: freshness, volume, schema, null_rate, distribution or custom.");
        if (request.Status is null) errors.Add("status", "Status is required: firing or resolved.");
        if (request.Value is { } v && !double.IsFinite(v)) errors.Add("value", "Value must be a finite number.");
        if (request.Threshold is { } t && !double.IsFinite(t)) errors.Add("threshold", "Threshold must be a finite number.");
        if (request.Source is { } source && !AlertSources.All.Contains(source)) errors.Add("source", $"Source must be one of {string.Join(", ", AlertSources.All)}.");
        errors.ThrowIfAny();
        return new ValidReport(request.ProductId!.Value, check!, fingerprint!, request.Kind!.Value, request.Status!.Value, title!,
            string.IsNullOrWhiteSpace(message) ? null : message, request.ObservedAt?.ToUniversalTime(), request.Value, request.Threshold,
            request.Source ?? AlertSources.Api);
    }
}

/// <summary>What applying one report did: the alert, whether it was new, and what happened to its issue (none: left alone).</summary>
internal sealed record AppliedReport(Alert Alert, bool Created, EpisodeOutcome? Issue, Issue? IssueRow);

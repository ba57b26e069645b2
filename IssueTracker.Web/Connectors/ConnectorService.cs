using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Web.Connectors;

/// <summary>
/// Turns a tool's run (dbt, Great Expectations, Soda) into the alert flow, in one transaction per upload: each check
/// is one alert (its stable name), reported as <see cref="AlertService"/> reports any alert, so the product's policy
/// opens, reopens and resolves its issue. Which product a check belongs to, in order: the tool's hint
/// (<c>issuetracker_product</c>), a product named as the tested model or asset, a new one when asked
/// (<c>create_products</c>), the upload's <c>product_id</c>; else the check is listed as unmapped. The same run posted
/// again changes nothing and answers the first summary (<c>replayed</c>); a dry run answers the summary and keeps nothing.
/// </summary>
/// <remarks>Errors: 400 bad query; 404 a space or product the actor cannot see; 403 viewers (and create_products
/// without the admin role); 422 a file that is not the tool's.</remarks>
public sealed class ConnectorService(IDbContextFactory<ApplicationDbContext> dbFactory, AlertService alerts, TimeProvider clock)
{
    private static readonly JsonSerializerOptions SummaryJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = WireNames.Policy };

    public async Task<ConnectorSummaryDto> ImportAsync(ToolRun run, ConnectorTarget target, Guid actorId, CancellationToken ct = default)
    {
        if (target.SpaceId is null && string.IsNullOrWhiteSpace(target.SpaceKey))
            throw new ValidationException("space_id", "Say which space the results are for: space_id=<uuid> or space=<KEY>.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var space = await (target.SpaceId is { } id
                ? db.Spaces.Where(s => s.Id == id)
                : db.Spaces.Where(s => s.Key == target.SpaceKey!.Trim().ToUpperInvariant()))
            .Select(s => new { s.Id, s.Key }).SingleOrDefaultAsync(ct);
        var role = space is null ? null : await Access.RoleInSpaceAsync(db, actorId, space.Id, ct);
        Access.Require(role, RoleRules.ChangeIssuesRole, "Space", "reporting check results");
        if (target.CreateProducts) Access.Require(role, RoleRules.ManageSpaceRole, "Space", "creating products (create_products=true)");
        var spaceId = space!.Id;

        var earlier = await db.ConnectorRuns.AsNoTracking()
            .Where(r => r.SpaceId == spaceId && r.Tool == run.Tool && r.RunKey == run.RunId).Select(r => r.Summary).SingleOrDefaultAsync(ct);
        if (earlier is not null) return JsonSerializer.Deserialize<ConnectorSummaryDto>(earlier, SummaryJson)! with { Replayed = true, DryRun = target.DryRun };

        var products = await db.Products.Include(p => p.Space).Where(p => p.SpaceId == spaceId).ToListAsync(ct);
        var fallback = target.ProductId is { } fallbackId
            ? products.SingleOrDefault(p => p.Id == fallbackId) ?? throw new NotFoundException("Product")
            : null;
        var byName = products.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var people = await db.SpaceMembers.Where(m => m.SpaceId == spaceId)
            .Select(m => new { m.UserId, m.User.Email, m.User.Handle }).ToListAsync(ct);
        // Alerts the checks already have, so a passing check with none makes none (most of a run passes).
        var known = (await db.Alerts.Where(a => a.SpaceId == spaceId).Select(a => new { a.ProductId, a.Fingerprint }).ToListAsync(ct))
            .Select(a => (a.ProductId, a.Fingerprint)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;

        var counts = new int[5];
        var (opened, reopened, updated, resolved) = (new List<string>(), new List<string>(), new List<string>(), new List<string>());
        var touched = new List<ConnectorAlertDto>();
        var unmapped = new List<SkippedCheck>();
        var skipped = new List<SkippedCheck>(run.Skipped);
        foreach (var result in run.Results)
        {
            counts[(int)result.Outcome]++;
            if (result.Outcome == CheckOutcome.Skipped)
            {
                skipped.Add(new SkippedCheck(result.Check, result.SkipReason ?? "Not run."));
                continue;
            }
            var (product, why) = ProductFor(result, byName, fallback, target.CreateProducts);
            if (product is null && why is null)
            {
                product = new DataProduct { Id = Ids.New(now), SpaceId = spaceId, Name = result.Asset!, CreatedAt = now };
                db.Products.Add(product);
                await db.SaveChangesAsync(ct);
                product.Space = await db.Spaces.SingleAsync(s => s.Id == spaceId, ct);
                byName[product.Name] = product;
            }
            if (product is null)
            {
                unmapped.Add(new SkippedCheck(result.Check, why!));
                continue;
            }
            var firing = result.Outcome != CheckOutcome.Passing;
            if (!firing && !known.Contains((product.Id, result.Check))) continue;

            var report = AlertService.Validate(new ReportAlertRequest
            {
                ProductId = product.Id,
                Check = result.Check,
                Kind = result.Kind,
                Status = firing ? AlertStatus.Firing : AlertStatus.Resolved,
                Title = result.Title,
                Message = result.Message,
                ObservedAt = run.At,
                Value = result.Value,
                Source = run.Tool,
            }) with
            {
                Priority = result.Priority,
                AssigneeId = Owner(result.Owner, people.Select(p => (p.UserId, p.Email, p.Handle))),
                Details = result.Details,
                Run = result.Outcome switch
                {
                    CheckOutcome.Passing => RunStatus.Passing,
                    CheckOutcome.Warning => RunStatus.Warning,
                    CheckOutcome.Errored => RunStatus.Errored,
                    _ => RunStatus.Failing,
                },
                RunId = run.RunId.Length <= 200 ? run.RunId : run.RunId[..200],
            };
            var applied = await alerts.ApplyAsync(db, report, product, actorId, now, ct);
            known.Add((product.Id, result.Check));
            // Saved: nothing of it is needed again, and a tracker holding every row of a large run makes each later save
            // look through all of them.
            db.ChangeTracker.Clear();
            var key = applied.IssueRow is { } issue ? new IssueKey(space.Key, issue.Number).ToString() : null;
            switch (applied.Issue)
            {
                case EpisodeOutcome.Opened: opened.Add(key!); break;
                case EpisodeOutcome.Reopened: reopened.Add(key!); break;
                case EpisodeOutcome.Updated: updated.Add(key!); break;
                case EpisodeOutcome.Resolved: resolved.Add(key!); break;
            }
            touched.Add(new ConnectorAlertDto(result.Check, applied.Alert.Status, applied.Alert.Id, key, product.Name));
        }
        // The issue of each alert whose issue this upload left alone: one read for all of them, not one per alert.
        var unknown = touched.Where(a => a.IssueKey is null).Select(a => a.AlertId).ToList();
        if (unknown.Count > 0)
        {
            var latest = (await db.Issues.Where(i => i.AlertId != null && unknown.Contains(i.AlertId.Value))
                    .Select(i => new { AlertId = i.AlertId!.Value, i.Number, i.CreatedAt, i.Id }).ToListAsync(ct))
                .GroupBy(i => i.AlertId)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).First().Number);
            touched = [.. touched.Select(a => a.IssueKey is null && latest.TryGetValue(a.AlertId, out var number)
                ? a with { IssueKey = new IssueKey(space.Key, number).ToString() } : a)];
        }

        var summary = new ConnectorSummaryDto(run.Tool, run.RunId, Replayed: false, target.DryRun,
            new ConnectorResultCounts(run.Results.Count + run.Skipped.Count, counts[(int)CheckOutcome.Failing], counts[(int)CheckOutcome.Warning],
                counts[(int)CheckOutcome.Errored], counts[(int)CheckOutcome.Passing], counts[(int)CheckOutcome.Skipped] + run.Skipped.Count),
            new ConnectorIssueKeys(opened, reopened, updated, resolved), touched, unmapped, skipped);
        if (target.DryRun)
        {
            // Everything was done as for real, so the summary is exact; none of it is kept, and the feed hears nothing.
            await tx.RollbackAsync(ct);
            return summary;
        }
        db.ConnectorRuns.Add(new ConnectorRun
        {
            Id = Ids.New(now),
            SpaceId = spaceId,
            Tool = run.Tool,
            RunKey = run.RunId.Length <= 200 ? run.RunId : run.RunId[..200],
            Summary = JsonSerializer.Serialize(summary, SummaryJson),
            ActorId = actorId,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return summary;
    }

    // The product, or why there is none; (null, null) asks for a new product named as the asset.
    private static (DataProduct? Product, string? Why) ProductFor(
        CheckResult result, Dictionary<string, DataProduct> byName, DataProduct? fallback, bool create)
    {
        if (result.ProductHint is { } hint && byName.TryGetValue(hint, out var hinted)) return (hinted, null);
        if (result.Asset is { } asset && byName.TryGetValue(asset, out var named)) return (named, null);
        if (create && result.Asset is { Length: > 0 and <= 100 }) return (null, null);
        if (fallback is not null) return (fallback, null);
        return (null, result.ProductHint is { } missing ? $"no product named {missing} (issuetracker_product)"
            : result.Asset is { } model ? $"no product named {model}"
            : "the tested model is not known (send the manifest too), and no product_id was given");
    }

    // The model's owner, when they are a member of the space: by email or handle.
    private static Guid? Owner(string? owner, IEnumerable<(Guid Id, string? Email, string? Handle)> people)
    {
        if (string.IsNullOrWhiteSpace(owner)) return null;
        var name = owner.Trim().TrimStart('@');
        return people.FirstOrDefault(p => string.Equals(p.Email, name, StringComparison.OrdinalIgnoreCase)
                                          || string.Equals(p.Handle, name, StringComparison.OrdinalIgnoreCase)) is { Id: var id } && id != Guid.Empty ? id : null;
    }
}

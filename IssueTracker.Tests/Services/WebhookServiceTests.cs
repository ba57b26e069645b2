using IssueTracker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace IssueTracker.Tests.Services;

/// <summary>WebhookService's bookkeeping over a real database and a clock the test moves.</summary>
public sealed class WebhookServiceTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task PurgeBodies_ForgetsWhatDoneDeliveriesSaid_AfterThirtyDays_AndKeepsTheirOutcome()
    {
        // Arrange: a delivery sent today, one sent 31 days ago, and one still waiting from then.
        var team = await db.Data.TeamAsync();
        var hook = await db.Get<WebhookService>().CreateAsync(team.Space.Id, new CreateWebhookRequest { Url = "http://93.184.215.14/hook", Active = false }, team.Admin.Id);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        WebhookDelivery Delivery(DeliveryStatus status, DateTime at) => new()
        {
            Id = Guid.CreateVersion7(),
            WebhookId = hook.Id,
            Type = "comment.created",
            Status = status,
            Body = "{\"said\":\"the words\"}",
            ResponseStatus = 200,
            NextAttemptAt = at,
            CreatedAt = at,
        };
        var (recent, old, waiting) = (Delivery(DeliveryStatus.Succeeded, now), Delivery(DeliveryStatus.Succeeded, now.AddDays(-31)), Delivery(DeliveryStatus.Pending, now.AddDays(-31)));
        await using (var context = db.NewContext())
        {
            context.WebhookDeliveries.AddRange(recent, old, waiting);
            await context.SaveChangesAsync();
        }

        // Act
        var purged = await db.Get<WebhookService>().PurgeBodiesAsync(CancellationToken.None);

        // Assert
        Assert.Equal(1, purged);
        await using var after = db.NewContext();
        var bodies = await after.WebhookDeliveries.Where(d => d.WebhookId == hook.Id).ToDictionaryAsync(d => d.Id, d => (d.Body, d.ResponseStatus));
        Assert.Equal((null, 200), bodies[old.Id]);
        Assert.NotNull(bodies[recent.Id].Body);
        Assert.NotNull(bodies[waiting.Id].Body);
    }
}

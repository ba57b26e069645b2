namespace IssueTracker.Tests.Services;

public sealed class IdsTests
{
    [Fact]
    public void IdsOfOneMillisecond_StayInCreationOrder_WhileOtherTimestampsInterleave()
    {
        var at = new DateTime(2026, 3, 1, 12, 0, 0, 123, DateTimeKind.Utc);
        var later = at.AddMinutes(5);

        var ours = new List<Guid>();
        for (var i = 0; i < 200; i++)
        {
            ours.Add(Ids.New(at));
            Ids.New(later); // another request, another timestamp, in between
        }

        Assert.Equal(ours.Select(g => g.ToString()).Order(StringComparer.Ordinal), ours.Select(g => g.ToString()));
        Assert.All(ours, g => Assert.Equal(7, g.Version));
        Assert.True(string.CompareOrdinal(ours[^1].ToString(), Ids.New(later.AddMilliseconds(1)).ToString()) < 0);
    }
}

using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Shared;

namespace IssueTracker.Tests.Components;

/// <summary>Typing @ in an editor offers the people who can see the space; picking one writes their handle.</summary>
public sealed class MentionPickerTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    private static readonly MentionableDto[] People =
    [
        new(Guid.NewGuid(), "Priya Patel", "priya", ""),
        new(Guid.NewGuid(), "Bob Smith", "bob.smith", ""),
        new(Guid.NewGuid(), "Prakash Rao", "prakash", ""),
    ];

    private static string[] Offered(IRenderedComponent<MarkdownEditor> cut) =>
        cut.FindAll("[data-testid=mention-picker] [role=option]").Select(o => o.TextContent.Trim()).ToArray();

    [Fact]
    public void TypingAHandleOrAName_OffersMatchingPeople_AndPickingOneWritesTheHandle()
    {
        // Arrange
        string? value = null;
        var cut = Render<MarkdownEditor>(p => p.Add(x => x.Mentionables, People).Add(x => x.ValueChanged, v => value = v));

        // Act: type "@pr", then narrow to "@pri".
        cut.Find("textarea").Input("Hello @pr");
        var first = Offered(cut);
        cut.Find("textarea").Input("Hello @pri");
        var narrowed = Offered(cut);
        cut.FindAll("[role=option]")[0].Click();

        // Assert
        Assert.Equal(["Prakash Rao @prakash", "Priya Patel @priya"], first);
        Assert.Equal(["Priya Patel @priya"], narrowed);
        Assert.Equal("Hello @priya ", value);
        Assert.Empty(cut.FindAll("[data-testid=mention-picker]"));
    }

    [Fact]
    public void AMentionInTheMiddle_IsReplacedWhereItIsTyped_ByName()
    {
        string? value = null;
        var cut = Render<MarkdownEditor>(p => p.Add(x => x.Mentionables, People).Add(x => x.ValueChanged, v => value = v));
        cut.Find("textarea").Input("cc  please");

        cut.Find("textarea").Input("cc @smi please");

        Assert.Equal(["Bob Smith @bob.smith"], Offered(cut));
        cut.FindAll("[role=option]")[0].Click();
        Assert.Equal("cc @bob.smith  please", value);
    }

    [Fact]
    public void AnEmailAddress_OrEscape_OffersNobody()
    {
        var cut = Render<MarkdownEditor>(p => p.Add(x => x.Mentionables, People));

        cut.Find("textarea").Input("mail ops@pr");
        Assert.Empty(Offered(cut));

        cut.Find("textarea").Input("mail ops@pr and @pr");
        Assert.Equal(2, Offered(cut).Length);
        cut.Find("textarea").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Escape" });
        Assert.Empty(Offered(cut));
    }
}

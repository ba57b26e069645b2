using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Shared;
using IssueTracker.Web.Services;

namespace IssueTracker.Tests.Components;

public sealed class MarkdownViewTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    [Fact]
    public void Markdown_RendersFormattingAndSafeLinks()
    {
        var cut = Render<MarkdownView>(p => p.Add(x => x.Source, "## Summary\n\n**15%** nulls in `customer_id`, see [runbook](https://example.com/runbook)\n\n- one\n- two"));

        var body = cut.Find("[data-testid=markdown]");
        Assert.Equal("Summary", body.QuerySelector("h2")?.TextContent);
        Assert.Equal("15%", body.QuerySelector("strong")?.TextContent);
        Assert.Equal("customer_id", body.QuerySelector("code")?.TextContent);
        Assert.Equal(2, body.QuerySelectorAll("li").Length);
        var link = body.QuerySelector("a")!;
        Assert.Equal("https://example.com/runbook", link.GetAttribute("href"));
        Assert.Contains("noopener", link.GetAttribute("rel"));
    }

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[click me](javascript:alert(1))")]
    [InlineData("[click me](JaVaScRiPt:alert(1))")]
    [InlineData("[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![img](javascript:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">raw link</a>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("[x](vbscript:msgbox(1))")]
    public void HostileInput_IsRenderedInert(string hostile)
    {
        var cut = Render<MarkdownView>(p => p.Add(x => x.Source, "Before " + hostile + " after"));

        var body = cut.Find("[data-testid=markdown]");
        Assert.Empty(body.QuerySelectorAll("script, iframe, object, embed, [onerror], [onclick], [onload]"));
        Assert.All(body.QuerySelectorAll("[href], [src]"), e =>
        {
            var url = (e.GetAttribute("href") ?? e.GetAttribute("src") ?? "").Trim().ToLowerInvariant();
            Assert.False(url.StartsWith("javascript:") || url.StartsWith("data:") || url.StartsWith("vbscript:"), url);
        });
        Assert.Contains("after", body.TextContent);
    }

    [Fact]
    public void RawHtml_IsShownAsText()
    {
        var html = new MarkdownRenderer().ToHtml("<b>not bold</b>");

        Assert.Contains("&lt;b&gt;not bold&lt;/b&gt;", html);
    }

    [Fact]
    public void Empty_ShowsThePlaceholder()
    {
        var cut = Render<MarkdownView>(p => p.Add(x => x.Source, "  ").Add(x => x.Empty, "No description."));

        Assert.Contains("No description.", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=markdown]"));
    }
}

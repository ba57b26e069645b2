using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Shared;

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

    [Fact]
    public void Images_FromOtherHosts_AreLinks_UnlessTheHostIsAllowed()
    {
        // A reader's browser loading a commenter's image tells the commenter's server who reads, from where and when.
        var renderer = new MarkdownRenderer(["i.imgur.com", "*.example.com"]);

        var html = renderer.ToHtml("![tracker](https://tracker.evil.example/pixel.gif) ![chart](https://i.imgur.com/a.png) " +
                                   "![dash](https://grafana.example.com/d.png) ![local](/favicon.png) ![sneaky](//evil.example/p.gif)");

        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.Equal(["https://i.imgur.com/a.png", "https://grafana.example.com/d.png", "/favicon.png"], page.QuerySelectorAll("img").Select(i => i.GetAttribute("src")));
        var links = page.QuerySelectorAll("a").ToDictionary(a => a.GetAttribute("href")!, a => a.TextContent);
        Assert.Equal("tracker", links["https://tracker.evil.example/pixel.gif"]);
        Assert.Equal("sneaky", links["//evil.example/p.gif"]);
        Assert.Empty(new MarkdownRenderer().ToHtml("![x](https://i.imgur.com/a.png)").Split("<img").Skip(1));
    }

    [Fact]
    public void Mentions_OfPeopleWhoSeeTheSpace_AreChips_OthersStayText()
    {
        var priya = new IssueTracker.Web.Contracts.UserRef(Guid.NewGuid(), "Priya Patel");
        var people = new Dictionary<string, IssueTracker.Web.Contracts.UserRef> { ["priya"] = priya };

        var cut = Render<MarkdownView>(p => p
            .Add(x => x.Source, "@priya, please look. cc @nobody-here. Not in code: `@priya`; not mail: ops@priya.com")
            .Add(x => x.People, people)
            .Add(x => x.MentionHref, IssueQuery.IssuesOf));

        var body = cut.Find("[data-testid=markdown]");
        var chip = Assert.Single(body.QuerySelectorAll("a"));
        Assert.Equal("@priya", chip.TextContent);
        Assert.Equal($"/issues?assignee_id={priya.Id}", chip.GetAttribute("href"));
        Assert.Equal("mention", chip.GetAttribute("class"));
        Assert.Equal("Priya Patel", chip.GetAttribute("title"));
        Assert.Null(chip.GetAttribute("target"));
        Assert.Contains("cc @nobody-here.", body.TextContent);
        Assert.Equal("@priya", body.QuerySelector("code")?.TextContent);
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

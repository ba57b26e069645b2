using Ganss.Xss;
using Markdig;

namespace IssueTracker.Web.Services;

/// <summary>
/// Markdown to safe HTML. The pipeline has only the extensions the tracker needs (tables, strikethrough, task lists,
/// autolinks) and none that lets text set attributes; raw HTML in the source is shown as text (DisableHtml); and the
/// output is sanitized on top to exactly the elements and attributes that pipeline makes: no scripts, no event
/// handlers, no <c>style</c>, <c>class</c>, <c>id</c> or <c>name</c> (a comment must not restyle or overlay the page,
/// nor clobber the page's own names), and only http, https and mailto links. Descriptions often come from monitors
/// and other people's pastes. Thread-safe; registered once.
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough)
        .UseTaskLists()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : _sanitizer.Sanitize(Markdown.ToHtml(markdown, _pipeline));

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

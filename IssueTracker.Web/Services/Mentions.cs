using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace IssueTracker.Web.Services;

/// <summary>
/// <c>@handle</c> in a description or comment. Read from the markdown's text only (not from code spans, code blocks or
/// link addresses), and not inside an email address: <c>ops@example.com</c> mentions nobody.
/// </summary>
public static partial class Mentions
{
    [GeneratedRegex(@"(?<![\w@.+-])@([a-zA-Z0-9._-]{2,32})")]
    private static partial Regex Mention();

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAutoLinks().DisableHtml().Build();

    /// <summary>The handles mentioned, lower case (a sentence's final dot is not part of a handle).</summary>
    public static IReadOnlySet<string> In(string? markdown)
    {
        var handles = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(markdown) || !markdown.Contains('@')) return handles;
        foreach (var literal in Markdown.Parse(markdown, Pipeline).Descendants<LiteralInline>())
        {
            if (literal.Parent is LinkInline { IsAutoLink: true }) continue;
            foreach (var (handle, _, _) in Find(literal.Content.ToString())) handles.Add(handle);
        }
        return handles;
    }

    /// <summary>Each mention in a run of plain text: the handle, where its <c>@</c> is, and how long the mention is.</summary>
    public static IEnumerable<(string Handle, int Index, int Length)> Find(string text)
    {
        foreach (Match match in Mention().Matches(text))
        {
            var handle = match.Groups[1].Value.TrimEnd('.', '-', '_');
            if (handle.Length >= 2) yield return (handle.ToLowerInvariant(), match.Index, handle.Length + 1);
        }
    }
}

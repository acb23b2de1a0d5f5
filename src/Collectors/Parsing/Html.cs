using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace RiskWatch.Collectors.Parsing;

/// <summary>HTML helpers on AngleSharp: official pages and feed descriptions are rarely well-formed, so never parse them as XML.</summary>
internal static class Html
{
    // One parser per thread: sources run concurrently on scheduler threads.
    private static readonly ThreadLocal<HtmlParser> Parsers = new(() => new HtmlParser());

    private static HtmlParser Parser => Parsers.Value!;

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>Plain text with block elements on their own lines and whitespace squashed inside lines.</summary>
    public static string ToText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html)) return "";
        if (html.IndexOf('<') < 0 && html.IndexOf('&') < 0) return Squash(html);
        var doc = Parser.ParseDocument("<body>" + html + "</body>");
        return ElementText(doc.Body);
    }

    /// <summary>The text of an element keeping paragraph and list boundaries as line breaks.</summary>
    public static string ElementText(INode? node)
    {
        if (node is null) return "";
        var sb = new StringBuilder();
        Walk(node, sb);
        var lines = sb.ToString().Split('\n').Select(Squash).Where(l => l.Length > 0);
        return string.Join("\n", lines);
    }

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article", "blockquote", "dd", "dt", "header", "footer",
    };

    private static void Walk(INode node, StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    sb.Append(t.Data);
                    break;
                case IElement e when e.LocalName is "script" or "style" or "noscript" or "template":
                    break;
                case IElement e:
                    bool block = Blocks.Contains(e.LocalName);
                    if (block) sb.Append('\n');
                    Walk(e, sb);
                    if (block) sb.Append('\n');
                    break;
            }
        }
    }

    public static string Squash(string? s) => RiskWatch.Core.TextTools.Squash(s);

    /// <summary>Decodes HTML entities in a short plain-text field (titles, names).</summary>
    public static string Decode(string? s) => string.IsNullOrEmpty(s) ? "" : s.Contains('&') ? Squash(System.Net.WebUtility.HtmlDecode(s)) : Squash(s);
}

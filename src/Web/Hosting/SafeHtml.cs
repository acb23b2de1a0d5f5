using Ganss.Xss;
using Microsoft.AspNetCore.Html;

namespace RiskWatch.Web;

/// <summary>Collected text is untrusted: the only HTML pages ever render from it passes through here.</summary>
public static class SafeHtml
{
    private static readonly HtmlSanitizer MarksOnly = Create(["mark"]);

    /// <summary>A search highlight: everything but &lt;mark&gt; is removed or encoded.</summary>
    public static IHtmlContent Highlight(string html) => new HtmlString(MarksOnly.Sanitize(html));

    private static HtmlSanitizer Create(string[] tags)
    {
        var s = new HtmlSanitizer();
        s.AllowedTags.Clear();
        foreach (var t in tags) s.AllowedTags.Add(t);
        s.AllowedAttributes.Clear();
        s.AllowedSchemes.Clear();
        s.AllowedCssProperties.Clear();
        s.KeepChildNodes = true;
        return s;
    }
}

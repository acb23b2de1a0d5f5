using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace RiskWatch.Collectors.Parsing;

/// <summary>
/// Loads feeds and lists as XML, tolerating what real publishers get wrong: stray <c>&amp;</c>, HTML named entities
/// (<c>&amp;nbsp;</c>) outside CDATA, a BOM or blank lines before the declaration, control characters.
/// A document that is still not XML after that (HTML error page, truncated file) is a <see cref="SourceFormatException"/>.
/// </summary>
internal static partial class Xml
{
    public static XDocument Load(string content, string what)
    {
        if (string.IsNullOrWhiteSpace(content)) throw new SourceFormatException($"empty response: no {what} in it");
        var text = content.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (!text.StartsWith('<')) throw new SourceFormatException($"not XML: the content does not start with '<' (expected {what}; starts with \"{Preview(text)}\")");
        try
        {
            return Parse(text);
        }
        catch (XmlException first)
        {
            var repaired = Repair(text);
            try
            {
                return Parse(repaired);
            }
            catch (XmlException ex)
            {
                var truncated = ex.Message.Contains("end of file", StringComparison.OrdinalIgnoreCase) || first.Message.Contains("end of file", StringComparison.OrdinalIgnoreCase);
                throw new SourceFormatException(truncated
                    ? $"truncated {what}: the XML ends before its closing tags (line {ex.LineNumber})"
                    : $"not well-formed XML ({what}): {ex.Message}", ex);
            }
        }
    }

    private static XDocument Parse(string text)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, CheckCharacters = false, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(text), settings);
        return XDocument.Load(reader, LoadOptions.None);
    }

    /// <summary>Escapes stray ampersands and turns HTML named entities into characters, outside CDATA sections only.</summary>
    internal static string Repair(string text)
    {
        var parts = CdataPattern().Split(text);
        var cdatas = CdataPattern().Matches(text);
        var sb = new System.Text.StringBuilder(text.Length + 64);
        for (int i = 0; i < parts.Length; i++)
        {
            sb.Append(RepairPart(parts[i]));
            if (i < cdatas.Count) sb.Append(cdatas[i].Value);
        }
        return sb.ToString();
    }

    private static string RepairPart(string part) => EntityPattern().Replace(part, m =>
    {
        var name = m.Groups[1].Value;
        if (name.Length == 0) return "&amp;";
        if (name is "amp" or "lt" or "gt" or "quot" or "apos" || name.StartsWith('#')) return m.Value;
        var decoded = System.Net.WebUtility.HtmlDecode("&" + name + ";");
        return decoded == "&" + name + ";" ? "&amp;" + name + ";" : System.Security.SecurityElement.Escape(decoded);
    });

    [GeneratedRegex(@"<!\[CDATA\[.*?\]\]>", RegexOptions.Singleline)]
    private static partial Regex CdataPattern();

    [GeneratedRegex(@"&(?:(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)?")]
    private static partial Regex EntityPattern();

    public static string Preview(string text) => Html.Squash(text.Length > 60 ? text[..60] : text);

    /// <summary>Child element value by local name, ignoring namespaces.</summary>
    public static string? Child(this XElement e, string localName) =>
        e.Elements().FirstOrDefault(x => x.Name.LocalName == localName)?.Value;

    public static IEnumerable<XElement> Children(this XElement e, string localName) =>
        e.Elements().Where(x => x.Name.LocalName == localName);
}

using System.Text;
using System.Text.RegularExpressions;

namespace RiskWatch.Collectors.Fetching;

/// <summary>
/// Decodes a fetched body to text. Order: the Content-Type charset, then a &lt;meta charset&gt; or XML declaration in the first bytes,
/// then a BOM, then UTF-8 if the bytes are valid UTF-8, else GB18030 (many Chinese government pages are GBK without saying so).
/// Archives are decoded as Latin-1 so that their bytes survive the trip through a string.
/// </summary>
internal static partial class Charset
{
    static Charset() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(byte[] body, string? mediaType, string? headerCharset)
    {
        if (body.Length == 0) return "";
        if (mediaType is "application/zip" or "application/x-zip-compressed" or "application/octet-stream" or "application/gzip")
            return Encoding.Latin1.GetString(body);
        var encoding = ByName(headerCharset) ?? ByName(Declared(body)) ?? ByBom(body);
        if (encoding is null)
        {
            try
            {
                return StrictUtf8.GetString(body);
            }
            catch (DecoderFallbackException)
            {
                encoding = Encoding.GetEncoding("GB18030");
            }
        }
        var text = encoding.GetString(body);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    /// <summary>The charset a page or XML document declares in its first 4 KB.</summary>
    internal static string? Declared(byte[] body)
    {
        var head = Encoding.ASCII.GetString(body, 0, Math.Min(body.Length, 4096));
        var m = MetaCharset().Match(head);
        if (m.Success) return m.Groups[1].Value;
        m = XmlEncoding().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    internal static Encoding? ByName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var n = name.Trim().Trim('"', '\'').ToLowerInvariant();
        // GB2312 and GBK pages routinely use characters outside their declared set: GB18030 is the superset that decodes them all.
        if (n is "gb2312" or "gbk" or "x-gbk" or "gb18030" or "cp936" or "windows-936" or "euc-cn" or "x-euc-cn") return Encoding.GetEncoding("GB18030");
        try
        {
            var e = Encoding.GetEncoding(n);
            return e.CodePage == Encoding.UTF8.CodePage ? new UTF8Encoding(false) : e;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Encoding? ByBom(byte[] b)
    {
        if (b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) return new UTF8Encoding(false);
        if (b.Length >= 2 && b[0] == 0xFF && b[1] == 0xFE) return Encoding.Unicode;
        if (b.Length >= 2 && b[0] == 0xFE && b[1] == 0xFF) return Encoding.BigEndianUnicode;
        return null;
    }

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?\s*([A-Za-z0-9_\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();

    [GeneratedRegex(@"<\?xml[^>]+encoding\s*=\s*[""']([A-Za-z0-9_\-]+)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex XmlEncoding();
}

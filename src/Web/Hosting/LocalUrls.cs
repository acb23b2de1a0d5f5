namespace RiskWatch.Web;

/// <summary>Local URLs the app redirects to (a sign-in's return URL, a form's way back).</summary>
internal static class LocalUrls
{
    /// <summary>
    /// A local URL with its non-ASCII characters percent-encoded: a return URL such as /search?q=地震 arrives decoded, and a
    /// Location header may carry only ASCII (the server refuses the response otherwise).
    /// </summary>
    public static string Ascii(string localUrl)
    {
        var sb = new System.Text.StringBuilder(localUrl.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in localUrl.EnumerateRunes())
        {
            if (rune.IsAscii) { sb.Append((char)rune.Value); continue; }
            int n = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..n]) sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}

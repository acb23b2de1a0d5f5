namespace RiskWatch.Core;

public static class TextTools
{
    /// <summary>"zh" when a meaningful share of letters are CJK ideographs, else "en".</summary>
    public static string DetectLanguage(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "en";
        int cjk = 0, latin = 0;
        foreach (var ch in text.AsSpan(0, Math.Min(text.Length, 4000)))
        {
            if (ch >= '\u4e00' && ch <= '\u9fff') cjk++;
            else if (char.IsAsciiLetter(ch)) latin++;
        }
        return cjk * 3 >= latin && cjk > 0 ? "zh" : "en";
    }

    /// <summary>Collapses runs of whitespace into single spaces and trims.</summary>
    public static string Squash(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new System.Text.StringBuilder(text.Length);
        bool space = false;
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch) || ch == '\u00a0') { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(ch);
        }
        return sb.ToString();
    }
}

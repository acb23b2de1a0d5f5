using System.Text.RegularExpressions;

namespace RiskWatch.Scoring;

/// <summary>
/// Removes the statements of an official level from a text, so a model learns from the situation described
/// (terrorism, kidnapping, armed conflict…) and not from the label the publisher printed.
/// Used before featurizing in training, evaluation and prediction alike.
/// </summary>
public static partial class LevelMasker
{
    /// <summary>What a masked phrase is replaced with: a neutral token, so sentence shape stays but the level is gone.</summary>
    public const string Token = " ▫ ";

    // English: US (Level N + labels), Australia, Canada, UK FCDO. Ordered longest first inside the alternation where it matters.
    [GeneratedRegex(
        @"\blevel\s*[1-4]\b(\s*[:\-–]\s*)?|" +
        // The advice phrases, with the preposition that follows them: "caution in X" goes with the low levels and
        // "travel to X" with the high ones, so a left-over "in"/"to" would still tell the level.
        @"(?:\b(?:exercise|take)\s+(?:normal|increased|a\s+high\s+degree\s+of|high\s+degree\s+of)\s+(?:safety\s+|security\s+)?(?:precautions|caution)\b|" +
        @"\bhigh\s+degree\s+of\s+caution\b|\bincreased\s+caution\b|\bnormal\s+(?:safety\s+|security\s+)?precautions\b|" +
        @"\breconsider\s+(?:your\s+need\s+to\s+)?travel\b|\breconsider\s+your\s+need\b|" +
        @"\bdo\s+not\s+travel\b|\bdon'?t\s+travel\b|" +
        @"\bavoid\s+(?:all\s+)?non-?\s*essential\s+travel\b|\bavoid\s+all\s+travel\b|" +
        @"\b(?:advises?|advise|advised)\s+against\s+all\s+(?:but\s+essential\s+)?travel\b|\ball\s+but\s+essential\s+travel\b|\bagainst\s+all\s+travel\b)" +
        @"(?:\s+(?:to\s+or\s+remain\s+in|to|in|within|while\s+in)\b)?|" +
        @"\bhigher\s+levels?\s+(?:of\s+advice\s+)?apply(?:\s+in\s+some\s+areas)?\b|" + // Smartraveller: a level statement about parts
        // A change of level told with bare numbers once "advisory level" is masked: "from 3 to 2", "increased to 2".
        @"\b(?:from\s+[1-4]\s+to|(?:increased|raised|lowered|decreased|reduced)\s+to)\s+[1-4]\b|" +
        @"\btravel\s+advice\s+level\s+\w+\b|\badvice\s+level\b|\blevels?\s+of\s+advice\b|\b(?:threat|advisory|risk|alert)\s+level(?:\s*[1-4]\b)?|" +
        @"\b(?:green|yellow|orange|red)\b|" + // GDACS, Smartraveller and WHO print the level as a colour; losing "Red Sea" costs nothing
        @"\brisk\s+at\s+(?:the\s+)?(?:national|regional|global)\s+levels?\s+(?:as\s+)?(?:very\s+high|high|moderate|low)\b|" +
        @"\b(?:national|regional|global|overall)\s+risk\s+(?:is\s+|was\s+)?(?:assessed|considered)?\s*(?:as\s+)?(?:very\s+high|high|moderate|low)\b|" +
        // German (Auswärtiges Amt) and French (Canada) labels
        @"\bteilreisewarnung\b|\breisewarnung\b|\bvon\s+reisen\s+\w*\s*wird\s+(?:dringend\s+)?abgeraten\b|\bsicherheitshinweise\b|" +
        @"\béviter\s+tout\s+voyage(?:\s+non\s+essentiel)?\b|\bfaire\s+preuve\s+d'une\s+grande\s+prudence\b|\bprendre\s+des\s+mesures\s+de\s+sécurité\s+normales\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishPattern();

    /// <summary>
    /// The English pattern anchored where a scan says a match may start. Every alternative begins at a word boundary with
    /// one of a few words, so <see cref="Mask"/> walks the words and tries the pattern only at words that begin like one
    /// of them (<see cref="Starts"/>): about one word in twenty, instead of every position as a scanning engine does.
    /// </summary>
    private static readonly Regex EnglishAt = new(@"\G(?:" + EnglishPattern().ToString() + ")", EnglishPattern().Options | RegexOptions.Compiled);

    /// <summary>
    /// The first words of the English alternatives above, as the first three lower-case letters (two for "do"). When an
    /// alternative is added to the pattern, its first word goes here; a test compares the scan with the plain pattern.
    /// </summary>
    private static readonly HashSet<ulong> Starts = new[]
    {
        "level", "exercise", "take", "high", "higher", "increased", "normal", "reconsider", "do", "don't", "avoid", "advise", "all", "against",
        "travel", "advice", "threat", "advisory", "risk", "green", "yellow", "orange", "red", "national", "regional", "global",
        "overall", "alert", "teilreisewarnung", "reisewarnung", "von", "sicherheitshinweise", "éviter", "faire", "prendre",
        "from", "raised", "lowered", "decreased", "reduced",
    }.Select(w => Key(w.AsSpan(0, Math.Min(3, w.Length)))).ToHashSet();

    private static ulong Key(ReadOnlySpan<char> w) =>
        Lower(w[0]) | (ulong)Lower(w[1]) << 16 | (w.Length > 2 ? (ulong)Lower(w[2]) << 32 : 0);

    /// <summary>ASCII lower-casing inline (it runs on every word); other letters through the invariant culture.</summary>
    private static char Lower(char c) => char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c < 128 ? c : char.ToLowerInvariant(c);

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || char.GetUnicodeCategory(c) is
        System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.ConnectorPunctuation;

    private static string MaskEnglish(string text)
    {
        System.Text.StringBuilder? sb = null;
        int last = 0, i = 0, n = text.Length;
        while (i < n)
        {
            if (!IsWordChar(text[i])) { i++; continue; }
            int start = i;
            while (i < n && IsWordChar(text[i])) i++;
            // Every start word begins with an ASCII letter or é: ideograph runs and numbers are passed over at once.
            if (!char.IsAsciiLetter(text[start]) && text[start] is not ('é' or 'É')) continue;
            // A word of one letter starts no alternative; "do" is the only two-letter start.
            if (i - start < 2 || (i - start == 2 ? !Starts.Contains(Key(text.AsSpan(start, 2))) : !Starts.Contains(Key(text.AsSpan(start, 3))))) continue;
            var m = EnglishAt.Match(text, start);
            if (!m.Success || m.Length == 0) continue;
            (sb ??= new System.Text.StringBuilder(text.Length)).Append(text, last, start - last).Append(Token);
            last = i = start + m.Length;
        }
        if (sb is null) return text;
        return sb.Append(text, last, n - last).ToString();
    }

    // Chinese (中国领事服务网): colours with their risk names, the risk names alone, the three advice verbs, and the standard
    // advice sentence each colour comes with (it is the level restated, one sentence per colour, not a description).
    [GeneratedRegex(
        // Every "外交部提醒…" sentence in the captures is the standard advice of the colour, whatever its wording: the
        // whole sentence goes, or its frame ("提醒中国公民近期…" for orange/red, "提醒在X中国公民，…" for yellow) tells the level.
        @"外交部提醒[^。；]*[。；]?|" +
        @"(?:已在当地的?人员和机构)?尽快(?:自行)?撤离(?:或转移至(?:相对)?安全地区)?|" +
        @"(?:已在当地的?人员和机构)?密切关注局势发展，保持高度警惕，加强安全防范和应急准备|" +
        @"密切关注当地安全形势，提高警惕，加强防范|外交部无相关安全提醒|" +
        @"(?:红|橙|黄|蓝)色\s*[（(]?\s*(?:极高|高|中|低)?风险?\s*[）)]?|" +
        @"(?:极高|较高|中等|较低|高|中|低)风险(?:等级)?|风险等级为?|" +
        @"暂勿前往|谨慎前往|注意安全|" +
        @"(?:红|橙|黄|蓝)色(?:地区|预警|安全提醒)?",
        RegexOptions.CultureInvariant)]
    private static partial Regex Chinese();

    /// <summary>The text with every official-level statement replaced by <see cref="Token"/>. Null or empty gives "".</summary>
    public static string Mask(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var s = MaskEnglish(text);
        // The Chinese statements need ideographs: most English texts skip the second pass entirely.
        return s.AsSpan().IndexOfAnyInRange('\u4e00', '\u9fff') < 0 ? s : Chinese().Replace(s, Token);
    }

    /// <summary>The same masking by scanning the whole text with both patterns: the reference the word scan is tested against.</summary>
    internal static string MaskByScanning(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var s = EnglishPattern().Replace(text, Token);
        return Chinese().Replace(s, Token);
    }
}

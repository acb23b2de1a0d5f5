namespace RiskWatch.Scoring.Models;

/// <summary>Turns an item into the one string the models see: masked, bounded, lower-cased, CJK ideographs spaced apart.</summary>
internal static class TextPrep
{
    /// <summary>
    /// Texts are cut to this many characters before featurizing: official advisories are a few KB, the opening says what
    /// matters, and a 1 MB page would otherwise cost seconds of n-gram extraction.
    /// </summary>
    public const int DefaultMaxChars = 12_000;

    /// <summary>
    /// Lower-cases, spaces ideographs apart and turns everything else that is not a letter or digit into a space; one
    /// space between tokens, none at either end. One pass into a pooled buffer (it runs on every item predicted).
    /// Spacing every ideograph makes the word n-gram featurizer produce Chinese character uni- and bi-grams, which is what
    /// works for Chinese without a segmenter.
    /// </summary>
    private static string Space(string raw)
    {
        if (raw.Length == 0) return "";
        var buf = System.Buffers.ArrayPool<char>.Shared.Rent(raw.Length * 2 + 1);
        try
        {
            int n = 0;
            bool gap = false;
            foreach (var ch in raw)
            {
                if (IsCjk(ch))
                {
                    if (n > 0) buf[n++] = ' ';
                    buf[n++] = ch;
                    gap = true;
                }
                else if (char.IsLetterOrDigit(ch))
                {
                    if (gap && n > 0) buf[n++] = ' ';
                    buf[n++] = char.ToLowerInvariant(ch);
                    gap = false;
                }
                else gap = true;
            }
            return new string(buf, 0, n);
        }
        finally { System.Buffers.ArrayPool<char>.Shared.Return(buf); }
    }

    /// <summary>
    /// How much a text says once its level statements are masked: Latin letters count 1, ideographs 3 (a Chinese character
    /// carries about a word's worth). Below <see cref="MinContent"/> a text states its level and little else.
    /// </summary>
    public static int Content(string? text)
    {
        var masked = LevelMasker.Mask(text);
        int n = 0;
        foreach (var ch in masked) n += IsCjk(ch) ? 3 : char.IsLetter(ch) ? 1 : 0;
        return n;
    }

    /// <summary>About two sentences: index entries that only carry a level and "an editorial change was made" fall below it.</summary>
    public const int MinContent = 200;

    public const int DenseCount = 4;
    private const int LeadChars = 400;

    /// <summary>The model input for one text: full text, its lead, and length features of the body.</summary>
    public static TextRow Row(string? title, string? text, int maxChars, bool mask, out bool truncated, string label = "")
    {
        // Title and body are cut and masked once each (masking is the costly step); the full text is the two joined.
        var raw = text ?? "";
        var head = title ?? "";
        truncated = head.Length + raw.Length + (head.Length > 0 && raw.Length > 0 ? 3 : 0) > maxChars;
        if (raw.Length > maxChars) raw = raw[..maxChars];
        if (head.Length > maxChars) head = head[..maxChars];
        if (mask) { raw = LevelMasker.Mask(raw); head = LevelMasker.Mask(head); }
        var body = Space(raw);
        var spacedHead = Space(head);
        var full = spacedHead.Length == 0 ? body : body.Length == 0 ? spacedHead : spacedHead + " " + body;
        int cjk = 0, words = 0, sentences = 0; bool inWord = false;
        foreach (var ch in raw)
        {
            if (IsCjk(ch)) cjk++;
            if (char.IsLetterOrDigit(ch)) { if (!inWord) words++; inWord = true; } else inWord = false;
            if (ch is '.' or '。' or '\n' or '!' or '?' or '！' or '？') sentences++;
        }
        return new TextRow
        {
            Text = full,
            Lead = body.Length > LeadChars ? body[..LeadChars] : body,
            Dense = [(float)Math.Log10(1 + raw.Length), (float)Math.Log10(1 + cjk), (float)Math.Log10(1 + words), (float)Math.Log10(1 + sentences)],
            Label = label,
        };
    }

    public static bool IsCjk(char ch) => ch is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';

    /// <summary>Letters by script of a title and text together (no joined copy of the two is made).</summary>
    public static (int Cjk, int Latin, int Other) Scripts(string? title, string? text)
    {
        var (a, b, c) = Scripts(title);
        var (d, e, f) = Scripts(text);
        return (a + d, b + e, c + f);
    }

    /// <summary>Counts letters by script, to tell "nothing to judge" and "a language the models were not trained on" apart.</summary>
    public static (int Cjk, int Latin, int Other) Scripts(string? text)
    {
        int cjk = 0, latin = 0, other = 0;
        if (string.IsNullOrEmpty(text)) return (0, 0, 0);
        foreach (var ch in text.AsSpan(0, Math.Min(text.Length, 8000)))
        {
            if (IsCjk(ch)) cjk++;
            else if (char.IsAsciiLetter(ch)) latin++;
            else if (char.IsLetter(ch) && ch > '\u024f') other++;
        }
        return (cjk, latin, other);
    }
}

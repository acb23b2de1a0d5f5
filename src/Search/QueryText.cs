using System.Text;

namespace RiskWatch.Search;

/// <summary>Rewrites RiskWatch query text for Elasticsearch's query_string, which has no automatic phrases and no field aliases.</summary>
internal static class QueryText
{
    private static readonly Dictionary<string, string> FieldMap = new(StringComparer.OrdinalIgnoreCase)
    {
        ["title"] = "title_\\*",
        ["text"] = "text_\\*",
        ["body"] = "text_\\*",
        ["lang"] = "lang",
        ["language"] = "lang",
        ["country"] = "country",
        ["category"] = "category",
        ["source"] = "source",
        ["level"] = "level",
    };

    private static bool IsCjk(char c) => c is >= '\u3400' and <= '\u9fff' or >= '\uf900' and <= '\ufaff';

    /// <summary>
    /// Wraps each unquoted run of two or more Chinese characters in quotes (恐怖袭击 → "恐怖袭击": a phrase, as the Lucene
    /// index's parser does), and maps the field names RiskWatch accepts onto the index fields (title: → title_\*:).
    /// The text has already been checked by the Lucene parser, so it is well formed.
    /// </summary>
    public static string ForQueryString(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length) { sb.Append(c).Append(text[++i]); continue; }
            if (c == '"') { quoted = !quoted; sb.Append(c); continue; }
            if (quoted) { sb.Append(c); continue; }

            if (char.IsLetter(c) && !IsCjk(c) && (i == 0 || !char.IsLetterOrDigit(text[i - 1]) && text[i - 1] != '_'))
            {
                int end = i;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_') && !IsCjk(text[end])) end++;
                if (end < text.Length && text[end] == ':' && FieldMap.TryGetValue(text[i..end], out var field))
                {
                    sb.Append(field).Append(':');
                    i = end;
                    continue;
                }
                sb.Append(text, i, end - i);
                i = end - 1;
                continue;
            }

            if (IsCjk(c))
            {
                int end = i;
                while (end < text.Length && IsCjk(text[end])) end++;
                var run = text[i..end];
                var next = end < text.Length ? text[end] : ' ';
                // A wildcard, fuzzy or boost suffix belongs to the term: leave such a run as it is.
                if (run.Length < 2 || next is '*' or '?' or '~' or '^')
                {
                    sb.Append(run);
                }
                else
                {
                    if (sb.Length > 0 && char.IsLetterOrDigit(sb[^1])) sb.Append(' ');
                    sb.Append('"').Append(run).Append('"');
                    if (char.IsLetterOrDigit(next)) sb.Append(' ');
                }
                i = end - 1;
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}

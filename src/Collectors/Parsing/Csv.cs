using System.Text;

namespace RiskWatch.Collectors.Parsing;

/// <summary>A small RFC 4180 reader: quoted fields with commas, doubled quotes and line breaks; LF or CRLF; a trailing SUB (0x1A) byte is ignored.</summary>
internal static class Csv
{
    public static IEnumerable<List<string>> Read(string text, char separator = ',')
    {
        int i = 0, n = text.Length;
        if (n > 0 && text[0] == '\uFEFF') i = 1;
        var field = new StringBuilder();
        var row = new List<string>();
        bool quoted = false, any = false;
        while (i < n)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < n && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                    quoted = false; i++; continue;
                }
                field.Append(c); i++; continue;
            }
            if (c == '"' && field.Length == 0) { quoted = true; any = true; i++; continue; }
            if (c == separator) { row.Add(field.ToString()); field.Clear(); any = true; i++; continue; }
            if (c == '\r' || c == '\n')
            {
                if (c == '\r' && i + 1 < n && text[i + 1] == '\n') i++;
                i++;
                if (any || field.Length > 0) { row.Add(field.ToString()); yield return row; }
                row = []; field.Clear(); any = false;
                continue;
            }
            if (c == '\u001a' && i == n - 1) { i++; continue; }
            field.Append(c); any = true; i++;
        }
        if (quoted) throw new SourceFormatException("the CSV ends inside a quoted field (truncated file?)");
        if (any || field.Length > 0) { row.Add(field.ToString()); yield return row; }
    }

    /// <summary>OFAC's null marker is the literal "-0-" (often with a trailing space).</summary>
    public static string? NullIfOfacEmpty(string s) => s.Trim() is "-0-" or "" ? null : s.Trim();
}

using System.Text;

namespace RiskWatch.Web.Reports;

/// <summary>
/// One row per risk item with its country's score and level (a country without items still gets one row), so the
/// file opens as one table in Excel or pandas. UTF-8 with BOM, because Excel reads BOM-less CSV as the local ANSI code page.
/// </summary>
internal static class CsvWriter
{
    public static byte[] Write(BriefingData data, ReportText t)
    {
        var sb = new StringBuilder();
        Row(sb, [t.Code, t.Country, t.Score, t.Level, t.Published, t.Title, t.Source, t.Category, t.ItemLevel, t.RawLevel, t.Link]);
        foreach (var c in data.Countries)
        {
            var country = new[] { c.Iso2.ToUpperInvariant(), t.CountryName(c.Iso2), t.ScoreText(c.Score), t.LevelText(c.Level) };
            if (c.Items.Count == 0)
            {
                Row(sb, [.. country, "", "", "", "", "", "", ""]);
                continue;
            }
            foreach (var i in ReportText.Ordered(c.Items))
                Row(sb, [.. country, ReportText.Time(i.Published), i.Title, i.Source, t.CategoryName(i.Category), t.LevelText(i.Level), i.RawLevel ?? "", i.Url]);
        }
        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(sb.ToString());
        return [.. preamble, .. body];
    }

    private static void Row(StringBuilder sb, string[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(Cell(cells[i]));
        }
        sb.Append("\r\n"); // RFC 4180
    }

    /// <summary>
    /// Quotes when needed, and defuses formula injection: a cell that starts with = + - @ (or tab / CR, which Excel
    /// strips before looking) is prefixed with an apostrophe so a spreadsheet shows it as text instead of running it.
    /// </summary>
    internal static string Cell(string? value)
    {
        var v = ReportText.Clean(value);
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r') v = "'" + v;
        if (v.AsSpan().IndexOfAny(",\"\r\n") >= 0) v = "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return v;
    }

}

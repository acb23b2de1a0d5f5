using System.Data;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace RiskWatch.Web.Reports;

/// <summary>One sheet per table of the briefing, with real numbers and dates so the officer can sort and filter.</summary>
internal static class XlsxWriter
{
    public static byte[] Write(BriefingData data, ReportText t)
    {
        // FastMode is what EnableAutoWidth requires (it buffers rows to size the columns).
        // DataTables rather than dictionaries: MiniExcel takes headers from them even when a sheet has no rows.
        var summary = Table(t.SheetSummary, (t.Code, typeof(string)), (t.Country, typeof(string)), (t.Score, typeof(int)),
            (t.Level, typeof(int)), (t.LevelNameHeader, typeof(string)), (t.Drivers, typeof(string)), (t.ItemCount, typeof(int)));
        var subs = Table(t.SheetSubScores, (t.Code, typeof(string)), (t.Country, typeof(string)), (t.SubScore, typeof(string)), (t.Value, typeof(double)));
        var official = Table(t.SheetOfficial, (t.Code, typeof(string)), (t.Country, typeof(string)), (t.Publisher, typeof(string)),
            (t.RawLevel, typeof(string)), (t.MappedLevel, typeof(int)), (t.LevelNameHeader, typeof(string)));
        var trend = Table(t.SheetTrend, (t.Code, typeof(string)), (t.Country, typeof(string)), (t.Date, typeof(DateTime)), (t.Score, typeof(double)));
        var items = Table(t.SheetItems, (t.Code, typeof(string)), (t.Country, typeof(string)), (t.Published, typeof(DateTime)), (t.Title, typeof(string)),
            (t.Source, typeof(string)), (t.Category, typeof(string)), (t.ItemLevel, typeof(int)), (t.LevelNameHeader, typeof(string)),
            (t.RawLevel, typeof(string)), (t.Link, typeof(string)));

        foreach (var c in data.Countries)
        {
            var code = c.Iso2.ToUpperInvariant();
            var name = t.CountryName(c.Iso2);
            summary.Rows.Add(code, name, c.Score.HasValue ? c.Score.Value : DBNull.Value, c.Level, t.LevelName(c.Level),
                Text(string.Join("; ", c.Drivers.Select(ReportText.Clean))), c.Items.Count);
            foreach (var s in c.SubScores) subs.Rows.Add(code, name, Text(t.SubScoreLabel(s.Label)), s.Value);
            foreach (var o in c.OfficialLevels) official.Rows.Add(code, name, Text(o.Publisher), Text(o.RawLevel), o.Level, t.LevelName(o.Level));
            foreach (var p in c.Trend.OrderBy(p => p.Day)) trend.Rows.Add(code, name, p.Day.DateTime, p.Score);
            foreach (var i in ReportText.Ordered(c.Items))
                items.Rows.Add(code, name, i.Published.DateTime, Text(i.Title), Text(i.Source), t.CategoryName(i.Category), i.Level, t.LevelName(i.Level),
                    Text(i.RawLevel), Text(i.Url));
        }

        var sheets = new Dictionary<string, object>
        {
            [summary.TableName] = summary,
            [subs.TableName] = subs,
            [official.TableName] = official,
            [trend.TableName] = trend,
            [items.TableName] = items,
        };
        using var ms = new MemoryStream();
        ms.SaveAs(sheets, excelType: ExcelType.XLSX, configuration: new OpenXmlConfiguration { FastMode = true, EnableAutoWidth = true });
        return ms.ToArray();
    }

    private static DataTable Table(string name, params (string Name, Type Type)[] columns)
    {
        var table = new DataTable(name);
        foreach (var (n, type) in columns) table.Columns.Add(n, type);
        return table;
    }

    /// <summary>Same defusing as the CSV: a cell opened in Excel that starts with = + - @ must stay text.</summary>
    private static string Text(string? s)
    {
        var v = ReportText.Clean(s);
        return v.Length > 0 && v[0] is '=' or '+' or '-' or '@' ? "'" + v : v;
    }
}

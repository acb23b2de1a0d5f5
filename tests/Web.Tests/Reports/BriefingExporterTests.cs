using System.Diagnostics;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using MiniExcelLibs;
using RiskWatch.Web.Reports;
using Xunit.Abstractions;

namespace RiskWatch.Web.Tests.Reports;

public sealed class BriefingExporterTests(ITestOutputHelper output)
{
    private readonly BriefingExporter _exporter = new();

    [Fact]
    public void Docx_ChineseCountryBriefing_HasChineseNamesLevelsEastAsiaFontAndBothCharts()
    {
        var bytes = _exporter.Export(SomeBriefing.Country(), ReportFormat.Docx);

        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = doc.MainDocumentPart!.Document.Body!;
        var text = body.InnerText;
        Assert.Contains("泰国", text);
        Assert.Contains("极高", text);
        Assert.Contains("恐怖主义与安全", text);
        Assert.Contains("红色 极高风险（暂勿前往）", text);
        Assert.Equal(2, doc.MainDocumentPart.ImageParts.Count());
        Assert.Contains(doc.MainDocumentPart.HyperlinkRelationships, r => r.Uri.AbsoluteUri == "https://example.org/TH/0"); // item titles link to their source
        Assert.Equal(14, doc.MainDocumentPart.HyperlinkRelationships.Count()); // the item without a URL gets no link
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.All(body.Descendants<RunFonts>(), f => Assert.Equal("SimSun", f.EastAsia?.Value));
        Assert.Equal("SimSun", doc.MainDocumentPart.StyleDefinitionsPart!.Styles!.DocDefaults!.Descendants<RunFonts>().Single().EastAsia?.Value);
        output.WriteLine($"DOCX zh country: {bytes.Length:N0} bytes");
    }

    [Fact]
    public void Docx_EnglishPeriodBriefing_UsesEnglishNamesAndHasOverviewCharts()
    {
        var bytes = _exporter.Export(SomeBriefing.Period("en"), ReportFormat.Docx);

        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var text = doc.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("Thailand", text);
        Assert.Contains("Viet", text);
        Assert.Contains("Myanmar", text);
        Assert.Contains("Extreme", text);
        Assert.Contains("Terrorism and security", text);
        Assert.DoesNotContain("泰国", text);
        Assert.Equal(2 + 2 * 3, doc.MainDocumentPart.ImageParts.Count()); // overview trend + distribution, then two per country
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc));
    }

    [Fact]
    public void Xlsx_ChineseBriefing_HasChineseSheetsAndCellsWithRealNumbers()
    {
        var bytes = _exporter.Export(SomeBriefing.Period(), ReportFormat.Xlsx);

        var sheets = MiniExcel.GetSheetNames(new MemoryStream(bytes));
        Assert.Equal(["概览", "分项评分", "官方等级", "趋势", "风险条目"], sheets);
        var summary = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: "概览").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, summary.Count);
        Assert.Equal("泰国", summary[0]["国家"]);
        Assert.Equal("极高", summary[0]["等级名称"]);
        Assert.Equal(86d, Convert.ToDouble(summary[0]["风险评分"], System.Globalization.CultureInfo.InvariantCulture));
        var items = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: "风险条目").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(15 + 13 + 26, items.Count); // XLSX lists every item
        Assert.Contains(items, r => r["类别"] as string == "恐怖主义与安全");
        Assert.IsType<DateTime>(items[0]["发布时间"]);
        var official = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: "官方等级").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(official, r => r["原始等级"] as string == "红色 极高风险（暂勿前往）");
    }

    [Fact]
    public void Xlsx_FormulaLikeTitle_IsStoredAsTextNotAsFormula()
    {
        var bytes = _exporter.Export(SomeBriefing.Country(), ReportFormat.Xlsx);

        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
        {
            using var r = new StreamReader(entry.Open());
            Assert.DoesNotContain("<x:f>", r.ReadToEnd().Replace("<f>", "<x:f>"));
        }
        var items = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: "风险条目").Cast<IDictionary<string, object?>>();
        // MiniExcel stores it as a string already; the apostrophe also keeps it text if Excel re-saves the sheet as CSV.
        Assert.Contains(items, r => r["标题"] as string == "'=HYPERLINK(\"http://evil.example\",\"点击\")");
    }

    [Fact]
    public void Csv_ChineseBriefing_IsUtf8WithBomAndDefusesFormulas()
    {
        var bytes = _exporter.Export(SomeBriefing.Period(), ReportFormat.Csv);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("代码,国家,风险评分,风险等级,发布时间,标题", lines[0]);
        Assert.Equal(1 + 15 + 13 + 26, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("TH,泰国,86,5 极高,", StringComparison.Ordinal));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点击\"\")\"", text);
        Assert.DoesNotContain(",=HYPERLINK", text);
        Assert.DoesNotContain(",\"=HYPERLINK", text);
    }

    [Fact]
    public void Csv_CountryWithoutItems_StillHasItsRow()
    {
        var data = SomeBriefing.Country("en") with { Countries = [SomeBriefing.Thailand() with { Items = [] }] };

        var text = Encoding.UTF8.GetString(_exporter.Export(data, ReportFormat.Csv));

        Assert.Contains("TH,Thailand,86,5 Extreme,,,,,,,\r\n", text);
    }

    [Fact]
    public void Pdf_ChineseCountryBriefing_EmbedsSubsetFontAndExtractsAsChinese()
    {
        if (!ReportTestSupport.CjkFontInstalled(output)) return;

        var sw = Stopwatch.StartNew();
        _exporter.Export(SomeBriefing.Country(), ReportFormat.Pdf); // the first export in a process reads and extracts the font
        output.WriteLine($"first PDF export in this process: {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        var bytes = _exporter.Export(SomeBriefing.Country(), ReportFormat.Pdf);
        output.WriteLine($"PDF zh country: {bytes.Length:N0} bytes in {sw.ElapsedMilliseconds} ms");

        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        var raw = Encoding.Latin1.GetString(bytes);
        Assert.Contains("/FontFile2", raw); // TrueType font program embedded
        Assert.Contains("/ToUnicode", raw);
        Assert.Contains("(https://example.org/TH/0)", raw); // item titles are web links
        Assert.True(bytes.Length < 400_000, $"PDF is {bytes.Length:N0} bytes: the font was not subset?");

        var path = ReportTestSupport.TempFile(".pdf");
        File.WriteAllBytes(path, bytes);
        try
        {
            var text = ReportTestSupport.Run(output, "pdftotext", $"-enc UTF-8 \"{path}\" -");
            if (text is null) return;
            Assert.Contains("泰国国别风险简报", text);
            Assert.Contains("泰国", text);
            Assert.Contains("极高", text);
            Assert.Contains("红色 极高风险（暂勿前往）", text);
            Assert.Contains("恐怖主义与安全", text);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Pdf_EnglishPeriodBriefing_StartsEachCountryOnItsOwnPage()
    {
        if (!ReportTestSupport.CjkFontInstalled(output)) return;

        var bytes = _exporter.Export(SomeBriefing.Period("en"), ReportFormat.Pdf);
        output.WriteLine($"PDF en period (3 countries): {bytes.Length:N0} bytes");

        var path = ReportTestSupport.TempFile(".pdf");
        File.WriteAllBytes(path, bytes);
        try
        {
            var info = ReportTestSupport.Run(output, "pdfinfo", $"\"{path}\"");
            if (info is null) return;
            var pages = int.Parse(info.Split('\n').Single(l => l.StartsWith("Pages:")).Split(':')[1].Trim());
            Assert.True(pages >= 4, $"{pages} pages");
            var text = ReportTestSupport.Run(output, "pdftotext", $"-enc UTF-8 \"{path}\" -")!;
            var thailand = text.IndexOf("Thailand (TH)", StringComparison.Ordinal);
            var myanmar = text.IndexOf("Myanmar (MM)", StringComparison.Ordinal);
            Assert.True(thailand > 0 && myanmar > thailand, "country sections in order");
            Assert.Contains("Extreme", text);
            Assert.Contains("Overview", text);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData(ReportFormat.Docx)]
    [InlineData(ReportFormat.Pdf)]
    [InlineData(ReportFormat.Xlsx)]
    [InlineData(ReportFormat.Csv)]
    public void Export_EmptySectionsAndUnknownCountry_StillProduceAFile(ReportFormat format)
    {
        if (format == ReportFormat.Pdf && !ReportTestSupport.CjkFontInstalled(output)) return;
        var empty = new CountrySection("XX", null, 0, [], [], [], [], []);
        var data = SomeBriefing.Country() with { Countries = [empty, SomeBriefing.Thailand() with { Trend = [], Items = [] }] };

        var bytes = _exporter.Export(data, format);

        Assert.True(bytes.Length > 100);
        Assert.NotEmpty(_exporter.Export(data with { Countries = [] }, format));
    }

    [Fact]
    public void Pdf_NoCjkFont_ThrowsSayingWhatToInstall()
    {
        var exporter = new BriefingExporter(new BriefingExportOptions { CjkFontPath = "/nonexistent/font.ttc" });

        var e = Assert.Throws<CjkFontNotFoundException>(() => exporter.Export(SomeBriefing.Country(), ReportFormat.Pdf));
        Assert.Contains("fonts-wqy-zenhei", e.Message);
        Assert.False(exporter.PdfAvailable);
        Assert.NotEmpty(exporter.Export(SomeBriefing.Country(), ReportFormat.Csv)); // the other formats still work
    }

    [Fact]
    public void FileNameAndContentType_MatchFormatAndStayAscii()
    {
        Assert.Equal("riskwatch-briefing-TH-20261028-20261127-zh.pdf", _exporter.FileName(SomeBriefing.Country(), ReportFormat.Pdf));
        Assert.Equal("riskwatch-briefing-TH-VN-MM-20261028-20261127-en.xlsx", _exporter.FileName(SomeBriefing.Period("en"), ReportFormat.Xlsx));
        Assert.Equal("application/pdf", _exporter.ContentType(ReportFormat.Pdf));
        Assert.Equal("text/csv; charset=utf-8", _exporter.ContentType(ReportFormat.Csv));
        Assert.StartsWith("application/vnd.openxmlformats-officedocument.wordprocessingml", _exporter.ContentType(ReportFormat.Docx));
    }
}

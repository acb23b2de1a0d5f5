using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace RiskWatch.Web.Reports;

/// <summary>The Word briefing: headings, tables and the charts as inline pictures, on A4.</summary>
internal sealed class DocxWriter
{
    private const long EmuPerInch = 914400;
    private const int PageWidthTwips = 11906, PageHeightTwips = 16838, MarginTwips = 1134; // A4, 2 cm margins
    private readonly ReportText _t;
    private readonly string _eastAsiaFont;
    private readonly string _latinFont;
    private readonly MainDocumentPart _main;
    private readonly Body _body;
    private uint _pictureId;

    private DocxWriter(MainDocumentPart main, ReportText t, string eastAsiaFont, string latinFont)
    {
        _main = main;
        _t = t;
        _eastAsiaFont = eastAsiaFont;
        _latinFont = latinFont;
        _body = main.Document.Body!;
    }

    public static byte[] Write(BriefingData data, ReportText t, BriefingCharts charts, BriefingExportOptions options)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(new Body());
            AddStyles(main, t, options.DocxEastAsiaFont, options.DocxLatinFont);
            doc.PackageProperties.Title = ReportText.Clean(data.Title);
            doc.PackageProperties.Creator = "RiskWatch";
            doc.PackageProperties.Language = t.Language;
            new DocxWriter(main, t, options.DocxEastAsiaFont, options.DocxLatinFont).Body(data, charts, options.MaxItemsPerCountry);
            main.Document.Save();
        }
        return ms.ToArray();
    }

    private void Body(BriefingData data, BriefingCharts charts, int maxItems)
    {
        Paragraph("Title", ReportText.Clean(data.Title));
        Paragraph(null, _t.Period + _t.Colon + _t.PeriodText(data));
        Paragraph(null, _t.Generated + _t.Colon + _t.GeneratedText(data));

        if (data.Countries.Count > 1)
        {
            Paragraph("Heading1", _t.Overview);
            Table([_t.Country, _t.Code, _t.Score, _t.Level, _t.ItemCount], [3, 1, 1.5, 1.5, 1.2],
                data.Countries.OrderByDescending(c => c.Score ?? -1).Select(c => new[]
                {
                    _t.CountryName(c.Iso2), c.Iso2.ToUpperInvariant(), _t.ScoreText(c.Score), _t.LevelText(c.Level), c.Items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }));
            if (charts.OverviewTrend is { } ot) Picture(ot, _t.Trend);
            if (charts.OverviewDistribution is { } od) Picture(od, _t.DistributionTitle);
        }

        for (var i = 0; i < data.Countries.Count; i++)
        {
            var c = data.Countries[i];
            // In a period briefing each country starts on its own page, as in the PDF.
            Paragraph("Heading1", $"{_t.CountryName(c.Iso2)} ({c.Iso2.ToUpperInvariant()})", pageBreakBefore: data.Countries.Count > 1);
            Paragraph(null, $"{_t.Score}{_t.Colon}{_t.ScoreText(c.Score)}    {_t.Level}{_t.Colon}{_t.LevelText(c.Level)}");

            if (c.Drivers.Count > 0)
            {
                Paragraph("Heading2", _t.Drivers);
                for (var d = 0; d < c.Drivers.Count; d++) Paragraph(null, $"{d + 1}. {ReportText.Clean(c.Drivers[d])}");
            }
            if (c.SubScores.Count > 0)
            {
                Paragraph("Heading2", _t.SubScores);
                Table([_t.SubScore, _t.Value], [4, 1.5], c.SubScores.Select(s => new[] { _t.SubScoreLabel(s.Label), s.Value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) }));
            }
            if (c.OfficialLevels.Count > 0)
            {
                Paragraph("Heading2", _t.OfficialLevels);
                Table([_t.Publisher, _t.RawLevel, _t.MappedLevel], [2, 4, 1.6], c.OfficialLevels.Select(o => new[] { ReportText.Clean(o.Publisher), ReportText.Clean(o.RawLevel), _t.LevelText(o.Level) }));
            }

            Paragraph("Heading2", _t.Trend);
            Picture(charts.PerCountry[i].Trend, _t.Trend);
            Paragraph("Heading2", _t.DistributionTitle);
            Picture(charts.PerCountry[i].Distribution, _t.DistributionTitle);

            Paragraph("Heading2", $"{_t.Items} ({c.Items.Count})");
            if (c.Items.Count == 0) Paragraph(null, _t.None);
            else
            {
                var shown = ReportText.Ordered(c.Items).Take(maxItems).ToList();
                Table([_t.Published, _t.Title, _t.Category, _t.ItemLevel, _t.Source], [1.6, 5, 1.6, 1.2, 1.4],
                    shown.Select(it => new[] { ReportText.Time(it.Published), ReportText.Clean(it.Title), _t.CategoryName(it.Category), _t.LevelText(it.Level), ReportText.Clean(it.Source) }),
                    links: shown.Select(it => ReportText.SafeLink(it.Url)).ToList(), linkColumn: 1);
                if (c.Items.Count > shown.Count) Paragraph(null, _t.More(c.Items.Count - shown.Count));
            }
        }

        _body.Append(new SectionProperties(
            new PageSize { Width = PageWidthTwips, Height = PageHeightTwips },
            new PageMargin { Top = MarginTwips, Bottom = MarginTwips, Left = (uint)MarginTwips, Right = (uint)MarginTwips, Header = 567, Footer = 567, Gutter = 0 }));
    }

    private Run TextRun(string text, bool bold = false)
    {
        // EastAsia on every run as well as in the defaults: some converters (and older Word) ignore docDefaults for CJK.
        var props = new RunProperties(new RunFonts { Ascii = _latinFont, HighAnsi = _latinFont, EastAsia = _eastAsiaFont, ComplexScript = _latinFont });
        if (bold) props.Append(new Bold());
        return new Run(props, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private void Paragraph(string? style, string text, bool pageBreakBefore = false)
    {
        var p = new Paragraph();
        if (style is not null || pageBreakBefore)
        {
            var props = new ParagraphProperties();
            if (style is not null) props.Append(new ParagraphStyleId { Val = style });
            if (pageBreakBefore) props.Append(new PageBreakBefore());
            p.Append(props);
        }
        p.Append(TextRun(text));
        _body.Append(p);
    }

    private void Table(string[] header, double[] weights, IEnumerable<string[]> rows, IReadOnlyList<string?>? links = null, int linkColumn = -1)
    {
        const int usable = PageWidthTwips - 2 * MarginTwips;
        var total = weights.Sum();
        var widths = weights.Select(w => (int)(usable * w / total)).ToArray();
        var border = new Func<BorderType, BorderType>(b => { b.Val = BorderValues.Single; b.Size = 4; b.Color = "A0A0A0"; return b; });
        var table = new Table(new TableProperties(
            new TableWidth { Type = TableWidthUnitValues.Dxa, Width = usable.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            // Schema order matters to Word: borders before layout, and top, left, bottom, right inside them.
            new TableBorders(border(new TopBorder()), border(new LeftBorder()), border(new BottomBorder()), border(new RightBorder()),
                border(new InsideHorizontalBorder()), border(new InsideVerticalBorder())),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(Row(header, widths, isHeader: true));
        var index = 0;
        foreach (var r in rows)
        {
            var link = links is not null && index < links.Count ? links[index] : null;
            table.Append(Row(r, widths, isHeader: false, link, linkColumn));
            index++;
        }
        _body.Append(table);
        _body.Append(new Paragraph()); // Word needs a paragraph between consecutive tables, and it gives air after one
    }

    private TableRow Row(string[] cells, int[] widths, bool isHeader, string? link = null, int linkColumn = -1)
    {
        var row = new TableRow();
        // The header row repeats on every page the table spans.
        if (isHeader) row.Append(new TableRowProperties(new TableHeader()));
        for (var i = 0; i < cells.Length; i++)
        {
            var cellProps = new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = widths[i].ToString(System.Globalization.CultureInfo.InvariantCulture) });
            if (isHeader) cellProps.Append(new Shading { Val = ShadingPatternValues.Clear, Fill = "E8EEF4", Color = "auto" });
            OpenXmlElement content = TextRun(cells[i], bold: isHeader);
            if (i == linkColumn && link is not null)
            {
                var run = (Run)content;
                run.RunProperties!.Append(new Color { Val = "1F4E9A" }, new Underline { Val = UnderlineValues.Single });
                content = new Hyperlink(run) { Id = _main.AddHyperlinkRelationship(new Uri(link), true).Id, History = true };
            }
            row.Append(new TableCell(cellProps, new Paragraph(new ParagraphProperties(new SpacingBetweenLines { After = "0" }), content)));
        }
        return row;
    }

    private void Picture(byte[] png, string description)
    {
        var part = _main.AddImagePart(ImagePartType.Png);
        using (var s = new MemoryStream(png)) part.FeedData(s);
        var relId = _main.GetIdOfPart(part);
        var id = ++_pictureId;
        const long cx = (long)(6.5 * EmuPerInch);
        const long cy = cx * ChartRenderer.Height / ChartRenderer.Width;
        var name = $"chart{id}.png";

        var graphic = new A.Graphic(new A.GraphicData(
            new PIC.Picture(
                new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = name }, new PIC.NonVisualPictureDrawingProperties()),
                new PIC.BlipFill(new A.Blip { Embed = relId }, new A.Stretch(new A.FillRectangle())),
                new PIC.ShapeProperties(
                    new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                    new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
        { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" });

        var inline = new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = id, Name = name, Description = description },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            graphic)
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U };

        _body.Append(new Paragraph(new Run(new Drawing(inline))));
    }

    private static void AddStyles(MainDocumentPart main, ReportText t, string eastAsia, string latin)
    {
        RunFonts Fonts() => new() { Ascii = latin, HighAnsi = latin, EastAsia = eastAsia, ComplexScript = latin };
        var styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(Fonts(), new FontSize { Val = "21" }, // 10.5 pt, Chinese 五号
                    new Languages { Val = t.Chinese ? "zh-CN" : "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "80", Line = "300", LineRule = LineSpacingRuleValues.Auto }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            Heading("Title", "Title", 36, 0, null),
            Heading("Heading1", "heading 1", 30, 1, 0),
            Heading("Heading2", "heading 2", 24, 1, 1));
        main.AddNewPart<StyleDefinitionsPart>().Styles = styles;

        Style Heading(string id, string name, int halfPoints, int spaceBeforeLines, int? outline)
        {
            var pPr = new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = (spaceBeforeLines * 240).ToString(System.Globalization.CultureInfo.InvariantCulture), After = "120" });
            if (outline is { } o) pPr.Append(new OutlineLevel { Val = o });
            return new Style(new StyleName { Val = name }, new BasedOn { Val = "Normal" }, new NextParagraphStyle { Val = "Normal" }, new PrimaryStyle(), pPr,
                new StyleRunProperties(Fonts(), new Bold(), new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            { Type = StyleValues.Paragraph, StyleId = id };
        }
    }
}

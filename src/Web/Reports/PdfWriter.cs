using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace RiskWatch.Web.Reports;

/// <summary>
/// The PDF briefing on A4, laid out by hand: PDFsharp draws strings but neither wraps Chinese nor breaks tables across
/// pages, so this class keeps a cursor, wraps text per character for CJK and per word for Latin, and repeats table headers.
/// </summary>
internal sealed class PdfWriter : IDisposable
{
    private const double Margin = 50, FooterSpace = 24, CellPad = 3;
    private static readonly XColor HeaderFill = XColor.FromArgb(232, 238, 244);
    private static readonly XBrush LinkBrush = new XSolidBrush(XColor.FromArgb(31, 78, 154));
    private static readonly XPen Rule = new(XColor.FromArgb(160, 160, 160), 0.5);

    private readonly PdfDocument _doc = new();
    private readonly ReportText _t;
    private readonly XFont _title, _h1, _h2, _body, _cell;
    private XGraphics? _gfx;
    private double _y;

    private PdfWriter(ReportText t, string family)
    {
        _t = t;
        // Unicode encoding makes PDFsharp embed a subset of the font with a ToUnicode map, so the text stays searchable and copyable.
        var opts = new XPdfFontOptions(PdfFontEncoding.Unicode);
        _title = new XFont(family, 18, XFontStyleEx.Regular, opts);
        _h1 = new XFont(family, 14, XFontStyleEx.Regular, opts);
        _h2 = new XFont(family, 11.5, XFontStyleEx.Regular, opts);
        _body = new XFont(family, 10, XFontStyleEx.Regular, opts);
        _cell = new XFont(family, 8.5, XFontStyleEx.Regular, opts);
    }

    private double PageWidth => _doc.Pages[^1].Width.Point;
    private double PageHeight => _doc.Pages[^1].Height.Point;
    private double ContentWidth => PageWidth - 2 * Margin;
    private XGraphics G => _gfx ?? throw new InvalidOperationException("No page.");

    public static byte[] Write(BriefingData data, ReportText t, BriefingCharts charts, string fontFamily, int maxItems)
    {
        using var w = new PdfWriter(t, fontFamily);
        w._doc.Info.Title = ReportText.Clean(data.Title);
        w._doc.Info.Author = "RiskWatch";
        w._doc.Info.Creator = "RiskWatch";
        w._doc.Options.CompressContentStreams = true;
        // PDFsharp re-encodes every PNG chart; BestCompression saves ~13 % of the file but doubles the time spent on images.
        w._doc.Options.FlateEncodeMode = PdfFlateEncodeMode.Default;
        w.NewPage();
        w.Content(data, charts, maxItems);
        w.Footers(ReportText.Clean(data.Title));
        using var ms = new MemoryStream();
        w._doc.Save(ms, false);
        return ms.ToArray();
    }

    private void Content(BriefingData data, BriefingCharts charts, int maxItems)
    {
        Paragraph(ReportText.Clean(data.Title), _title, after: 6);
        Paragraph(_t.Period + _t.Colon + _t.PeriodText(data), _body);
        Paragraph(_t.Generated + _t.Colon + _t.GeneratedText(data), _body, after: 10);

        if (data.Countries.Count > 1)
        {
            Heading(_t.Overview, _h1);
            Table([_t.Country, _t.Code, _t.Score, _t.Level, _t.ItemCount], [3, 1, 1.5, 1.5, 1.2],
                data.Countries.OrderByDescending(c => c.Score ?? -1).Select(c => new[]
                {
                    _t.CountryName(c.Iso2), c.Iso2.ToUpperInvariant(), _t.ScoreText(c.Score), _t.LevelText(c.Level), c.Items.Count.ToString(CultureInfo.InvariantCulture),
                }).ToList());
            if (charts.OverviewTrend is { } ot) Image(ot);
            if (charts.OverviewDistribution is { } od) Image(od);
        }

        for (var i = 0; i < data.Countries.Count; i++)
        {
            var c = data.Countries[i];
            if (i > 0 || data.Countries.Count > 1) NewPage(); // each country starts on its own page
            Heading($"{_t.CountryName(c.Iso2)} ({c.Iso2.ToUpperInvariant()})", _h1);
            Paragraph($"{_t.Score}{_t.Colon}{_t.ScoreText(c.Score)}    {_t.Level}{_t.Colon}{_t.LevelText(c.Level)}", _body, after: 6);

            if (c.Drivers.Count > 0)
            {
                Heading(_t.Drivers, _h2);
                for (var d = 0; d < c.Drivers.Count; d++) Paragraph($"{d + 1}. {ReportText.Clean(c.Drivers[d])}", _body); // numbered: WenQuanYi has no bullet glyph
            }
            if (c.SubScores.Count > 0)
            {
                Heading(_t.SubScores, _h2);
                Table([_t.SubScore, _t.Value], [4, 1.5], c.SubScores.Select(s => new[] { _t.SubScoreLabel(s.Label), s.Value.ToString("0.#", CultureInfo.InvariantCulture) }).ToList());
            }
            if (c.OfficialLevels.Count > 0)
            {
                Heading(_t.OfficialLevels, _h2);
                Table([_t.Publisher, _t.RawLevel, _t.MappedLevel], [2, 4, 1.6], c.OfficialLevels.Select(o => new[] { ReportText.Clean(o.Publisher), ReportText.Clean(o.RawLevel), _t.LevelText(o.Level) }).ToList());
            }

            Image(charts.PerCountry[i].Trend);
            Image(charts.PerCountry[i].Distribution);

            Heading($"{_t.Items} ({c.Items.Count})", _h2);
            if (c.Items.Count == 0) Paragraph(_t.None, _body);
            else
            {
                var shown = ReportText.Ordered(c.Items).Take(maxItems).ToList();
                Table([_t.Published, _t.Title, _t.Category, _t.ItemLevel, _t.Source], [1.7, 5, 1.6, 1.2, 1.4],
                    shown.Select(it => new[] { ReportText.Time(it.Published), ReportText.Clean(it.Title), _t.CategoryName(it.Category), _t.LevelText(it.Level), ReportText.Clean(it.Source) }).ToList(),
                    links: shown.Select(it => ReportText.SafeLink(it.Url)).ToList(), linkColumn: 1);
                if (c.Items.Count > shown.Count) Paragraph(_t.More(c.Items.Count - shown.Count), _body);
            }
        }
    }

    private void NewPage()
    {
        _gfx?.Dispose();
        var page = _doc.AddPage();
        page.Size = PageSize.A4;
        _gfx = XGraphics.FromPdfPage(page);
        _y = Margin;
    }

    private static double LineHeight(XFont f) => f.Size * 1.45;

    private void EnsureSpace(double height)
    {
        if (_y + height > PageHeight - Margin - FooterSpace && _y > Margin) NewPage();
    }

    private void Heading(string text, XFont font)
    {
        // Keep a heading with at least three lines of what follows.
        EnsureSpace(LineHeight(font) + 3 * LineHeight(_body) + 6);
        _y += 4;
        Paragraph(text, font, after: 2);
    }

    private void Paragraph(string text, XFont font, double after = 2)
    {
        foreach (var line in Wrap(text, font, ContentWidth))
        {
            EnsureSpace(LineHeight(font));
            G.DrawString(line, font, XBrushes.Black, new XPoint(Margin, _y), XStringFormats.TopLeft);
            _y += LineHeight(font);
        }
        _y += after;
    }

    private void Image(byte[] png)
    {
        using var image = XImage.FromStream(new MemoryStream(png));
        var width = ContentWidth;
        var height = width * image.PixelHeight / image.PixelWidth;
        EnsureSpace(height);
        G.DrawImage(image, Margin, _y, width, height);
        _y += height + 8;
    }

    private void Table(string[] header, double[] weights, IReadOnlyList<string[]> rows, IReadOnlyList<string?>? links = null, int linkColumn = -1)
    {
        var total = weights.Sum();
        var widths = weights.Select(w => ContentWidth * w / total).ToArray();
        var lh = LineHeight(_cell);

        void DrawRow(string[] cells, bool isHeader, string? link = null)
        {
            var wrapped = cells.Select((c, i) => Wrap(c, _cell, widths[i] - 2 * CellPad).ToList()).ToList();
            var height = wrapped.Max(l => Math.Max(1, l.Count)) * lh + 2 * CellPad;
            if (_y + height > PageHeight - Margin - FooterSpace)
            {
                NewPage();
                if (!isHeader) DrawRow(header, isHeader: true); // repeat the header on the new page
            }
            var x = Margin;
            for (var i = 0; i < cells.Length; i++)
            {
                var rect = new XRect(x, _y, widths[i], height);
                if (isHeader) G.DrawRectangle(Rule, new XSolidBrush(HeaderFill), rect);
                else G.DrawRectangle(Rule, rect);
                var ty = _y + CellPad;
                var linked = i == linkColumn && link is not null;
                foreach (var line in wrapped[i])
                {
                    G.DrawString(line, _cell, linked ? LinkBrush : XBrushes.Black, new XPoint(x + CellPad, ty), XStringFormats.TopLeft);
                    ty += lh;
                }
                if (linked)
                {
                    // Link annotations live in PDF user space (origin bottom left): let the transformer convert.
                    var area = G.Transformer.WorldToDefaultPage(rect);
                    _doc.Pages[^1].AddWebLink(new PdfRectangle(area), link!);
                }
                x += widths[i];
            }
            _y += height;
        }

        EnsureSpace(3 * (lh + 2 * CellPad));
        DrawRow(header, isHeader: true);
        for (var r = 0; r < rows.Count; r++) DrawRow(rows[r], isHeader: false, links is not null && r < links.Count ? links[r] : null);
        _y += 8;
    }

    private void Footers(string title)
    {
        _gfx?.Dispose();
        _gfx = null;
        var n = _doc.Pages.Count;
        for (var i = 0; i < n; i++)
        {
            var page = _doc.Pages[i];
            using var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var text = $"RiskWatch · {title} · {i + 1} / {n}";
            g.DrawString(text, _cell, XBrushes.Gray, new XRect(Margin, page.Height.Point - Margin + 6, page.Width.Point - 2 * Margin, 12), XStringFormats.TopCenter);
        }
    }

    /// <summary>
    /// Greedy line breaking: a CJK character is a token of its own (Chinese breaks between any two characters), Latin
    /// words stay whole, closing punctuation sticks to what precedes it so no line starts with "，" or "）", and a token
    /// wider than the line is cut by characters.
    /// </summary>
    internal IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        // Widths add up token by token (measured once each and cached: Chinese text repeats its characters), which
        // keeps a long table linear instead of re-measuring the whole line for every character.
        var line = new System.Text.StringBuilder();
        double lineWidth = 0;
        foreach (var token in Tokens(text))
        {
            if (lineWidth + Measure(token.TrimEnd(), font) <= width) { line.Append(token); lineWidth += Measure(token, font); continue; }
            if (line.ToString().Trim().Length > 0) yield return line.ToString().TrimEnd();
            var rest = token.TrimStart();
            while (rest.Length > 1 && Measure(rest, font) > width)
            {
                var n = rest.Length - 1;
                while (n > 1 && Measure(rest[..n], font) > width) n--;
                yield return rest[..n];
                rest = rest[n..];
            }
            line.Clear().Append(rest);
            lineWidth = Measure(rest, font);
        }
        if (line.ToString().Trim().Length > 0) yield return line.ToString().TrimEnd();
    }

    private readonly Dictionary<(double Size, string Text), double> _widths = [];

    private double Measure(string s, XFont font)
    {
        if (s.Length == 0) return 0;
        if (!_widths.TryGetValue((font.Size, s), out var w)) _widths[(font.Size, s)] = w = G.MeasureString(s, font).Width;
        return w;
    }

    private static bool IsCjk(char c) => c >= '\u2E80' && !IsClosing(c) && (c <= '\u9FFF' || (c >= '\uF900' && c <= '\uFAFF') || (c >= '\uFF00' && c <= '\uFFEF'));
    private static bool IsClosing(char c) => "，。、；：！？）》」』】〕”’,.;:!?)]}%".Contains(c);

    internal static IEnumerable<string> Tokens(string text)
    {
        var current = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            if (IsClosing(c)) { current.Append(c); continue; }
            if (char.IsWhiteSpace(c)) { current.Append(' '); continue; }
            // A new token starts at a CJK character, or after a space, a CJK character or full-width closing punctuation.
            var last = current.Length > 0 ? current[^1] : ' ';
            var startsNew = current.Length > 0 && (IsCjk(c) || last == ' ' || IsCjk(last) || (IsClosing(last) && last >= '\u2E80'));
            if (startsNew) { yield return current.ToString(); current.Clear(); }
            current.Append(c);
        }
        if (current.Length > 0) yield return current.ToString();
    }

    public void Dispose() => _gfx?.Dispose();
}

using System.Globalization;
using System.Text;

namespace RiskWatch.Web.Reports;

/// <summary>
/// Turns a <see cref="BriefingData"/> into a DOCX, PDF, XLSX or CSV file. Stateless and thread-safe: register it once.
/// The PDF needs a font with Chinese glyphs on the machine and throws <see cref="CjkFontNotFoundException"/> without one
/// (check <see cref="PdfAvailable"/> first to offer only what works); the other formats always work.
/// </summary>
public sealed class BriefingExporter
{
    private readonly BriefingExportOptions _options;

    public BriefingExporter() : this(new BriefingExportOptions()) { }

    public BriefingExporter(BriefingExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Whether a CJK font was found, i.e. whether <see cref="ReportFormat.Pdf"/> can be exported.</summary>
    public bool PdfAvailable => CjkFont.Find(ConfiguredFont) is not null;

    private string? ConfiguredFont => string.IsNullOrWhiteSpace(_options.CjkFontPath) ? null : _options.CjkFontPath;

    public byte[] Export(BriefingData data, ReportFormat format)
    {
        ArgumentNullException.ThrowIfNull(data);
        var text = ReportText.For(data.Language);
        switch (format)
        {
            case ReportFormat.Csv:
                return CsvWriter.Write(data, text);
            case ReportFormat.Xlsx:
                return XlsxWriter.Write(data, text);
            case ReportFormat.Docx:
            {
                // The Word text itself needs no font here; only the chart images do, so a missing CJK font degrades the charts, not the export.
                var charts = BriefingCharts.Render(data, text, ReportFonts.ChartFamily(CjkFont.Find(ConfiguredFont)));
                return DocxWriter.Write(data, text, charts, _options);
            }
            case ReportFormat.Pdf:
            {
                var font = CjkFont.Require(ConfiguredFont);
                var charts = BriefingCharts.Render(data, text, ReportFonts.ChartFamily(font));
                return PdfWriter.Write(data, text, charts, ReportFonts.PdfFamily(font), _options.MaxItemsPerCountry);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format.");
        }
    }

    public string ContentType(ReportFormat format) => format switch
    {
        ReportFormat.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ReportFormat.Pdf => "application/pdf",
        ReportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ReportFormat.Csv => "text/csv; charset=utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format."),
    };

    /// <summary>
    /// An ASCII file name (safe in any Content-Disposition header), e.g. <c>riskwatch-briefing-TH-20261101-20261127-zh.pdf</c>;
    /// more than three countries are counted instead of listed.
    /// </summary>
    public string FileName(BriefingData data, ReportFormat format)
    {
        ArgumentNullException.ThrowIfNull(data);
        var codes = data.Countries.Select(c => new string(c.Iso2.Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant()).Where(c => c.Length > 0).ToList();
        var who = codes.Count switch
        {
            0 => "all",
            <= 3 => string.Join('-', codes),
            _ => codes.Count.ToString(CultureInfo.InvariantCulture) + "-countries",
        };
        var sb = new StringBuilder("riskwatch-briefing-")
            .Append(who).Append('-')
            .Append(data.From.ToString("yyyyMMdd", CultureInfo.InvariantCulture)).Append('-')
            .Append(data.To.ToString("yyyyMMdd", CultureInfo.InvariantCulture)).Append('-')
            .Append(ReportText.For(data.Language).Chinese ? "zh" : "en").Append('.')
            .Append(format switch { ReportFormat.Docx => "docx", ReportFormat.Pdf => "pdf", ReportFormat.Xlsx => "xlsx", ReportFormat.Csv => "csv", _ => "bin" });
        return sb.ToString();
    }
}

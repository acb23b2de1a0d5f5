using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace RiskWatch.Web.Reports;

/// <summary>
/// Makes the CJK font known to ScottPlot and PDFsharp under family names of our own, so neither depends on
/// what the operating system registers (PDFsharp has no font lookup at all on Linux).
/// </summary>
internal static class ReportFonts
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> ChartFamilies = new();
    private static readonly object PdfGate = new();

    /// <summary>The family to hand to <c>plt.Font.Set</c>. Without a CJK font ScottPlot's own choice is used (Chinese then shows as boxes).</summary>
    public static string ChartFamily(CjkFont? font)
    {
        if (font is null) return ScottPlot.Fonts.Detect("风险 Risk");
        return ChartFamilies.GetOrAdd(font.Path + "#" + font.FaceIndex, _ => new Lazy<string>(() =>
        {
            var family = "RiskWatch CJK " + ChartFamilies.Count;
            var path = font.Path;
            if (font.FaceIndex != 0)
            {
                // Skia opens face 0 of a collection; any other face goes through a standalone copy.
                path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"riskwatch-cjk-{font.Path.GetHashCode():x8}-{font.FaceIndex}.ttf");
                if (!File.Exists(path)) File.WriteAllBytes(path, font.FaceBytes);
            }
            ScottPlot.Fonts.AddFontFile(family, path);
            return family;
        })).Value;
    }

    /// <summary>The family to use in <c>XFont</c>; installs the process-wide PDFsharp resolver on first use.</summary>
    public static string PdfFamily(CjkFont font)
    {
        lock (PdfGate)
        {
            // PDFsharp allows setting its resolver once (or the same instance again), before any font is used.
            if (!ReferenceEquals(GlobalFontSettings.FontResolver, PdfFontResolver.Instance))
                GlobalFontSettings.FontResolver = PdfFontResolver.Instance;
        }
        return PdfFontResolver.Instance.Register(font);
    }

    private sealed class PdfFontResolver : IFontResolver
    {
        public static readonly PdfFontResolver Instance = new();
        private readonly ConcurrentDictionary<string, CjkFont> _byFamily = new();
        private readonly ConcurrentDictionary<string, string> _byFont = new();

        public string Register(CjkFont font) =>
            _byFont.GetOrAdd(font.Path + "#" + font.FaceIndex, _ =>
            {
                var family = "RiskWatchCJK" + _byFamily.Count;
                _byFamily[family] = font;
                return family;
            });

        // One face serves regular and bold: headings are set apart by size, as the font has no bold face.
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            _byFamily.ContainsKey(familyName) ? new FontResolverInfo(familyName) : null;

        public byte[]? GetFont(string faceName) => _byFamily.TryGetValue(faceName, out var f) ? f.FaceBytes : null;
    }
}

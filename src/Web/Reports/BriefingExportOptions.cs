using System.ComponentModel.DataAnnotations;

namespace RiskWatch.Web.Reports;

/// <summary>Settings of the briefing export, section <c>RiskWatch:Reports</c>. Every setting has a working default.</summary>
public sealed class BriefingExportOptions
{
    public const string Section = "RiskWatch:Reports";

    /// <summary>A .ttf/.ttc with Chinese glyphs for the PDF and the charts. Empty: found at run time (WenQuanYi Zen Hei, then fontconfig).</summary>
    public string? CjkFontPath { get; set; }

    /// <summary>The East Asian font named in the Word file. It is the reader's machine that renders it: SimSun (宋体) is on every Chinese Windows and Office.</summary>
    [Required] public string DocxEastAsiaFont { get; set; } = "SimSun";

    /// <summary>The font named in the Word file for Latin text.</summary>
    [Required] public string DocxLatinFont { get; set; } = "Arial";

    /// <summary>Items listed per country in DOCX and PDF (most severe, then newest); XLSX and CSV always list all of them.</summary>
    [Range(1, 10_000)] public int MaxItemsPerCountry { get; set; } = 100;
}

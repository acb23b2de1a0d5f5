using RiskWatch.Core;

namespace RiskWatch.Web.Reports;

/// <summary>
/// Everything a briefing shows, already gathered: the exporter only lays it out. A country briefing has one
/// <see cref="CountrySection"/>, a period briefing several. <see cref="Language"/> is "zh-CN" (default) or "en":
/// anything starting with "zh" gives Chinese labels, level names, category and country names, everything else English.
/// Dates are shown in the offset they carry, so pass them in the reader's time zone (e.g. +08:00).
/// </summary>
public sealed record BriefingData(
    string Title,
    string Language,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<CountrySection> Countries);

/// <summary>
/// One country's part of a briefing. The display name comes from <c>CountryTable</c> in the briefing's language
/// (the ISO code is shown when the table does not know it). <see cref="Level"/> is RiskWatch's 1–5 scale.
/// </summary>
public sealed record CountrySection(
    string Iso2,
    int? Score,
    int Level,
    IReadOnlyList<SubScore> SubScores,
    IReadOnlyList<string> Drivers,
    IReadOnlyList<TrendPoint> Trend,
    IReadOnlyList<OfficialLevel> OfficialLevels,
    IReadOnlyList<RiskItem> Items);

/// <summary>A per-category sub-score, 0–100. A label that is a category key ("terrorism") is shown as the category's name in the briefing's language.</summary>
public sealed record SubScore(string Label, double Value);

/// <summary>The country score on one day.</summary>
public sealed record TrendPoint(DateTimeOffset Day, double Score);

/// <summary>A publisher's current official level: the raw text as published and the crosswalked 1–5 level.</summary>
public sealed record OfficialLevel(string Publisher, string RawLevel, int Level);

/// <summary>The export formats a briefing officer can choose.</summary>
public enum ReportFormat
{
    Docx,
    Pdf,
    Xlsx,
    Csv,
}

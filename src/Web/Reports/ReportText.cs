using System.Globalization;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Web.Reports;

/// <summary>The labels of a briefing in one language, and the localized names every format shares.</summary>
internal sealed class ReportText
{
    private ReportText(bool zh) => Chinese = zh;

    public static ReportText For(string? language) =>
        new(string.IsNullOrWhiteSpace(language) || language.StartsWith("zh", StringComparison.OrdinalIgnoreCase));

    public bool Chinese { get; }
    public string Language => Chinese ? "zh-CN" : "en";
    private string T(string zh, string en) => Chinese ? zh : en;

    /// <summary>Full-width colon in Chinese text, ": " in English.</summary>
    public string Colon => T("：", ": ");
    public string Period => T("报告期间", "Period");
    public string Generated => T("生成时间", "Generated");
    public string Overview => T("概览", "Overview");
    public string Countries => T("国家数", "Countries");
    public string ItemCount => T("条目数", "Items");
    public string Country => T("国家", "Country");
    public string Code => T("代码", "Code");
    public string Score => T("风险评分", "Risk score");
    public string Level => T("风险等级", "Risk level");
    public string LevelNameHeader => T("等级名称", "Level name");
    public string SubScores => T("分项评分", "Sub-scores");
    public string SubScore => T("分项", "Sub-score");
    public string Value => T("评分", "Score");
    public string Drivers => T("主要驱动因素", "Main drivers");
    public string OfficialLevels => T("官方风险等级", "Official advisory levels");
    public string Publisher => T("发布机构", "Publisher");
    public string RawLevel => T("原始等级", "Level as published");
    public string MappedLevel => T("折算等级", "RiskWatch level");
    public string Trend => T("风险评分趋势", "Risk score trend");
    public string DistributionTitle => T("风险条目类别分布", "Risk items by category");
    public string Date => T("日期", "Date");
    public string Items => T("风险条目", "Risk items");
    public string Published => T("发布时间", "Published");
    public string Title => T("标题", "Title");
    public string Source => T("来源", "Source");
    public string Category => T("类别", "Category");
    public string ItemLevel => T("条目等级", "Item level");
    public string Link => T("链接", "Link");
    public string None => T("无", "None");
    public string NoData => T("无数据", "No data");
    public string SheetSummary => T("概览", "Summary");
    public string SheetSubScores => T("分项评分", "Sub-scores");
    public string SheetOfficial => T("官方等级", "Official levels");
    public string SheetTrend => T("趋势", "Trend");
    public string SheetItems => T("风险条目", "Items");
    public string More(int n) => Chinese ? $"另有 {n} 条未列出，完整列表见 XLSX / CSV 导出。" : $"{n} more not listed; the XLSX and CSV exports have the full list.";

    public string CountryName(string iso2) => CountryTable.ByIso2(iso2)?.Name(Language) ?? iso2.ToUpperInvariant();
    public string LevelName(int level) => RiskLevels.IsValid(level) ? RiskLevels.Name(level, Language) : "—";
    public string LevelText(int level) => RiskLevels.IsValid(level) ? $"{level} {LevelName(level)}" : "—";
    public string CategoryName(RiskCategory c) => c.DisplayName(Language);

    /// <summary>A sub-score label that names a category is translated; anything else is shown as given.</summary>
    public string SubScoreLabel(string label) => RiskCategories.Parse(label) is { } c ? CategoryName(c) : label;

    public string ScoreText(int? score) => score?.ToString(CultureInfo.InvariantCulture) ?? "—";
    public static string Day(DateTimeOffset d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string Time(DateTimeOffset d) => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    public static string Offset(DateTimeOffset d) => "UTC" + d.ToString("zzz", CultureInfo.InvariantCulture);
    public string PeriodText(BriefingData b) => $"{Day(b.From)} — {Day(b.To)}";
    public string GeneratedText(BriefingData b) => $"{Time(b.GeneratedAt)} ({Offset(b.GeneratedAt)})";

    /// <summary>Drops control characters (scraped titles carry them) that XML-based formats reject; tabs and line breaks become spaces.</summary>
    public static string Clean(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        var sb = new System.Text.StringBuilder(s.Length);
        // Runes: a lone surrogate comes out as U+FFFD, a valid pair (rare CJK extension characters) is kept.
        foreach (var r in s.EnumerateRunes())
        {
            if (r.Value is '\t' or '\n' or '\r') sb.Append(' ');
            else if (!System.Text.Rune.IsControl(r) && r.Value is not (0xFFFE or 0xFFFF)) sb.Append(r.ToString());
        }
        return sb.ToString().Trim();
    }

    /// <summary>The URL when it is an absolute http(s) link, else null: only those become clickable in DOCX and PDF.</summary>
    public static string? SafeLink(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? u.AbsoluteUri : null;

    /// <summary>Items per category, most frequent first, for the distribution chart and table.</summary>
    public static IReadOnlyList<(RiskCategory Category, int Count)> Distribution(IEnumerable<RiskItem> items) =>
        items.GroupBy(i => i.Category).Select(g => (g.Key, g.Count()))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Key).ToList();

    /// <summary>The order items are listed in: most severe first, then newest.</summary>
    public static IEnumerable<RiskItem> Ordered(IEnumerable<RiskItem> items) =>
        items.OrderByDescending(i => i.Level).ThenByDescending(i => i.Published);
}

namespace RiskWatch.Core;

/// <summary>RiskWatch's one risk scale: 1 low … 5 extreme. Every source's raw level is crosswalked onto it.</summary>
public static class RiskLevels
{
    public const int Min = 1;
    public const int Max = 5;

    private static readonly string[] Zh = ["", "低", "较低", "中等", "高", "极高"];
    private static readonly string[] En = ["", "Low", "Moderate", "Elevated", "High", "Extreme"];

    public static bool IsValid(int level) => level is >= Min and <= Max;

    /// <summary>The level's name in the language asked for ("zh…" gives Chinese, anything else English).</summary>
    public static string Name(int level, string language = "zh-CN") =>
        IsValid(level) ? (language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Zh[level] : En[level]) : "?";

    public static int Clamp(int level) => Math.Clamp(level, Min, Max);
}

/// <summary>What an item is about. The classifier predicts one of these.</summary>
public enum RiskCategory
{
    Other = 0,
    Political,
    TerrorismSecurity,
    Crime,
    ArmedConflict,
    CivilUnrest,
    EconomicFinancial,
    RegulatoryLegal,
    SanctionsTrade,
    Health,
    NaturalDisaster,
}

public static class RiskCategories
{
    private static readonly Dictionary<RiskCategory, (string Key, string Zh, string En)> Names = new()
    {
        [RiskCategory.Political] = ("political", "政治风险", "Political"),
        [RiskCategory.TerrorismSecurity] = ("terrorism", "恐怖主义与安全", "Terrorism and security"),
        [RiskCategory.Crime] = ("crime", "犯罪", "Crime"),
        [RiskCategory.ArmedConflict] = ("conflict", "武装冲突", "Armed conflict"),
        [RiskCategory.CivilUnrest] = ("unrest", "社会动荡", "Civil unrest"),
        [RiskCategory.EconomicFinancial] = ("economic", "经济金融", "Economic and financial"),
        [RiskCategory.RegulatoryLegal] = ("regulatory", "法律监管", "Regulatory and legal"),
        [RiskCategory.SanctionsTrade] = ("sanctions", "制裁与贸易", "Sanctions and trade"),
        [RiskCategory.Health] = ("health", "公共卫生", "Health"),
        [RiskCategory.NaturalDisaster] = ("disaster", "自然灾害", "Natural disaster"),
        [RiskCategory.Other] = ("other", "其他", "Other"),
    };

    public static IEnumerable<RiskCategory> All => Names.Keys;

    /// <summary>The stable lower-case key used in the API, the index and configuration (e.g. "terrorism").</summary>
    public static string Key(this RiskCategory c) => Names[c].Key;

    public static string DisplayName(this RiskCategory c, string language = "zh-CN") =>
        language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Names[c].Zh : Names[c].En;

    /// <summary>Parses a key ("terrorism"), an enum name ("TerrorismSecurity") or a display name; null when unknown.</summary>
    public static RiskCategory? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        foreach (var (c, n) in Names)
        {
            if (string.Equals(n.Key, t, StringComparison.OrdinalIgnoreCase) || string.Equals(c.ToString(), t, StringComparison.OrdinalIgnoreCase)
                || n.Zh == t || string.Equals(n.En, t, StringComparison.OrdinalIgnoreCase))
                return c;
        }
        return null;
    }
}

/// <summary>A sub-national area with its own official level (e.g. a region under "Do Not Travel", or 中国领事服务网's regional colours).</summary>
public sealed record RegionLevel(string Region, string RawLevel, int Level);

/// <summary>
/// What a source makes of one entry of what it fetched, before any enrichment.
/// <see cref="SourceItemId"/> is stable across fetches of the same entry, so a re-issued entry updates the stored one.
/// </summary>
public sealed record CollectedItem
{
    public required string Source { get; init; }
    public required string SourceItemId { get; init; }
    public required string Title { get; init; }
    public string Url { get; init; } = "";
    /// <summary>Plain text (HTML already stripped).</summary>
    public string Text { get; init; } = "";
    public DateTimeOffset? Published { get; init; }
    /// <summary>The level exactly as the source states it, e.g. "Level 3: Reconsider Travel" or "黄色". Null when the source has none.</summary>
    public string? RawLevel { get; init; }
    /// <summary>The raw level crosswalked onto RiskWatch's 1–5 scale; null when the source states none.</summary>
    public int? Level { get; init; }
    /// <summary>ISO 3166-1 alpha-2 codes.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];
    /// <summary>"zh" or "en" (or another two-letter code); empty means detect.</summary>
    public string Language { get; init; } = "";
    public IReadOnlyList<RegionLevel> Regions { get; init; } = [];
    /// <summary>Source-specific facts worth keeping (validity date, indicator values…).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();
    /// <summary>The stable id across RiskWatch: source plus source item id.</summary>
    public string Id => ItemIds.For(Source, SourceItemId);
}

public static class ItemIds
{
    /// <summary>A short stable id from the source and the source's own id, safe in URLs.</summary>
    public static string For(string source, string sourceItemId)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source + "\n" + sourceItemId));
        return source + "-" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    public static string ContentHash(string title, string text, string? rawLevel)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(title + "\n" + rawLevel + "\n" + text));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}

/// <summary>A collected item after enrichment: classified, with its language decided. This is what is indexed and alerted on.</summary>
public sealed record RiskItem
{
    public required string Id { get; init; }
    public required string Source { get; init; }
    public required string Title { get; init; }
    public string Url { get; init; } = "";
    public string Text { get; init; } = "";
    public DateTimeOffset Published { get; init; }
    public DateTimeOffset Collected { get; init; }
    public string? RawLevel { get; init; }
    /// <summary>The official level on RiskWatch's scale when the source states one.</summary>
    public int? OfficialLevel { get; init; }
    /// <summary>The effective level: the official level when there is one, else the predicted severity.</summary>
    public int Level { get; init; }
    public IReadOnlyList<string> Countries { get; init; } = [];
    public string Language { get; init; } = "en";
    public RiskCategory Category { get; init; }
    public int Severity { get; init; }
    public double Confidence { get; init; }
    public string ModelVersion { get; init; } = "";
    public string ContentHash { get; init; } = "";
    public IReadOnlyList<RegionLevel> Regions { get; init; } = [];
    /// <summary>
    /// An analyst's category for this item: it is the <see cref="Category"/> and stays so when the source re-issues the
    /// item with changed text (the pipeline classifies it again but keeps what an analyst decided). Null: the model's.
    /// </summary>
    public RiskCategory? AnalystCategory { get; init; }
    /// <summary>An analyst's severity, kept like <see cref="AnalystCategory"/>; null: the model's.</summary>
    public int? AnalystSeverity { get; init; }
    /// <summary>Who corrected the labels last; null when no analyst has.</summary>
    public string? CorrectedBy { get; init; }

    /// <summary>
    /// The item with its labels set: an analyst's category and severity where given, the model's prediction otherwise
    /// (an analyst's severity is certain: confidence 1); the effective level is the official one, else the severity.
    /// The one rule for the ingest pipeline (which carries an item's analyst labels over a re-issue) and for corrections.
    /// </summary>
    public RiskItem WithLabels(Classification predicted, RiskCategory? analystCategory, int? analystSeverity, string? correctedBy)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        var severity = analystSeverity ?? predicted.Severity;
        return this with
        {
            Category = analystCategory ?? predicted.Category,
            Severity = severity,
            Confidence = analystSeverity is null ? predicted.SeverityConfidence : 1.0,
            Level = OfficialLevel ?? severity,
            AnalystCategory = analystCategory,
            AnalystSeverity = analystSeverity,
            CorrectedBy = correctedBy,
        };
    }
}

/// <summary>A publisher's official level for a country changed (e.g. US Level 2 → 3, China 黄 → 橙).</summary>
public sealed record LevelChange(string Source, string Country, string ItemId, string? OldRawLevel, int? OldLevel, string? NewRawLevel, int NewLevel, DateTimeOffset At, string Title, string Url);

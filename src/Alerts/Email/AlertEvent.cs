using RiskWatch.Alerts.Data;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Alerts.Email;

/// <summary>One thing a subscriber is told about: a new or changed item (possibly folded with near-duplicates) or an official level change.</summary>
internal sealed record AlertEvent
{
    public required string Key { get; init; }
    /// <summary>Sorted countries + level: the near-duplicate key.</summary>
    public required string ClusterKey { get; init; }
    public required IReadOnlyList<string> Countries { get; init; }
    public required int Level { get; init; }
    public RiskCategory Category { get; init; }
    public required string Title { get; init; }
    public string Snippet { get; init; } = "";
    public required string Source { get; init; }
    public required List<SourceLink> Sources { get; init; }
    public required string ItemId { get; init; }
    public required DateTimeOffset At { get; init; }
    public string? RawLevel { get; init; }
    public bool IsLevelChange { get; init; }
    public int? OldLevel { get; init; }
    public string? OldRawLevel { get; init; }
    /// <summary>Set when the event is a change of RiskWatch's own country risk level (scores and drivers come from it).</summary>
    public CountryLevelChange? IndexChange { get; init; }

    /// <summary>The source name RiskWatch's own country risk index goes by in alert logs and emails.</summary>
    public const string IndexSource = "riskwatch";

    public static string ClusterOf(IEnumerable<string> countries, int level) =>
        string.Join(",", countries.Order(StringComparer.Ordinal)) + "|" + level;

    public static AlertEvent FromItem(RiskItem item)
    {
        var countries = item.Countries.Distinct().ToList();
        return new AlertEvent
        {
            Key = "item:" + item.Id + ":" + item.ContentHash,
            ClusterKey = ClusterOf(countries, item.Level),
            Countries = countries,
            Level = RiskLevels.Clamp(item.Level),
            Category = item.Category,
            Title = item.Title,
            Snippet = item.Text.Length > 400 ? item.Text[..400] + "…" : item.Text,
            Source = item.Source,
            Sources = [new SourceLink(item.Source, item.Title, item.Url)],
            ItemId = item.Id,
            At = item.Published == default ? item.Collected : item.Published,
            RawLevel = item.RawLevel,
        };
    }

    public static AlertEvent FromLevelChange(LevelChange c) => new()
    {
        Key = $"level:{c.Source}:{c.Country}:{c.NewLevel}:{c.ItemId}:{c.At.ToUnixTimeSeconds()}",
        ClusterKey = "level:" + c.Country + "|" + c.NewLevel + "|" + c.Source,
        Countries = [c.Country],
        Level = RiskLevels.Clamp(c.NewLevel),
        Title = c.Title,
        Source = c.Source,
        Sources = [new SourceLink(c.Source, c.Title, c.Url)],
        ItemId = c.ItemId,
        At = c.At,
        RawLevel = c.NewRawLevel,
        IsLevelChange = true,
        OldLevel = c.OldLevel,
        OldRawLevel = c.OldRawLevel,
    };

    /// <summary>
    /// RiskWatch's own country risk level changed. The key names the change itself (country, both levels, when), so the
    /// same change delivered twice is one event for the alert log.
    /// </summary>
    public static AlertEvent FromCountryLevelChange(CountryLevelChange c, string countryPageUrl)
    {
        var country = c.Country.ToUpperInvariant();
        return new AlertEvent
        {
            Key = $"index:{country}:{c.OldLevel}:{c.NewLevel}:{c.At.ToUnixTimeSeconds()}",
            ClusterKey = "index:" + country + "|" + c.NewLevel,
            Countries = [country],
            Level = RiskLevels.Clamp(c.NewLevel),
            Title = IndexTitle(c, "en"),
            Source = IndexSource,
            Sources = [new SourceLink(IndexSource, "RiskWatch country risk index", countryPageUrl)],
            ItemId = "",
            At = c.At,
            IsLevelChange = true,
            OldLevel = c.OldLevel,
            IndexChange = c,
        };
    }

    /// <summary>The entry's title in the subscriber's language (collected titles stay as published).</summary>
    public string TitleFor(string language) => IndexChange is { } c ? IndexTitle(c, language) : Title;

    private static string IndexTitle(CountryLevelChange c, string language)
    {
        bool zh = Emails.IsZh(language);
        var name = Emails.CountryName(c.Country.ToUpperInvariant(), language);
        bool up = c.NewLevel > c.OldLevel;
        return zh ? $"{name}风险等级{(up ? "上调" : "下调")}：{RiskLevels.Name(c.OldLevel, language)} → {RiskLevels.Name(c.NewLevel, language)}"
                  : $"{name} risk level {(up ? "raised" : "lowered")}: {RiskLevels.Name(c.OldLevel, language)} → {RiskLevels.Name(c.NewLevel, language)}";
    }

    private static string Score(double score) => score.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Why the subscriber gets this, in their language.</summary>
    public string Reason(string language)
    {
        bool zh = Emails.IsZh(language);
        var country = Countries.Count > 0 ? Emails.CountryName(Countries[0], language) : (zh ? "多国" : "several countries");
        if (IndexChange is { } ic)
        {
            // Old → new level, old → new score, and what drove it; the drivers also reach digests this way.
            bool up = ic.NewLevel > ic.OldLevel;
            var drivers = ic.Drivers.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d.Trim()).ToList();
            return zh
                ? $"RiskWatch 国家风险指数将{country}的风险等级由 {RiskLevels.Name(ic.OldLevel, language)}（{Score(ic.OldScore)} 分）{(up ? "上调" : "下调")}为 {RiskLevels.Name(ic.NewLevel, language)}（{Score(ic.NewScore)} 分）。"
                  + (drivers.Count > 0 ? $"主要因素：{string.Join("；", drivers)}。" : "")
                : $"RiskWatch's country risk index {(up ? "raised" : "lowered")} {country} from {RiskLevels.Name(ic.OldLevel, language)} (score {Score(ic.OldScore)}) to {RiskLevels.Name(ic.NewLevel, language)} (score {Score(ic.NewScore)})."
                  + (drivers.Count > 0 ? $" Drivers: {string.Join("; ", drivers)}." : "");
        }
        var sources = string.Join(zh ? "、" : ", ", Sources.Select(s => s.Source).Distinct());
        if (IsLevelChange)
        {
            var from = OldLevel is int o ? $"{RiskLevels.Name(o, language)}{Raw(OldRawLevel, zh)}" : (zh ? "无" : "none");
            var to = $"{RiskLevels.Name(Level, language)}{Raw(RawLevel, zh)}";
            var dir = OldLevel is int ol && ol > Level ? (zh ? "下调" : "lowered") : (zh ? "上调" : "raised");
            return zh ? $"{sources} 将{country}的官方等级由 {from} {dir}为 {to}。"
                      : $"{sources} {dir} its official level for {country} from {from} to {to}.";
        }
        var cat = Category.DisplayName(language);
        return zh ? $"{sources} 发布了关于{country}的信息，风险等级 {RiskLevels.Name(Level, language)}{Raw(RawLevel, zh)}，类别：{cat}。"
                  : $"{sources} reported on {country}: risk level {RiskLevels.Name(Level, language)}{Raw(RawLevel, zh)}, category: {cat}.";
    }

    private static string Raw(string? raw, bool zh) => string.IsNullOrWhiteSpace(raw) ? "" : (zh ? $"（{raw}）" : $" ({raw})");
}

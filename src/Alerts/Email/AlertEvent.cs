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

    /// <summary>Why the subscriber gets this, in their language.</summary>
    public string Reason(string language)
    {
        bool zh = Emails.IsZh(language);
        var country = Countries.Count > 0 ? Emails.CountryName(Countries[0], language) : (zh ? "多国" : "several countries");
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

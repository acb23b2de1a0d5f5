using RiskWatch.Core;
using RiskWatch.Web.Reports;

namespace RiskWatch.Web.Tests.Reports;

/// <summary>Briefing test data: Thailand at 极高 with Chinese and English items, plus Vietnam and Myanmar for a period briefing.</summary>
internal static class SomeBriefing
{
    public static readonly DateTimeOffset To = new(2026, 11, 27, 0, 0, 0, TimeSpan.FromHours(8));
    public static readonly DateTimeOffset From = To.AddDays(-30);

    public static BriefingData Country(string language = "zh-CN") =>
        new(language.StartsWith("zh") ? "泰国国别风险简报" : "Thailand country briefing", language, From, To, To.AddHours(9.5), [Thailand()]);

    public static BriefingData Period(string language = "zh-CN") =>
        new(language.StartsWith("zh") ? "东南亚周期风险简报" : "South-East Asia period briefing", language, From, To, To.AddHours(9.5),
            [Thailand(), Section("VN", 41, 2, 12, seed: 2), Section("MM", 83, 5, 25, seed: 3)]);

    public static CountrySection Thailand() => Section("TH", 86, 5, 14, seed: 1) with
    {
        Drivers = ["曼谷发生爆炸袭击，多人伤亡", "US State Dept raised the level to 4 (Do Not Travel) for the southern provinces"],
        OfficialLevels =
        [
            new OfficialLevel("中国领事服务网", "红色 极高风险（暂勿前往）", 5),
            new OfficialLevel("US State Dept", "Level 3: Reconsider Travel", 4),
        ],
    };

    public static CountrySection Section(string iso2, int score, int level, int items, int seed)
    {
        var rnd = new Random(seed);
        var trend = Enumerable.Range(0, 31).Select(d => new TrendPoint(From.AddDays(d), Math.Clamp(score - 15 + d * 0.5 + rnd.Next(-4, 5), 0, 100))).ToList();
        var categories = new[] { RiskCategory.TerrorismSecurity, RiskCategory.CivilUnrest, RiskCategory.NaturalDisaster, RiskCategory.Political, RiskCategory.TerrorismSecurity, RiskCategory.Crime };
        var list = new List<RiskItem>();
        for (var i = 0; i < items; i++)
        {
            var zh = i % 2 == 0;
            list.Add(new RiskItem
            {
                Id = $"{iso2}-{i}",
                Source = zh ? "cs-mfa" : "gdacs",
                Title = zh ? $"提醒在{iso2}中国公民注意安全，近期南部地区局势紧张，第{i}号通报，请勿前往边境地区并密切关注当地安全形势变化" : $"Flooding and landslides in the north, advisory number {i} for travellers",
                Url = $"https://example.org/{iso2}/{i}",
                Published = To.AddDays(-i).AddHours(-3),
                Collected = To.AddDays(-i),
                Level = 1 + (i * 7 + seed) % 5,
                Countries = [iso2],
                Language = zh ? "zh" : "en",
                Category = categories[(i + seed) % categories.Length],
            });
        }
        // An item a scraper could bring in with a spreadsheet formula in its title.
        list.Add(new RiskItem { Id = $"{iso2}-evil", Source = "rss", Title = "=HYPERLINK(\"http://evil.example\",\"点击\")", Published = To.AddDays(-1), Level = 2, Countries = [iso2], Category = RiskCategory.Other });
        return new CountrySection(iso2, score, level,
            [new SubScore("terrorism", 78), new SubScore("unrest", 55.5), new SubScore("disaster", 40)],
            ["Sub-national conflict in the south"], trend, [new OfficialLevel("GDACS", "Orange", 3)], list);
    }
}

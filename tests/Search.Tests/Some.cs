using RiskWatch.Core;

namespace RiskWatch.Search.Tests;

/// <summary>Test data: a small bilingual corpus with known words, countries, levels and dates.</summary>
internal static class Some
{
    public static readonly DateTimeOffset Base = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    public static RiskItem Item(string id, string title, string text = "", string lang = "en", string[]? countries = null,
        RiskCategory category = RiskCategory.Other, int level = 2, string source = "test", DateTimeOffset? published = null) => new()
        {
            Id = id,
            Source = source,
            Title = title,
            Text = text,
            Url = $"https://example.org/{id}",
            Language = lang,
            Countries = countries ?? [],
            Category = category,
            Level = level,
            Severity = level,
            Confidence = 0.8,
            Published = published ?? Base,
            Collected = Base.AddDays(10),
            ModelVersion = "test-1",
            ContentHash = "h-" + id,
        };

    public static readonly RiskItem Zh1 = Item("zh1", "巴黎发生恐怖袭击", "当地时间周五，巴黎市中心发生恐怖袭击，造成多人伤亡。使馆提醒中国公民注意安全。",
        "zh", ["FR"], RiskCategory.TerrorismSecurity, 4, "china-mfa", Base.AddDays(1));
    public static readonly RiskItem Zh2 = Item("zh2", "恐怖片上映", "这部恐怖电影讲述了一个山区村庄在战争年代如何多次遭到袭击的故事。",
        "zh-CN", ["CN"], RiskCategory.Other, 1, "china-mfa", Base.AddDays(2));
    public static readonly RiskItem En1 = Item("en1", "Attack on embassy in Kabul", "Gunmen attacked the embassy compound; officials condemned the attack.",
        "en", ["AF"], RiskCategory.TerrorismSecurity, 5, "us-state", Base.AddDays(3));
    public static readonly RiskItem En2 = Item("en2", "Flood warning for Bangladesh", "Heavy monsoon rain caused severe flooding in Dhaka and Chittagong.",
        "en", ["BD"], RiskCategory.NaturalDisaster, 3, "gdacs", Base.AddDays(4));
    public static readonly RiskItem En3 = Item("en3", "Protests in Paris over pension reform", "Thousands marched peacefully in Paris; officials reported no violence.",
        "en", ["FR"], RiskCategory.CivilUnrest, 2, "uk-fcdo", Base.AddDays(5));
    public static readonly RiskItem En4 = Item("en4", "Sanctions on Iran oil exports", "The treasury announced new sanctions targeting oil exports from Iran.",
        "en", ["IR", "US"], RiskCategory.SanctionsTrade, 3, "ofac", Base.AddDays(6)) with
    {
        Regions = [new RegionLevel("Khuzestan", "Level 4", 4)],
        RawLevel = "Level 3",
        OfficialLevel = 3,
    };

    public static readonly RiskItem[] Corpus = [Zh1, Zh2, En1, En2, En3, En4];

    private static readonly string[] ZhWords = ["边境", "局势", "紧张", "军队", "部署", "抗议", "活动", "持续", "经济", "制裁", "通胀", "上升", "地震", "救援", "疫情", "防控", "选举", "政府", "安全", "提醒"];
    private static readonly string[] EnWords = ["border", "tension", "troops", "deployed", "protest", "continued", "economy", "sanctions", "inflation", "rising", "earthquake", "rescue", "outbreak", "control", "election", "government", "security", "warning", "capital", "region"];
    private static readonly string[] Countries = ["FR", "DE", "CN", "US", "IR", "AF", "BD", "NG", "BR", "IN"];

    /// <summary>Synthetic ~1 KB items, alternately Chinese and English, for paging and ingest measurements.</summary>
    public static RiskItem Synthetic(int n, string prefix = "s", int bytes = 1000)
    {
        var rnd = new Random(n);
        var zh = n % 2 == 0;
        var words = zh ? ZhWords : EnWords;
        var sb = new System.Text.StringBuilder();
        while (System.Text.Encoding.UTF8.GetByteCount(sb.ToString()) < bytes)
        {
            sb.Append(words[rnd.Next(words.Length)]);
            if (!zh) sb.Append(' ');
            if (rnd.Next(10) == 0) sb.Append(zh ? "。" : ". ");
        }
        return Item($"{prefix}{n:D7}", (zh ? "风险提示 " : "Risk notice ") + words[rnd.Next(words.Length)] + " " + n, sb.ToString(), zh ? "zh" : "en",
            [Countries[rnd.Next(Countries.Length)]], (RiskCategory)rnd.Next(0, 11), rnd.Next(1, 6), "src" + rnd.Next(5),
            Base.AddMinutes(-rnd.Next(0, 60 * 24 * 90)));
    }
}

using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using RiskWatch.Core;
using RiskWatch.Core.Countries;
using RiskWatch.Scoring;

namespace RiskWatch.Bench;

/// <summary>
/// Deterministic synthetic data written for the benchmarks: risk texts from a small bilingual vocabulary of risk phrases,
/// a US State Department RSS feed and a 中国领事服务网 destinations export in their real formats. Nothing here is copied from the
/// reference captures; only the shape of the formats is followed.
/// </summary>
internal sealed class Synthetic(int seed)
{
    private readonly Random _rnd = new(seed);

    public static readonly Country[] Countries = CountryTable.All.Where(c => c.Fips is { Length: > 0 }).ToArray();

    private static readonly (RiskCategory Category, string[] En, string[] Zh)[] Phrases =
    [
        (RiskCategory.TerrorismSecurity,
            ["terrorist groups may attack with little or no warning", "a car bomb exploded near the central market", "security forces raised the terrorism threat level",
             "armed militants targeted a police checkpoint", "kidnapping of foreign nationals has been reported"],
            ["恐怖组织可能在几乎没有预警的情况下发动袭击", "中心市场附近发生汽车炸弹爆炸", "安全部门提高了恐怖袭击威胁等级", "武装分子袭击警察检查站", "发生针对外国公民的绑架事件"]),
        (RiskCategory.CivilUnrest,
            ["large demonstrations are expected in the capital", "protesters clashed with police near parliament", "a nationwide strike has disrupted transport",
             "curfews were imposed after violent protests", "avoid crowds and political rallies"],
            ["首都预计将举行大规模示威活动", "抗议者在议会附近与警方发生冲突", "全国性罢工导致交通中断", "暴力抗议后当局实施宵禁", "避免前往人群聚集地和政治集会"]),
        (RiskCategory.ArmedConflict,
            ["fighting between armed forces and rebel groups continues", "airstrikes hit several towns in the north", "landmines remain along the border",
             "the ceasefire collapsed after heavy shelling", "military operations are ongoing in the eastern provinces"],
            ["政府军与反政府武装之间的战斗仍在持续", "北部多个城镇遭到空袭", "边境地区仍有地雷", "激烈炮击后停火协议破裂", "东部省份的军事行动仍在进行"]),
        (RiskCategory.Crime,
            ["violent crime such as armed robbery is common", "express kidnappings target travellers at night", "pickpocketing is frequent on public transport",
             "gang violence has increased in urban areas", "credit card fraud is widespread"],
            ["持械抢劫等暴力犯罪较为常见", "夜间存在针对旅客的快速绑架", "公共交通工具上扒窃频发", "城市地区帮派暴力有所上升", "信用卡诈骗案件多发"]),
        (RiskCategory.NaturalDisaster,
            ["a strong earthquake struck the coastal region", "tropical cyclone warnings are in effect", "severe flooding has closed major roads",
             "the volcano alert level was raised", "wildfires are burning near populated areas"],
            ["沿海地区发生强烈地震", "热带气旋预警正在生效", "严重洪灾导致主要道路封闭", "火山预警级别已经提高", "山火正在居民区附近蔓延"]),
        (RiskCategory.Health,
            ["an outbreak of cholera has been confirmed", "dengue fever cases are rising sharply", "health authorities reported new mpox infections",
             "hospitals are overwhelmed by a measles epidemic", "vaccination is recommended before travel"],
            ["当地确认暴发霍乱疫情", "登革热病例急剧上升", "卫生部门报告新的猴痘感染病例", "麻疹疫情导致医院不堪重负", "建议出行前接种疫苗"]),
        (RiskCategory.Political,
            ["the government declared a state of emergency", "elections are scheduled amid political tension", "the cabinet resigned after a no-confidence vote",
             "a military coup was attempted in the capital", "opposition leaders were arrested"],
            ["政府宣布进入紧急状态", "选举将在政治紧张局势中举行", "内阁在不信任投票后集体辞职", "首都发生未遂军事政变", "多名反对派领导人被捕"]),
        (RiskCategory.EconomicFinancial,
            ["the currency fell sharply against the dollar", "inflation reached its highest level in decades", "banks limited cash withdrawals",
             "fuel shortages have caused long queues", "the sovereign debt rating was downgraded"],
            ["本币对美元大幅贬值", "通货膨胀率达到数十年来最高水平", "银行限制现金提取", "燃油短缺导致加油站排起长队", "主权债务评级遭下调"]),
        (RiskCategory.SanctionsTrade,
            ["new sanctions target the energy sector", "export controls were extended to electronic components", "assets of several entities were frozen",
             "import tariffs were raised on steel products", "shipping through the strait faces restrictions"],
            ["新一轮制裁针对能源行业", "出口管制范围扩大至电子元器件", "多家实体的资产被冻结", "钢铁产品进口关税上调", "海峡航运受到限制"]),
        (RiskCategory.RegulatoryLegal,
            ["a new data protection law takes effect next month", "foreign companies must register with the authorities", "visa rules for business travellers have changed",
             "the tax authority announced audits of foreign firms", "penalties for customs violations were increased"],
            ["新的数据保护法将于下月生效", "外国公司须向主管部门登记", "商务人员签证规定发生变化", "税务部门宣布对外资企业开展稽查", "海关违规处罚力度加大"]),
    ];

    private static readonly string[] EnAdvice =
    [
        "Travellers should monitor local media and follow the instructions of local authorities.",
        "Keep a low profile and stay aware of your surroundings.",
        "Enrol with your embassy and review your personal security plans.",
        "Carry identification at all times and avoid travelling at night.",
    ];

    private static readonly string[] ZhAdvice =
    [
        "提醒在当地的中国公民密切关注当地安全形势，加强安全防范。",
        "请保持低调，注意人身和财产安全。",
        "如遇紧急情况，请及时报警并联系中国驻当地使领馆寻求协助。",
        "出行时随身携带身份证件，避免夜间单独外出。",
    ];

    private static readonly string[] Sources = ["us-state-dept", "cn-mfa-destinations", "cn-mfa-alerts", "uk-fcdo", "gdelt", "gdacs", "who-don", "ca-travel"];

    public Country Country() => Countries[_rnd.Next(Countries.Length)];

    /// <summary>
    /// A labelled text of about 1 KB (Chinese for even <paramref name="i"/>) from one of <see cref="Publishers"/>, whose
    /// severity follows its category (armed conflict and terrorism high, other low) with noise, grouped by its country.
    /// </summary>
    public LabeledText Labelled(int i)
    {
        var zh = i % 2 == 0;
        var c = Country();
        var (title, text, category) = Text(c, zh, 1000);
        int baseLevel = category switch
        {
            RiskCategory.ArmedConflict or RiskCategory.TerrorismSecurity => 5,
            RiskCategory.CivilUnrest or RiskCategory.Crime or RiskCategory.NaturalDisaster => 4,
            RiskCategory.Other => 1,
            _ => 2,
        };
        var level = RiskLevels.Clamp(baseLevel + (_rnd.Next(5) == 0 ? _rnd.Next(3) - 1 : 0));
        return new LabeledText(title, text, zh ? "zh" : "en", level, category, c.Iso2, Publishers[i % Publishers.Length]);
    }

    /// <summary>The three publishers whose texts the severity head has per-publisher heads for in the shared captures.</summary>
    public static readonly string[] Publishers = ["us-state-dept", "au-smartraveller", "cn-mfa-destinations"];

    /// <summary>
    /// Indicators for every country in the shape `train` reads from the World Bank and peace-index files (made-up values
    /// in realistic ranges, some missing), so a model of the kind `train` ships has a country context to weigh.
    /// </summary>
    public static Dictionary<string, IReadOnlyDictionary<string, double>> Indicators()
    {
        var rnd = new Random(17);
        string[] wgi = ["CC.EST", "GE.EST", "PV.EST", "RL.EST", "RQ.EST", "VA.EST"];
        var result = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        foreach (var c in Countries)
        {
            var d = wgi.ToDictionary(k => k, _ => rnd.NextDouble() * 5 - 2.5);
            d["NY.GDP.PCAP.CD"] = Math.Pow(10, 2.5 + rnd.NextDouble() * 2.5);
            if (rnd.Next(4) > 0) { d["IEP.GPI"] = 1 + rnd.NextDouble() * 2.5; d["IEP.GTI"] = rnd.NextDouble() * 9; d["IEP.PPI"] = 1.4 + rnd.NextDouble() * 3; }
            result[c.Iso2] = d;
        }
        return result;
    }

    public int Next(int max) => _rnd.Next(max);

    /// <summary>An item text about one country and one category, of about <paramref name="targetBytes"/> UTF-8 bytes.</summary>
    public (string Title, string Text, RiskCategory Category) Text(Country c, bool zh, int targetBytes)
    {
        var (cat, en, zhp) = Phrases[_rnd.Next(Phrases.Length)];
        var phrases = zh ? zhp : en;
        var name = zh ? c.NameZh : c.NameEn;
        var title = zh ? $"{name}：{phrases[_rnd.Next(phrases.Length)]}" : $"{name}: {Cap(phrases[_rnd.Next(phrases.Length)])}";
        var sb = new StringBuilder(targetBytes);
        int bytes = 0;
        while (bytes < targetBytes)
        {
            string sentence;
            var r = _rnd.Next(10);
            if (r < 6)
            {
                // Mostly the item's own category, sometimes a neighbouring one, as real reports mix risks.
                var p = r < 5 ? phrases : (zh ? Phrases[_rnd.Next(Phrases.Length)].Zh : Phrases[_rnd.Next(Phrases.Length)].En);
                var day = _rnd.Next(1, 29);
                sentence = zh ? $"{_rnd.Next(1, 13)}月{day}日，{name}{p[_rnd.Next(p.Length)]}。" : $"On {day} {Month()}, {p[_rnd.Next(p.Length)]} in {name}. ";
            }
            else
            {
                sentence = zh ? ZhAdvice[_rnd.Next(ZhAdvice.Length)] : EnAdvice[_rnd.Next(EnAdvice.Length)] + " ";
            }
            sb.Append(sentence);
            bytes += Encoding.UTF8.GetByteCount(sentence);
        }
        return (title, sb.ToString().TrimEnd(), cat);
    }

    private string Month() => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(_rnd.Next(1, 13));

    private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>A ready-to-index item: half Chinese, half English, about 1 KB of title and text.</summary>
    public RiskItem Item(long n, DateTimeOffset now)
    {
        var zh = n % 2 == 0;
        var c = Country();
        var countries = _rnd.Next(10) == 0 ? new[] { c.Iso2, Country().Iso2 }.Distinct().ToArray() : [c.Iso2];
        var (title, text, cat) = Text(c, zh, 1000);
        var level = 1 + _rnd.Next(5);
        var source = Sources[_rnd.Next(Sources.Length)];
        return new RiskItem
        {
            Id = $"{source}-{n:x12}",
            Source = source,
            Title = title,
            Url = $"https://example.test/{source}/{n}",
            Text = text,
            Published = now.AddMinutes(-_rnd.Next(0, 365 * 24 * 60)),
            Collected = now,
            Level = level,
            OfficialLevel = _rnd.Next(3) == 0 ? level : null,
            Countries = countries,
            Language = zh ? "zh" : "en",
            Category = cat,
            Severity = level,
            Confidence = 0.8,
            ModelVersion = "bench",
            ContentHash = ItemIds.ContentHash(title, text, null),
        };
    }

    private static readonly string[] UsLabels = ["", "Exercise Normal Precautions", "Exercise Increased Caution", "Reconsider Travel", "Do Not Travel"];

    /// <summary>A US State Department advisories feed (RSS 2.0, FIPS Country-Tag, Threat-Level category, CDATA HTML description) with <paramref name="items"/> items.</summary>
    public string UsFeed(int items, int firstId, DateTimeOffset now)
    {
        var sb = new StringBuilder(items * 1800);
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\" version=\"2.0\">\n<channel>\n")
          .Append("<title>travel.state.gov: Travel Advisories</title>\n<link>https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories.html</link>\n")
          .Append("<description>Travel Advisories</description>\n")
          .Append(CultureInfo.InvariantCulture, $"<pubDate>{now:ddd, dd MMM yyyy HH:mm:ss} GMT</pubDate>\n");
        for (int i = 0; i < items; i++) sb.Append(UsItem(Country(), firstId + i, 1 + _rnd.Next(4), now));
        sb.Append("</channel>\n</rss>\n");
        return sb.ToString();
    }

    public string UsItem(Country c, int id, int level, DateTimeOffset now)
    {
        var (_, text, _) = Text(c, zh: false, 700);
        var slug = c.NameEn.ToLowerInvariant().Replace(' ', '-').Replace(',', '-');
        var link = $"https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories/{Uri.EscapeDataString(slug)}-{id}-travel-advisory.html";
        var regions = level >= 3
            ? $"<p><b>Do Not Travel to:</b></p>\n<ul>\n<li>The northern border area due to <b>armed conflict</b>.</li>\n<li>The {Month()} district due to <b>terrorism</b>.</li>\n</ul>\n"
            : "";
        var label = $"Level {level}: {UsLabels[level]}";
        return $"""
            <item>
            <title>{SecurityElement.Escape(c.NameEn)} - {label}</title>
            <link>{SecurityElement.Escape(link)}</link>
            <pubDate>{now:ddd, dd MMM yyyy}</pubDate>
            <description><![CDATA[<p><b>{UsLabels[level]}</b> in <b>{c.NameEn}</b>.</p>
            <p><b>Advisory summary<br></b>{text}</p>
            {regions}<p>If you decide to travel to {c.NameEn}:</p>
            <ul><li>Monitor local media for breaking news.&nbsp;Be prepared to adjust your plans.</li><li>Enroll in the <a href="https://step.state.gov/step/">Smart Traveler Enrollment Program</a>.</li></ul>]]></description>
            <category domain="Threat-Level">{label}</category>
            <category domain="Country-Tag">{c.Fips}</category>
            <category domain="Keyword">advisory</category>
            <guid>{SecurityElement.Escape(link)}</guid>
            <dc:identifier>{c.Fips},advisory</dc:identifier>
            </item>

            """;
    }

    private static readonly string[] Colours = ["蓝色（低风险）", "黄色（中风险）", "橙色（高风险）", "红色（极高风险）"];

    /// <summary>A 了解目的地 export (<c>countries[].travelRiskSafety</c>) with <paramref name="items"/> destinations.</summary>
    public string ChinaDestinations(int items, int firstId)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("source", "https://cs.mfa.gov.cn/zggmcg/ljmdd/");
            w.WriteNumber("countryCount", items);
            w.WriteStartArray("countries");
            for (int i = 0; i < items; i++)
            {
                var c = Country();
                var colour = _rnd.Next(4);
                var (_, text, _) = Text(c, zh: true, 600);
                string risk = colour >= 2
                    ? $"{c.NameZh}现有{Colours[colour]}地区1个，其他地区均为{Colours[colour - 1]}。具体如下：一、{Colours[colour][..2]}地区：北部边境省、东部沿海省。{text}"
                    : $"{c.NameZh}风险等级为{Colours[colour]}。{text}";
                w.WriteStartObject();
                w.WriteString("regionName", "亚洲");
                w.WriteString("countryName", c.NameZh);
                w.WriteString("countryUrl", $"https://cs.mfa.gov.cn/zggmcg/ljmdd/yz_645708/c{firstId + i}_{600000 + firstId + i}/");
                w.WriteStartObject("travelRiskSafety");
                w.WriteString("heading", "旅行风险等级和安全提醒");
                w.WriteString("text", risk);
                w.WriteEndObject();
                w.WriteStartObject("safetyPrecautions");
                w.WriteString("heading", "安全防范");
                w.WriteString("text", ZhAdvice[_rnd.Next(ZhAdvice.Length)] + ZhAdvice[_rnd.Next(ZhAdvice.Length)]);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }
}

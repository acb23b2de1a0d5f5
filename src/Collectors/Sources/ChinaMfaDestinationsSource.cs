using System.Text.Json;
using System.Text.RegularExpressions;
using RiskWatch.Collectors.Parsing;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Sources;

/// <summary>
/// 中国领事服务网 了解目的地: the 旅行风险等级 colour per country and per region. Reads the destination pages
/// (<c>div#con_a_7</c>, country name in <c>dd.text</c>) and the scraped JSON export of them (<c>countries[].travelRiskSafety</c>).
/// The country's raw level is the first colour stated; the regions with their colours are listed, "其他地区" being the baseline.
/// </summary>
internal sealed partial class ChinaMfaDestinationsSource(Uri? url = null) : SourceBase(SourceId, url ?? DefaultUrl)
{
    public const string SourceId = "cn-mfa-destinations";
    public static readonly Uri DefaultUrl = new("https://cs.mfa.gov.cn/zggmcg/ljmdd/");

    /// <summary>Most country pages fetched in one run (politeness towards one government host).</summary>
    public int MaxPages { get; init; } = 260;

    public override bool Recognizes(string content)
    {
        var head = Head(content, 200_000);
        return head.Contains("\"travelRiskSafety\"", StringComparison.Ordinal) || head.Contains("con_a_7", StringComparison.Ordinal);
    }

    protected override IReadOnlyList<CollectedItem> ParseCore(string content, Uri? location)
    {
        var t = content.TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (t.StartsWith('{') || t.StartsWith('[')) return ParseJson(content);
        if (t.StartsWith('<')) return ParsePage(content, location) is { } item ? [item] : throw new SourceFormatException("destination page without a 旅行风险等级 section (div#con_a_7)");
        throw new SourceFormatException($"neither a destination page nor its JSON export (starts with \"{Xml.Preview(t)}\")");
    }

    private static List<CollectedItem> ParseJson(string content)
    {
        using var doc = Json.Load(content, "destination export");
        var root = doc.RootElement;
        var countries = root.ValueKind == JsonValueKind.Array ? root : root.Prop("countries") ?? throw new SourceFormatException("destination export without a \"countries\" array");
        if (countries.ValueKind != JsonValueKind.Array) throw new SourceFormatException("\"countries\" is not an array");
        var items = new List<CollectedItem>();
        foreach (var c in countries.EnumerateArray())
        {
            var name = Html.Decode(c.Str("countryName"));
            var risk = c.Prop("travelRiskSafety");
            var riskText = risk is { } r ? (r.Str("text") is { Length: > 0 } tx ? tx : Html.ToText(r.Str("html"))) : "";
            if (name.Length == 0 || riskText.Length == 0) continue;
            var safety = c.Prop("safetyPrecautions") is { } s ? s.Str("text") ?? Html.ToText(s.Str("html")) : null;
            var heading = risk?.Str("heading") ?? "旅行风险等级和安全提醒";
            items.Add(Build(name, c.Str("countryUrl") ?? "", heading, riskText, safety, c.Str("regionName")));
        }
        return items;
    }

    private static CollectedItem? ParsePage(string html, Uri? location)
    {
        var doc = Html.Parse(html);
        var section = doc.QuerySelector("#con_a_7");
        if (section is null) return null;
        var body = section.QuerySelector(".chnlnamecon") ?? section;
        var heading = Html.Squash(section.QuerySelector(".chnlname")?.TextContent) is { Length: > 0 } h ? h : "旅行风险等级和安全提醒";
        var name = Html.Squash(doc.QuerySelector("dd.text")?.TextContent);
        if (name.Length == 0) name = Html.Squash(doc.Title).Split(['-', '_', '|'])[0].Trim();
        var safety = doc.QuerySelector("#con_a_3 .chnlnamecon") is { } s ? Html.ElementText(s) : null;
        return Build(name, location?.ToString() ?? "", heading, Html.ElementText(body), safety, null);
    }

    private static CollectedItem Build(string name, string url, string heading, string riskText, string? safety, string? continent)
    {
        var (raw, regions) = ReadColours(riskText);
        var country = CountryTable.ByName(name);
        var extra = new Dictionary<string, string> { ["countryName"] = name };
        if (continent is { Length: > 0 }) extra["continent"] = continent;
        if (regions.FirstOrDefault(r => r.Region == Baseline) is { } b) extra["baseline"] = b.RawLevel;
        return new CollectedItem
        {
            Source = SourceId,
            SourceItemId = url.Length > 0 ? url : name,
            Title = $"{name}{heading}",
            Url = url,
            Text = safety is { Length: > 0 } ? riskText + "\n\n" + safety : riskText,
            RawLevel = raw,
            Level = Crosswalk.ChinaColour(raw),
            Countries = country is null ? [] : [country.Iso2],
            Language = "zh",
            Regions = regions,
            Extra = extra,
        };
    }

    internal const string Baseline = "其他地区";

    /// <summary>The first colour stated (with its bracketed label) and the regions listed under each colour.</summary>
    internal static (string? Raw, IReadOnlyList<RegionLevel> Regions) ReadColours(string text)
    {
        var first = Colour().Match(text);
        string? raw = first.Success ? first.Value.Trim() : null;
        var regions = new List<RegionLevel>();
        foreach (Match m in RegionList().Matches(text))
        {
            var colour = m.Groups[1].Value + "色";
            var level = Crosswalk.ChinaColour(colour) ?? 0;
            foreach (var area in SplitAreas(m.Groups[2].Value))
            {
                var region = area.StartsWith(Baseline, StringComparison.Ordinal) ? Baseline : area;
                if (!regions.Any(r => r.Region == region)) regions.Add(new RegionLevel(region, colour, level));
            }
        }
        var baseline = BaselineColour().Match(text);
        if (baseline.Success && !regions.Any(r => r.Region == Baseline))
        {
            var colour = baseline.Groups[1].Value + "色";
            regions.Add(new RegionLevel(Baseline, colour, Crosswalk.ChinaColour(colour) ?? 0));
        }
        return (raw, regions);
    }

    /// <summary>Splits "实皆省、马圭省、钦邦" on 、 outside brackets (full-width or ASCII).</summary>
    private static IEnumerable<string> SplitAreas(string list)
    {
        int depth = 0, start = 0;
        for (int i = 0; i <= list.Length; i++)
        {
            char c = i < list.Length ? list[i] : '、';
            if (c is '（' or '(') depth++;
            else if (c is '）' or ')') depth = Math.Max(0, depth - 1);
            else if (c == '、' && depth == 0)
            {
                var part = list[start..i].Trim(' ', '\u2002', '\u3000', '，', ',', '；', ';');
                if (part.Length > 0) yield return part;
                start = i + 1;
            }
        }
    }

    public override async Task<IReadOnlyList<CollectedItem>> CollectAsync(IFetcher fetcher, CancellationToken ct)
    {
        // The index links the continents, each continent page links its countries.
        var index = await fetcher.GetAsync(Url, ct);
        if (index.NotModified) return [];
        if (Recognizes(index.Content)) return Parse(index.Content, index.Url);
        var continents = Links(index.Content, index.Url, ContinentLink()).ToList();
        if (continents.Count == 0) throw new SourceFormatException("the destination index links no continent pages");
        var countryPages = new List<Uri>();
        foreach (var continent in continents)
        {
            var page = await fetcher.GetAsync(continent, ct);
            if (page.NotModified) continue;
            countryPages.AddRange(Links(page.Content, page.Url, CountryLink()).Where(u => u.AbsolutePath.StartsWith(continent.AbsolutePath, StringComparison.Ordinal) && u.AbsolutePath != continent.AbsolutePath));
        }
        var items = new List<CollectedItem>();
        foreach (var pageUrl in countryPages.Distinct().Take(MaxPages))
        {
            var page = await fetcher.GetAsync(pageUrl, ct);
            if (page.NotModified) continue;
            if (ParsePage(page.Content, page.Url) is { } item) items.Add(item);
        }
        return items;
    }

    private static IEnumerable<Uri> Links(string html, Uri baseUrl, Regex pattern)
    {
        var doc = Html.Parse(html);
        foreach (var a in doc.QuerySelectorAll("a[href]"))
        {
            var href = a.GetAttribute("href");
            if (string.IsNullOrEmpty(href) || !Uri.TryCreate(baseUrl, href, out var u)) continue;
            if (u.Host == baseUrl.Host && pattern.IsMatch(u.AbsolutePath)) yield return u;
        }
    }

    [GeneratedRegex(@"[红橙黄蓝]色\s*(?:[（(][^）)]{1,8}[）)])?")]
    private static partial Regex Colour();

    [GeneratedRegex(@"([红橙黄蓝])色地区\s*[：:]\s*([^。\n]+)")]
    private static partial Regex RegionList();

    [GeneratedRegex(@"其他地区(?:均)?为([红橙黄蓝])色")]
    private static partial Regex BaselineColour();

    [GeneratedRegex(@"/ljmdd/[a-z]+_\d+/?$")]
    private static partial Regex ContinentLink();

    [GeneratedRegex(@"/ljmdd/[a-z]+_\d+/[a-z0-9]+_\d+/?$")]
    private static partial Regex CountryLink();
}

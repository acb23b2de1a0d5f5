using System.Globalization;
using System.Text.RegularExpressions;
using RiskWatch.Collectors.Parsing;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Sources;

/// <summary>
/// 中国领事服务网 领事预警 / 安全提醒: the RSS channel, the HTML list pages (article links <c>…/YYYYMM/tYYYYMMDD_N.shtml</c>) and the
/// article pages. Level from the verbs 暂勿前往 / 谨慎前往 / 注意安全; "有效期至YYYY年M月D日" kept as <c>validUntil</c>; countries from the gazetteer.
/// </summary>
internal sealed partial class ChinaMfaAlertsSource(Uri? url = null) : SourceBase(SourceId, url ?? DefaultUrl)
{
    public const string SourceId = "cn-mfa-alerts";
    public static readonly Uri DefaultUrl = new("https://cs.mfa.gov.cn/gyls/lsgz/lsyj/rss_57447.xml");

    /// <summary>Most articles followed from one list page.</summary>
    public int MaxArticles { get; init; } = 20;

    public override bool Recognizes(string content)
    {
        var head = Head(content, 50_000);
        bool mfa = head.Contains("cs.mfa.gov.cn", StringComparison.Ordinal) || head.Contains("中国领事服务网", StringComparison.Ordinal) || head.Contains("领事", StringComparison.Ordinal);
        bool alert = head.Contains("安全提醒", StringComparison.Ordinal) || head.Contains("领事预警", StringComparison.Ordinal) || head.Contains("提醒中国公民", StringComparison.Ordinal);
        return mfa && alert && !head.Contains("con_a_7", StringComparison.Ordinal);
    }

    protected override IReadOnlyList<CollectedItem> ParseCore(string content, Uri? location)
    {
        var t = content.TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (t.StartsWith("<?xml", StringComparison.Ordinal) || t.StartsWith("<rss", StringComparison.Ordinal)) return ParseRss(content);
        if (!t.StartsWith('<')) throw new SourceFormatException($"not an alert list, article or RSS (starts with \"{Xml.Preview(t)}\")");
        var list = ParseList(content, location ?? Url);
        if (list.Count > 0) return list;
        return ParseArticle(content, location ?? Url) is { } a ? [a] : throw new SourceFormatException("HTML page with neither alert links nor an alert article");
    }

    private static List<CollectedItem> ParseRss(string content)
    {
        var doc = Xml.Load(content, "领事预警 RSS");
        var channel = doc.Root?.Element("channel") ?? throw new SourceFormatException("RSS feed without <channel>");
        var items = new List<CollectedItem>();
        foreach (var it in channel.Elements("item"))
        {
            var title = Html.Decode(it.Child("title"));
            var link = it.Child("link")?.Trim() ?? "";
            if (title.Length == 0) continue;
            items.Add(Build(title, link, Html.ToText(it.Child("description")), Dates.Parse(it.Child("pubDate")) ?? DateFromUrl(link)));
        }
        return items;
    }

    private static List<CollectedItem> ParseList(string html, Uri baseUrl)
    {
        var doc = Html.Parse(html);
        var items = new List<CollectedItem>();
        foreach (var a in doc.QuerySelectorAll("a[href]"))
        {
            var href = a.GetAttribute("href") ?? "";
            if (!ArticleLink().IsMatch(href) || !Uri.TryCreate(baseUrl, href, out var u)) continue;
            var title = Html.Squash(a.GetAttribute("title") is { Length: > 0 } ti ? ti : a.TextContent);
            if (title.Length == 0 || items.Any(i => i.Url == u.ToString())) continue;
            var dateText = Html.Squash(a.ParentElement?.TextContent);
            var date = IsoDate().Match(dateText) is { Success: true } dm ? Dates.Parse(dm.Value) : DateFromUrl(u.ToString());
            items.Add(Build(title, u.ToString(), "", date));
        }
        return items;
    }

    private static CollectedItem? ParseArticle(string html, Uri location)
    {
        var doc = Html.Parse(html);
        var title = Html.Squash((doc.QuerySelector("h1") ?? doc.QuerySelector(".title") ?? doc.QuerySelector("title"))?.TextContent);
        var body = doc.QuerySelector(".TRS_Editor, #News_Body_Txt_A, .content, article") ?? doc.Body;
        var text = Html.ElementText(body);
        if (title.Length == 0 || !Verb().IsMatch(title + text)) return null;
        return Build(title, location.ToString(), text, DateFromUrl(location.ToString()) ?? (IsoDate().Match(text) is { Success: true } m ? Dates.Parse(m.Value) : null));
    }

    internal static CollectedItem Build(string title, string url, string text, DateTimeOffset? published)
    {
        // The title states the advice; the body may quote milder advice for other areas.
        var verb = StrongestVerb(title) ?? StrongestVerb(text);
        var extra = new Dictionary<string, string>();
        var valid = ValidUntil().Match(title + "\n" + text);
        if (valid.Success)
        {
            extra["validUntilText"] = valid.Value;
            if (Dates.Parse(valid.Groups[1].Value) is { } d) extra["validUntil"] = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        // "中国公民" is in every alert: China is the reader, never the subject.
        var countries = Gazetteer.Countries(title, text).Where(c => c != "CN").ToList();
        return new CollectedItem
        {
            Source = SourceId,
            SourceItemId = url.Length > 0 ? url : title,
            Title = title,
            Url = url,
            Text = text,
            Published = published,
            RawLevel = verb,
            Level = verb is null ? null : Crosswalk.ChinaColour(verb),
            Countries = countries,
            Language = "zh",
            Extra = extra,
        };
    }

    private static string? StrongestVerb(string text) =>
        text.Contains("暂勿前往", StringComparison.Ordinal) ? "暂勿前往"
        : text.Contains("谨慎前往", StringComparison.Ordinal) ? "谨慎前往"
        : text.Contains("注意安全", StringComparison.Ordinal) ? "注意安全"
        : null;

    private static DateTimeOffset? DateFromUrl(string url) =>
        UrlDate().Match(url) is { Success: true } m ? Dates.Parse(m.Groups[1].Value) : null;

    public override async Task<IReadOnlyList<CollectedItem>> CollectAsync(IFetcher fetcher, CancellationToken ct)
    {
        var first = await fetcher.GetAsync(Url, ct);
        if (first.NotModified) return [];
        var items = Parse(first.Content, first.Url).ToList();
        var t = first.Content.TrimStart();
        if (t.StartsWith("<?xml", StringComparison.Ordinal) || t.StartsWith("<rss", StringComparison.Ordinal)) return items;
        // A list page gives titles only: read the articles for the text and the validity date.
        for (int i = 0; i < items.Count && i < MaxArticles; i++)
        {
            if (!Uri.TryCreate(items[i].Url, UriKind.Absolute, out var u) || u == first.Url) continue;
            try
            {
                var page = await fetcher.GetAsync(u, ct);
                if (page.NotModified) continue;
                if (ParseArticle(page.Content, page.Url) is { } article)
                    items[i] = article with { Title = items[i].Title, Published = items[i].Published ?? article.Published };
            }
            catch (Exception ex) when (ex is SourceFetchException or SourceFormatException)
            {
                // The list entry (title, link, level from the title) stays; one article failing does not lose the list.
            }
        }
        return items;
    }

    [GeneratedRegex(@"有效期至\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")]
    private static partial Regex ValidUntil();

    [GeneratedRegex(@"暂勿前往|谨慎前往|注意安全")]
    private static partial Regex Verb();

    [GeneratedRegex(@"t\d{8}_\d+\.s?html?$")]
    private static partial Regex ArticleLink();

    [GeneratedRegex(@"/t(\d{8})_\d+")]
    private static partial Regex UrlDate();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();
}

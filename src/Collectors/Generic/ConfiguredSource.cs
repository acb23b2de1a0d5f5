using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using AngleSharp.Dom;
using RiskWatch.Collectors.Parsing;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Generic;

/// <summary>
/// A source defined only in configuration (<c>RiskWatch:Sources:&lt;id&gt;:Kind</c> = rss | json | html): the analyst gives the URL and
/// the field paths or CSS selectors; countries come from a field, a fixed list or the gazetteer; the level from a field or <see cref="SourceOptions.LevelMap"/>.
/// </summary>
internal sealed class ConfiguredSource : ISource
{
    private readonly SourceOptions _o;
    private readonly Uri _url;

    public ConfiguredSource(string id, SourceOptions options)
    {
        Id = id;
        _o = options;
        Kind = (options.Kind ?? "").Trim().ToLowerInvariant();
        if (Kind is not ("rss" or "json" or "html")) throw new ArgumentException($"source {id}: Kind must be rss, json or html, not \"{options.Kind}\"");
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url)) throw new ArgumentException($"source {id}: Url \"{options.Url}\" is not an absolute URL");
        if (Kind == "html" && string.IsNullOrWhiteSpace(options.Item)) throw new ArgumentException($"source {id}: an html source needs an Item selector");
        _url = url;
    }

    public string Id { get; }
    public string Kind { get; }

    /// <summary>Configured sources are only used by id, never guessed from content.</summary>
    public bool Recognizes(string content) => false;

    public IReadOnlyList<CollectedItem> Parse(string content, Uri? location = null)
    {
        try
        {
            return Kind switch
            {
                "rss" => ParseFeed(content ?? ""),
                "json" => ParseJson(content ?? ""),
                _ => ParseHtml(content ?? "", location ?? _url),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or KeyNotFoundException or ArgumentException)
        {
            throw new SourceFormatException($"unexpected structure for {Id}: {ex.Message}", ex);
        }
    }

    public async Task<IReadOnlyList<CollectedItem>> CollectAsync(IFetcher fetcher, CancellationToken ct)
    {
        var r = await fetcher.GetAsync(_url, ct);
        if (r.NotModified) return [];
        var items = Parse(r.Content, r.Url).ToList();
        if (!_o.FollowLinks || Kind == "json") return items;
        for (int i = 0; i < items.Count && i < _o.MaxFollow; i++)
        {
            if (!Uri.TryCreate(items[i].Url, UriKind.Absolute, out var u)) continue;
            try
            {
                var page = await fetcher.GetAsync(u, ct);
                if (page.NotModified) continue;
                var doc = Html.Parse(page.Content);
                var body = doc.QuerySelector(string.IsNullOrWhiteSpace(_o.ArticleBody) ? "article, main, .content, body" : _o.ArticleBody);
                var text = Html.ElementText(body);
                if (text.Length > 0) items[i] = Finish(items[i].Title, items[i].Url, text, items[i].Published, items[i].RawLevel, items[i].Countries);
            }
            catch (SourceFetchException)
            {
                // The list entry stays, with its list text; one article page failing does not fail the source.
            }
        }
        return items;
    }

    private List<CollectedItem> ParseFeed(string content)
    {
        var doc = Xml.Load(content, "RSS or Atom feed");
        var root = doc.Root!;
        var entries = root.Name.LocalName switch
        {
            "rss" => root.Element("channel")?.Elements("item") ?? [],
            "RDF" => root.Elements().Where(e => e.Name.LocalName == "item"),
            "feed" => root.Elements().Where(e => e.Name.LocalName == "entry"),
            _ => throw new SourceFormatException($"not an RSS or Atom feed: root element is <{root.Name.LocalName}>"),
        };
        var items = new List<CollectedItem>();
        foreach (var e in entries)
        {
            var title = Html.Decode(e.Child("title"));
            var link = e.Child("link") is { Length: > 0 } l ? l.Trim()
                : e.Elements().FirstOrDefault(x => x.Name.LocalName == "link" && ((string?)x.Attribute("rel") ?? "alternate") == "alternate")?.Attribute("href")?.Value ?? "";
            var body = e.Child("description") ?? e.Child("encoded") ?? e.Child("content") ?? e.Child("summary") ?? "";
            var date = Dates.Parse(e.Child("pubDate") ?? e.Child("published") ?? e.Child("updated") ?? e.Child("date"));
            if (title.Length == 0 && link.Length == 0) continue;
            items.Add(Finish(title, link, Html.ToText(body), date, null, null));
        }
        return items;
    }

    private List<CollectedItem> ParseJson(string content)
    {
        using var doc = Json.Load(content, "JSON document");
        var array = doc.RootElement.Path(_o.Item) ?? throw new SourceFormatException($"no \"{_o.Item}\" in the JSON document");
        if (array.ValueKind != JsonValueKind.Array) throw new SourceFormatException($"\"{_o.Item}\" is not an array");
        var items = new List<CollectedItem>();
        foreach (var e in array.EnumerateArray())
        {
            var title = Html.Decode(Value(e, _o.Title ?? "title"));
            if (title.Length == 0) continue;
            var link = Value(e, _o.Link ?? "url") ?? "";
            var body = Value(e, _o.Body ?? "body");
            var date = Dates.Parse(Value(e, _o.Date ?? "date"));
            var raw = _o.Level is { Length: > 0 } lp ? Value(e, lp) : null;
            List<string>? countries = null;
            if (_o.Country is { Length: > 0 } cp && e.Path(cp) is { } cv)
            {
                var values = cv.ValueKind == JsonValueKind.Array ? cv.EnumerateArray().Select(Json.AsString) : [Json.AsString(cv)];
                countries = values.Select(CountryTable.Resolve).OfType<Country>().Select(c => c.Iso2).Distinct().ToList();
            }
            items.Add(Finish(title, link, Html.ToText(body), date, raw, countries));
        }
        return items;
    }

    private static string? Value(JsonElement e, string path) => e.Path(path) is { } v ? Json.AsString(v) : null;

    private List<CollectedItem> ParseHtml(string content, Uri baseUrl)
    {
        if (string.IsNullOrWhiteSpace(content)) throw new SourceFormatException("empty response: no HTML page");
        var doc = Html.Parse(content);
        IHtmlCollection<IElement> nodes;
        try
        {
            nodes = doc.QuerySelectorAll(_o.Item!);
        }
        catch (AngleSharp.Dom.DomException ex)
        {
            throw new SourceFormatException($"the Item selector \"{_o.Item}\" is not valid CSS", ex);
        }
        var items = new List<CollectedItem>();
        foreach (var node in nodes)
        {
            var titleEl = string.IsNullOrWhiteSpace(_o.Title) ? node : node.QuerySelector(_o.Title);
            var title = Html.Squash(titleEl?.TextContent);
            var anchor = node.QuerySelector(string.IsNullOrWhiteSpace(_o.Link) ? "a[href]" : _o.Link) ?? (node.LocalName == "a" ? node : null);
            var href = anchor?.GetAttribute("href");
            var link = href is { Length: > 0 } && Uri.TryCreate(baseUrl, href, out var u) ? u.ToString() : "";
            var dateEl = string.IsNullOrWhiteSpace(_o.Date) ? null : node.QuerySelector(_o.Date);
            var date = Dates.Parse(dateEl?.GetAttribute("datetime") ?? dateEl?.TextContent);
            var body = string.IsNullOrWhiteSpace(_o.Body) ? "" : Html.ElementText(node.QuerySelector(_o.Body));
            var raw = string.IsNullOrWhiteSpace(_o.Level) ? null : Html.Squash(node.QuerySelector(_o.Level)?.TextContent);
            if (title.Length == 0) continue;
            items.Add(Finish(title, link, body, date, raw, null));
        }
        return items;
    }

    private CollectedItem Finish(string title, string link, string text, DateTimeOffset? published, string? raw, IReadOnlyList<string>? countries)
    {
        int? level = null;
        if (!string.IsNullOrWhiteSpace(raw))
        {
            level = MapLevel(raw) ?? Crosswalk.ChinaColour(raw) ?? Crosswalk.Gdacs(raw);
        }
        else if (_o.LevelMap.Count > 0)
        {
            // The first map key found in the title, else in the text, is the raw level.
            foreach (var where in new[] { title, text })
            {
                var hit = _o.LevelMap.OrderByDescending(p => p.Value).FirstOrDefault(p => where.Contains(p.Key, StringComparison.OrdinalIgnoreCase));
                if (hit.Key is not null) { raw = hit.Key; level = RiskLevels.Clamp(hit.Value); break; }
            }
        }
        var codes = _o.Countries.Count > 0
            ? _o.Countries.Select(CountryTable.Resolve).OfType<Country>().Select(c => c.Iso2).ToList()
            : countries is { Count: > 0 } ? countries : Gazetteer.Countries(title, text, 5);
        return new CollectedItem
        {
            Source = Id,
            SourceItemId = link.Length > 0 ? link : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(title)))[..16],
            Title = title,
            Url = link,
            Text = text,
            Published = published,
            RawLevel = string.IsNullOrWhiteSpace(raw) ? null : raw,
            Level = level,
            Countries = codes,
            Language = _o.Language ?? "",
        };
    }

    private int? MapLevel(string raw)
    {
        foreach (var (key, value) in _o.LevelMap.OrderByDescending(p => p.Key.Length))
            if (raw.Contains(key, StringComparison.OrdinalIgnoreCase)) return RiskLevels.Clamp(value);
        return null;
    }
}

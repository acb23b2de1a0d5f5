using System.Text.Json;
using System.Xml.Linq;
using RiskWatch.Collectors.Parsing;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Sources;

/// <summary>GDACS disaster alerts from the RSS feed (gdacs: namespace) or the GeoJSON feed (one Point_Centroid feature per event). Green / Orange / Red.</summary>
internal sealed class GdacsSource(Uri? url = null) : SourceBase(SourceId, url ?? DefaultUrl)
{
    public const string SourceId = "gdacs";
    public static readonly Uri DefaultUrl = new("https://www.gdacs.org/xml/rss.xml");

    public override bool Recognizes(string content)
    {
        var head = Head(content, 20000);
        return head.Contains("xmlns:gdacs", StringComparison.Ordinal)
            || (head.Contains("FeatureCollection", StringComparison.Ordinal) && head.Contains("\"alertlevel\"", StringComparison.Ordinal) && head.Contains("\"eventtype\"", StringComparison.Ordinal));
    }

    protected override IReadOnlyList<CollectedItem> ParseCore(string content, Uri? location)
    {
        var t = content.TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        return t.StartsWith('{') ? ParseGeoJson(content) : ParseRss(content);
    }

    private static List<CollectedItem> ParseRss(string content)
    {
        var doc = Xml.Load(content, "GDACS RSS feed");
        var channel = doc.Root?.Element("channel") ?? throw new SourceFormatException("RSS feed without <channel>");
        var items = new List<CollectedItem>();
        foreach (var it in channel.Elements("item"))
        {
            var type = it.Child("eventtype") ?? "";
            var eventId = it.Child("eventid") ?? "";
            var colour = it.Child("alertlevel")?.Trim();
            var iso3 = it.Child("iso3");
            var countryNames = it.Child("country") ?? "";
            var extra = new Dictionary<string, string> { ["eventType"] = type, ["eventId"] = eventId };
            Add(extra, "episodeId", it.Child("episodeid"));
            Add(extra, "alertScore", it.Child("alertscore"));
            Add(extra, "severity", it.Elements().FirstOrDefault(x => x.Name.LocalName == "severity") is XElement sev ? sev.Value : null);
            Add(extra, "population", it.Elements().FirstOrDefault(x => x.Name.LocalName == "population")?.Attribute("value")?.Value);
            Add(extra, "fromDate", it.Child("fromdate"));
            Add(extra, "toDate", it.Child("todate"));
            Add(extra, "point", it.Child("point"));
            var guid = it.Child("guid")?.Trim();
            items.Add(new CollectedItem
            {
                Source = SourceId,
                // One item per event: later episodes update it (and may change its colour).
                SourceItemId = type.Length > 0 && eventId.Length > 0 ? type + eventId : guid ?? it.Child("link") ?? "",
                Title = Html.Decode(it.Child("title")),
                Url = it.Child("link")?.Trim() ?? "",
                Text = Html.ToText(it.Child("description")),
                Published = Dates.Parse(it.Child("pubDate")),
                RawLevel = string.IsNullOrEmpty(colour) ? null : colour,
                Level = Crosswalk.Gdacs(colour),
                Countries = Countries(iso3, countryNames),
                Language = "en",
                Extra = extra,
            });
        }
        return items;
    }

    private static List<CollectedItem> ParseGeoJson(string content)
    {
        using var doc = Json.Load(content, "GDACS GeoJSON feed");
        var features = doc.RootElement.Prop("features") ?? throw new SourceFormatException("GeoJSON without \"features\"");
        var items = new List<CollectedItem>();
        var seen = new HashSet<string>();
        foreach (var f in features.EnumerateArray())
        {
            var p = f.Prop("properties");
            if (p is not { } props) continue;
            var type = props.Str("eventtype") ?? "";
            var eventId = props.Str("eventid") ?? "";
            var cls = props.Str("Class");
            // Polygons and tracks repeat the event: keep the centroid (or the first feature when no class is given).
            if (cls is { Length: > 0 } && !cls.StartsWith("Point", StringComparison.Ordinal)) continue;
            if (!seen.Add(type + eventId)) continue;
            var colour = props.Str("alertlevel");
            var extra = new Dictionary<string, string> { ["eventType"] = type, ["eventId"] = eventId };
            Add(extra, "episodeId", props.Str("episodeid"));
            Add(extra, "alertScore", props.Str("alertscore"));
            Add(extra, "severity", props.Str("severity"));
            Add(extra, "fromDate", props.Str("fromdate"));
            Add(extra, "toDate", props.Str("todate"));
            items.Add(new CollectedItem
            {
                Source = SourceId,
                SourceItemId = type + eventId,
                Title = $"{colour} alert: {Html.Decode(props.Str("name") ?? props.Str("description"))}",
                Url = props.Str("link") ?? (props.Path("url.report") is { } r ? Json.AsString(r) ?? "" : ""),
                Text = Html.ToText(props.Str("htmldescription") ?? props.Str("description")),
                Published = Dates.Parse(props.Str("fromdate")),
                RawLevel = colour,
                Level = Crosswalk.Gdacs(colour),
                Countries = Countries(props.Str("iso3"), props.Str("countrylist") ?? props.Str("country")),
                Language = "en",
                Extra = extra,
            });
        }
        return items;
    }

    private static IReadOnlyList<string> Countries(string? iso3, string? names)
    {
        var codes = new List<string>();
        foreach (var code in (iso3 ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
            if (CountryTable.ByIso3(code) is { } c) codes.Add(c.Iso2);
        if (codes.Count == 0 && !string.IsNullOrWhiteSpace(names))
        {
            foreach (var name in names.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (CountryTable.ByName(name) is { } c) codes.Add(c.Iso2);
        }
        return codes.Distinct().ToList();
    }

    private static void Add(Dictionary<string, string> extra, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) extra[key] = value.Trim();
    }
}

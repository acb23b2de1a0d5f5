using System.Globalization;
using System.Text.Json;
using RiskWatch.Collectors.Parsing;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Sources;

/// <summary>
/// Global Affairs Canada travel advisories: the index (<c>data.{ISO2}</c>) and the per-destination file (<c>data.country-iso</c>).
/// The raw level is the advisory-state digit 0–3; regional advisories come from <c>eng.advisories</c> (one AdvisoryContainer per area).
/// </summary>
internal sealed class CanadaTravelSource(Uri? url = null) : SourceBase(SourceId, url ?? DefaultUrl)
{
    public const string SourceId = "ca-travel";
    public static readonly Uri DefaultUrl = new("https://data.international.gc.ca/travel-voyage/index-alpha-eng.json");

    public override bool Recognizes(string content) => Head(content, 20000).Contains("\"advisory-state\"", StringComparison.Ordinal);

    protected override IReadOnlyList<CollectedItem> ParseCore(string content, Uri? location)
    {
        using var doc = Json.Load(content, "Canada travel advisory JSON");
        var data = doc.RootElement.Prop("data") ?? throw new SourceFormatException("Canada advisory JSON without \"data\"");
        if (data.ValueKind != JsonValueKind.Object) throw new SourceFormatException("\"data\" is not an object");
        var generated = doc.RootElement.Path("metadata.generated.timestamp") is { } ts && ts.TryGetInt64(out var g) ? Dates.FromEpoch(g) : null;
        if (data.Prop("country-iso") is { } iso)
            return [Build(Json.AsString(iso) ?? "", data, generated)];
        var items = new List<CollectedItem>();
        foreach (var p in data.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Object) continue;
            items.Add(Build(p.Name, p.Value, generated));
        }
        return items;
    }

    private static CollectedItem Build(string iso2, JsonElement e, DateTimeOffset? generated)
    {
        var eng = e.Prop("eng");
        var name = Html.Decode(eng?.Str("name")) is { Length: > 0 } n ? n : iso2;
        var state = e.Long("advisory-state");
        var advisoryText = Html.Decode(eng?.Str("advisory-text"));
        var slug = eng?.Str("url-slug");
        var published = e.Path("date-published.timestamp") is { } ts && ts.TryGetInt64(out var t) ? Dates.FromEpoch(t) : generated;
        var text = string.Join("\n\n", new[] { eng?.Str("recent-updates"), eng?.Str("advisories"), eng?.Str("security") }
            .Select(Html.ToText).Where(x => x.Length > 0));
        var extra = new Dictionary<string, string> { ["advisoryText"] = advisoryText };
        if (e.Long("has-regional-advisory") is 1) extra["hasRegionalAdvisory"] = "true";
        if ((e.Str("update-metadata") ?? e.Str("recent-updates-type")) is { Length: > 0 } upd) extra["updateType"] = upd;
        return new CollectedItem
        {
            Source = SourceId,
            SourceItemId = iso2,
            Title = advisoryText.Length > 0 ? $"{name}: {advisoryText}" : name,
            Url = slug is { Length: > 0 } ? $"https://travel.gc.ca/destinations/{slug}" : "",
            Text = text,
            Published = published,
            // The digit alone, exactly as the source states advisory-state.
            RawLevel = state?.ToString(CultureInfo.InvariantCulture),
            Level = state is long s ? Crosswalk.Canada((int)s) : null,
            Countries = CountryTable.ByIso2(iso2) is { } c ? [c.Iso2] : CountryTable.ByName(name) is { } byName ? [byName.Iso2] : [],
            Language = "en",
            Regions = Regions(eng?.Str("advisories"), name),
            Extra = extra,
        };
    }

    /// <summary>One <c>div.AdvisoryContainer</c> per area with <c>&lt;h3&gt;Area - Level text&lt;/h3&gt;</c>; the whole-country one is skipped.</summary>
    private static IReadOnlyList<RegionLevel> Regions(string? html, string country)
    {
        if (string.IsNullOrWhiteSpace(html)) return [];
        var doc = Html.Parse(html);
        var regions = new List<RegionLevel>();
        foreach (var div in doc.QuerySelectorAll("div.AdvisoryContainer"))
        {
            var h3 = Html.Squash(div.QuerySelector("h3")?.TextContent);
            var dash = h3.LastIndexOf(" - ", StringComparison.Ordinal);
            if (dash <= 0) continue;
            var area = h3[..dash].Trim();
            var levelText = h3[(dash + 3)..].Trim();
            if (area.Equals(country, StringComparison.OrdinalIgnoreCase) || div.ClassList.Contains("RegionalAdv")) continue;
            int? state = div.ClassList.Contains("AvoidAll") ? 3 : div.ClassList.Contains("AvoidNonEss") ? 2 : div.ClassList.Contains("ExHigh") ? 1 : div.ClassList.Contains("ExNormal") ? 0 : null;
            if (state is int st) regions.Add(new RegionLevel(area, levelText, Crosswalk.Canada(st) ?? 0));
        }
        return regions;
    }

    public override async Task<IReadOnlyList<CollectedItem>> CollectAsync(IFetcher fetcher, CancellationToken ct)
    {
        var index = await fetcher.GetAsync(Url, ct);
        if (index.NotModified) return [];
        var items = Parse(index.Content, index.Url).ToList();
        // The index has no regional detail: read the per-destination file where a regional advisory exists.
        for (int i = 0; i < items.Count; i++)
        {
            if (!items[i].Extra.ContainsKey("hasRegionalAdvisory")) continue;
            var detailUrl = new Uri(index.Url, $"cta-cap-{items[i].SourceItemId}.json");
            try
            {
                var detail = await fetcher.GetAsync(detailUrl, ct);
                if (!detail.NotModified && Parse(detail.Content, detail.Url) is [var full]) items[i] = full;
            }
            catch (Exception ex) when (ex is SourceFetchException or SourceFormatException)
            {
                // The index entry still holds the national level; one missing detail file must not lose the rest.
            }
        }
        return items;
    }
}

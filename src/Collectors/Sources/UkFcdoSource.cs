using System.Text.Json;
using System.Text.RegularExpressions;
using RiskWatch.Collectors.Parsing;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Sources;

/// <summary>
/// UK FCDO travel advice through the GOV.UK Content API: the index (<c>links.children</c>) and one content item per country
/// (<c>details.alert_status</c> codes → level; areas named in the warnings part → regions).
/// </summary>
internal sealed partial class UkFcdoSource(Uri? url = null) : SourceBase(SourceId, url ?? DefaultUrl)
{
    public const string SourceId = "uk-fcdo";
    public static readonly Uri DefaultUrl = new("https://www.gov.uk/api/content/foreign-travel-advice");
    private const string NoWarning = "no advice against travel";

    /// <summary>Most country documents fetched in one run.</summary>
    public int MaxCountries { get; init; } = 260;

    public override bool Recognizes(string content) => SchemaTravelAdvice().IsMatch(Head(content, 200_000).ToString());

    protected override IReadOnlyList<CollectedItem> ParseCore(string content, Uri? location)
    {
        using var doc = Json.Load(content, "GOV.UK travel advice content item");
        var root = doc.RootElement;
        var schema = root.Str("schema_name") ?? root.Str("document_type") ?? "";
        if (schema == "travel_advice") return [Country(root)];
        if (schema == "travel_advice_index") return Children(root).Select(c => IndexEntry(c)).OfType<CollectedItem>().ToList();
        throw new SourceFormatException($"GOV.UK content item of schema \"{schema}\", expected travel_advice or travel_advice_index");
    }

    private static IEnumerable<JsonElement> Children(JsonElement index) =>
        index.Path("links.children") is { ValueKind: JsonValueKind.Array } children ? children.EnumerateArray() : [];

    /// <summary>An index entry has no alert status: it is kept as a pointer with no level.</summary>
    private static CollectedItem? IndexEntry(JsonElement c)
    {
        var name = c.Path("details.country.name") is { } n ? Json.AsString(n) ?? "" : Html.Decode(c.Str("title"));
        var basePath = c.Str("base_path") ?? "";
        if (name.Length == 0 || basePath.Length == 0) return null;
        return new CollectedItem
        {
            Source = SourceId,
            SourceItemId = basePath,
            Title = Html.Decode(c.Str("title")) is { Length: > 0 } t ? t : name,
            Url = "https://www.gov.uk" + basePath,
            Text = c.Path("details.change_description") is { } cd ? Html.ToText(Json.AsString(cd)) : "",
            Published = Dates.Parse(c.Str("public_updated_at")),
            Countries = CountryTable.ByName(name) is { } country ? [country.Iso2] : [],
            Language = "en",
        };
    }

    private static CollectedItem Country(JsonElement root)
    {
        var details = root.Prop("details") ?? throw new SourceFormatException("travel_advice item without \"details\"");
        var name = details.Path("country.name") is { } n ? Json.AsString(n) ?? "" : "";
        var statuses = details.Prop("alert_status") is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray().Select(Json.AsString).OfType<string>().ToList() : [];
        var parts = details.Prop("parts") is { ValueKind: JsonValueKind.Array } p ? p.EnumerateArray().ToList() : [];
        var text = string.Join("\n\n", parts.Select(part => (part.Str("title") ?? "") + "\n" + Html.ToText(part.Str("body"))).Where(x => x.Trim().Length > 0));
        var warnings = parts.FirstOrDefault(part => part.Str("slug") is "warnings-and-insurance" or "summary");
        var basePath = root.Str("base_path") ?? "";
        var extra = new Dictionary<string, string>();
        if (details.Str("change_description") is { Length: > 0 } change) extra["changeDescription"] = change;
        if (statuses.Count > 0) extra["alertStatus"] = string.Join(",", statuses);
        var country = CountryTable.ByName(name) ?? (details.Path("country.synonyms") is { ValueKind: JsonValueKind.Array } syn
            ? syn.EnumerateArray().Select(s => CountryTable.ByName(Json.AsString(s))).FirstOrDefault(c => c is not null) : null);
        return new CollectedItem
        {
            Source = SourceId,
            SourceItemId = basePath.Length > 0 ? basePath : name,
            Title = Html.Decode(root.Str("title")) is { Length: > 0 } t ? t : $"{name} travel advice",
            Url = basePath.Length > 0 ? "https://www.gov.uk" + basePath : "",
            Text = text.Length > 0 ? text : Html.Decode(root.Str("description")),
            Published = Dates.Parse(details.Str("updated_at")) ?? Dates.Parse(root.Str("public_updated_at")),
            RawLevel = statuses.Count > 0 ? string.Join(", ", statuses) : NoWarning,
            Level = Level(statuses),
            Countries = country is null ? [] : [country.Iso2],
            Language = "en",
            Regions = warnings.ValueKind == JsonValueKind.Object ? Regions(warnings.Str("body"), name) : [],
            Extra = extra,
        };
    }

    /// <summary>The most severe of the alert codes; several can co-occur (parts and whole country).</summary>
    internal static int Level(IReadOnlyList<string> statuses)
    {
        if (statuses.Count == 0) return Crosswalk.UkFcdo(false, false, false);
        return statuses.Select(s => Crosswalk.UkFcdo(
            allTravel: s.Contains("avoid_all_travel", StringComparison.Ordinal),
            wholeCountry: s.Contains("whole_country", StringComparison.Ordinal),
            anyWarning: true)).Max();
    }

    /// <summary>Areas listed after "advises against all travel to:" / "all but essential travel to:".</summary>
    private static IReadOnlyList<RegionLevel> Regions(string? html, string country)
    {
        if (string.IsNullOrWhiteSpace(html)) return [];
        var doc = Html.Parse(html);
        var regions = new List<RegionLevel>();
        foreach (var el in doc.QuerySelectorAll("p, h2, h3"))
        {
            var t = Html.Squash(el.TextContent);
            var m = AdvisesAgainst().Match(t);
            if (!m.Success) continue;
            bool allTravel = !m.Groups[1].Value.Contains("but essential", StringComparison.OrdinalIgnoreCase);
            var raw = allTravel ? "advise against all travel" : "advise against all but essential travel";
            var level = Crosswalk.UkFcdo(allTravel, wholeCountry: false, anyWarning: true);
            var list = el.NextElementSibling;
            if (t.TrimEnd().EndsWith(':') && list is { LocalName: "ul" or "ol" })
            {
                foreach (var li in list.Children.Where(c => c.LocalName == "li"))
                {
                    var area = Html.Squash(li.TextContent).Trim(' ', '.', ';');
                    if (area.Length > 0 && !regions.Any(r => r.Region == area)) regions.Add(new RegionLevel(area, raw, level));
                }
            }
            else if (el.LocalName == "p" && InlineArea(m.Groups[2].Value, country) is { } inline && !regions.Any(r => r.Region == inline))
            {
                regions.Add(new RegionLevel(inline, raw, level));
            }
        }
        return regions;
    }

    /// <summary>"… to within 10 km of the border with Syria." → the area; the whole country or a long sentence is not an area.</summary>
    private static string? InlineArea(string rest, string country)
    {
        var area = rest;
        foreach (var stop in new[] { " due to", ". ", " because" })
        {
            var i = area.IndexOf(stop, StringComparison.OrdinalIgnoreCase);
            if (i >= 0) area = area[..i];
        }
        area = area.Trim(' ', '.', ':', ';');
        if (area.Length == 0 || area.Length > 150 || area.Equals(country, StringComparison.OrdinalIgnoreCase)
            || area.StartsWith("the whole", StringComparison.OrdinalIgnoreCase) || area.StartsWith("parts of", StringComparison.OrdinalIgnoreCase)) return null;
        return area;
    }

    public override async Task<IReadOnlyList<CollectedItem>> CollectAsync(IFetcher fetcher, CancellationToken ct)
    {
        var index = await fetcher.GetAsync(Url, ct);
        if (index.NotModified) return [];
        using var doc = Json.Load(index.Content, "GOV.UK travel advice index");
        if (doc.RootElement.Str("schema_name") == "travel_advice") return Parse(index.Content, index.Url);
        var paths = Children(doc.RootElement).Select(c => c.Str("api_path") ?? (c.Str("base_path") is { } bp ? "/api/content" + bp : null)).OfType<string>().Distinct().Take(MaxCountries).ToList();
        if (paths.Count == 0) throw new SourceFormatException("the GOV.UK travel advice index lists no countries (links.children is empty)");
        var items = new List<CollectedItem>();
        var failures = 0;
        foreach (var path in paths)
        {
            try
            {
                var page = await fetcher.GetAsync(new Uri(index.Url, path), ct);
                if (!page.NotModified) items.AddRange(Parse(page.Content, page.Url));
            }
            catch (Exception ex) when (ex is SourceFetchException or SourceFormatException)
            {
                // One country document failing must not lose the others; a run where most fail is a source failure.
                if (++failures > Math.Max(3, paths.Count / 4)) throw new SourceFetchException($"{failures} of {paths.Count} country documents failed; last: {ex.Message}", ex);
            }
        }
        return items;
    }

    [GeneratedRegex("\"(schema_name|document_type)\"\\s*:\\s*\"travel_advice")]
    private static partial Regex SchemaTravelAdvice();

    [GeneratedRegex(@"advises? against (all but essential travel|all travel) to\s*(.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex AdvisesAgainst();
}

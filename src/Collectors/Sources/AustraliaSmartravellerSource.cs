using System.Text.Json;
using RiskWatch.Collectors.Parsing;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Sources;

/// <summary>Australia Smartraveller destinations export: one JSON object per destination, four levels by name in <c>field_overall_advice_level</c>.</summary>
internal sealed class AustraliaSmartravellerSource(Uri? url = null) : SourceBase(SourceId, url ?? DefaultUrl)
{
    public const string SourceId = "au-smartraveller";
    public static readonly Uri DefaultUrl = new("https://www.smartraveller.gov.au/destinations-export");

    public override bool Recognizes(string content) => Head(content, 20000).Contains("field_overall_advice_level", StringComparison.Ordinal);

    protected override IReadOnlyList<CollectedItem> ParseCore(string content, Uri? location)
    {
        using var doc = Json.Load(content, "Smartraveller destinations export");
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Array) throw new SourceFormatException("Smartraveller export is not a JSON array of destinations");
        var items = new List<CollectedItem>();
        foreach (var d in root.EnumerateArray())
        {
            var name = Html.Decode(d.Str("title"));
            if (name.Length == 0) continue;
            var raw = Html.Decode(d.Str("field_overall_advice_level"));
            var url = d.Str("field_url") ?? "";
            if (url.StartsWith('/')) url = "https://www.smartraveller.gov.au" + url;
            var text = string.Join("\n\n", new[] { d.Str("field_advice_levels"), d.Str("field_last_update"), d.Str("field_last_update_notes") }
                .Select(t => Html.ToText(System.Net.WebUtility.HtmlDecode(t ?? "").Replace("&**", "", StringComparison.Ordinal)))
                .Where(t => t.Length > 0));
            var extra = new Dictionary<string, string>();
            if (d.Str("field_region") is { Length: > 0 } region) extra["region"] = region;
            items.Add(new CollectedItem
            {
                Source = SourceId,
                SourceItemId = name,
                Title = raw.Length > 0 ? $"{name}: {raw}" : name,
                Url = url,
                Text = text,
                Published = Dates.Parse(d.Str("changed")),
                RawLevel = raw.Length > 0 ? raw : null,
                Level = Step(raw) is int s ? Crosswalk.Australia(s) : null,
                Countries = CountryTable.ByName(name) is { } c ? [c.Iso2] : CountryTable.FindMentions(name, 3),
                Language = "en",
                Extra = extra,
            });
        }
        return items;
    }

    internal static int? Step(string raw)
    {
        var r = raw.ToLowerInvariant();
        if (r.Contains("do not travel")) return 4;
        if (r.Contains("reconsider")) return 3;
        if (r.Contains("high degree")) return 2;
        if (r.Contains("normal")) return 1;
        return null;
    }
}

using System.Text.Json;
using RiskWatch.Collectors.Parsing;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Sources;

/// <summary>
/// Auswärtiges Amt open data travel warnings: <c>{"response": {"lastModified", "contentList": [ids], "&lt;id&gt;": {entry}}}</c>.
/// The raw level names the flags that are set (warning, partialWarning, situationWarning, situationPartWarning).
/// The interface answers a failure with an empty <c>{}</c> and HTTP 200: that is an error here, never "no warnings".
/// </summary>
internal sealed class GermanyAaSource(Uri? url = null) : SourceBase(SourceId, url ?? DefaultUrl)
{
    public const string SourceId = "de-aa";
    public static readonly Uri DefaultUrl = new("https://www.auswaertiges-amt.de/opendata/travelwarning");
    private static readonly string[] Flags = ["warning", "partialWarning", "situationWarning", "situationPartWarning"];

    public override bool Recognizes(string content)
    {
        var head = Head(content, 50_000);
        return head.Contains("\"response\"", StringComparison.Ordinal) && (head.Contains("\"contentList\"", StringComparison.Ordinal) || head.Contains("\"situationPartWarning\"", StringComparison.Ordinal));
    }

    protected override IReadOnlyList<CollectedItem> ParseCore(string content, Uri? location)
    {
        using var doc = Json.Load(content, "Auswärtiges Amt travel warnings");
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object && !root.EnumerateObject().Any())
            throw new SourceFormatException("the Auswärtiges Amt interface answered an empty JSON object {} (its error or deactivated response)");
        var response = root.Prop("response") ?? throw new SourceFormatException("Auswärtiges Amt JSON without \"response\"");
        var items = new List<CollectedItem>();
        foreach (var p in response.EnumerateObject())
        {
            if (p.Name is "lastModified" or "contentList" || p.Value.ValueKind != JsonValueKind.Object) continue;
            items.Add(Build(p.Name, p.Value));
        }
        if (items.Count == 0 && response.Prop("contentList") is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0)
            throw new SourceFormatException("the travel warning list names entries but holds none of them");
        return items;
    }

    private static CollectedItem Build(string id, JsonElement e)
    {
        var set = Flags.Where(f => e.Bool(f)).ToList();
        var name = Html.Decode(e.Str("countryName"));
        var country = CountryTable.ByIso2(e.Str("countryCode")) ?? CountryTable.ByIso3(e.Str("iso3CountryCode")) ?? CountryTable.ByName(name);
        var extra = new Dictionary<string, string>();
        if (e.Str("lastChanges") is { Length: > 0 } changes) extra["lastChanges"] = Html.ToText(changes);
        if (e.Long("effective") is long eff && Dates.FromEpoch(eff) is { } effective) extra["effective"] = effective.ToString("O");
        return new CollectedItem
        {
            Source = SourceId,
            SourceItemId = id,
            Title = Html.Decode(e.Str("title")) is { Length: > 0 } t ? t : $"{name}: Reise- und Sicherheitshinweise",
            Url = $"https://www.auswaertiges-amt.de/de/service/laender/{id}",
            Text = Html.ToText(e.Str("content")) is { Length: > 0 } text ? text : Html.ToText(e.Str("lastChanges")),
            Published = e.Long("lastModified") is long lm ? Dates.FromEpoch(lm) : e.Long("effective") is long ef ? Dates.FromEpoch(ef) : null,
            RawLevel = set.Count > 0 ? string.Join(", ", set) : "none",
            Level = Crosswalk.Germany(set.Contains("warning"), set.Contains("partialWarning"), set.Contains("situationWarning"), set.Contains("situationPartWarning")),
            Countries = country is null ? [] : [country.Iso2],
            Language = "de",
            Extra = extra,
        };
    }
}

using System.Globalization;
using System.Text.Json;
using RiskWatch.Collectors.Parsing;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Sources;

/// <summary>
/// World Bank indicators (WGI estimates, macro series) from the bulk CSV (<c>Country Name, Country Code, Indicator Name, Indicator Code, years…</c>)
/// or the API v2 JSON (<c>[meta, [observations]]</c>). One item per country with the latest value of each indicator in <see cref="CollectedItem.Extra"/>
/// (<c>&lt;code&gt;</c> = value, <c>&lt;code&gt;:year</c> = its year). Aggregates (regions, income groups) are not countries and are left out.
/// </summary>
internal sealed class WorldBankSource(Uri? url = null) : SourceBase(SourceId, url ?? DefaultUrl)
{
    public const string SourceId = "worldbank";

    public static readonly Uri DefaultUrl = IndicatorUrl("GOV_WGI_PV.EST", 3);

    /// <summary>The six WGI estimates (API source 3) and two macro series (GDP growth, inflation).</summary>
    public static readonly IReadOnlyList<Uri> DefaultUrls =
    [
        IndicatorUrl("GOV_WGI_PV.EST", 3), IndicatorUrl("GOV_WGI_GE.EST", 3), IndicatorUrl("GOV_WGI_RQ.EST", 3),
        IndicatorUrl("GOV_WGI_RL.EST", 3), IndicatorUrl("GOV_WGI_CC.EST", 3), IndicatorUrl("GOV_WGI_VA.EST", 3),
        IndicatorUrl("NY.GDP.MKTP.KD.ZG", null), IndicatorUrl("FP.CPI.TOTL.ZG", null),
    ];

    private static Uri IndicatorUrl(string code, int? source) =>
        new($"https://api.worldbank.org/v2/country/all/indicator/{code}?format=json&mrnev=1&per_page=20000" + (source is int s ? $"&source={s}" : ""));

    /// <summary>What a run fetches: the configured URL alone, or every default indicator.</summary>
    public IReadOnlyList<Uri> Urls => Url == DefaultUrl ? DefaultUrls : [Url];

    public override async Task<IReadOnlyList<CollectedItem>> CollectAsync(IFetcher fetcher, CancellationToken ct)
    {
        var observations = new List<Observation>();
        bool changed = false;
        foreach (var u in Urls)
        {
            var r = await fetcher.GetAsync(u, ct);
            if (r.NotModified) continue;
            changed = true;
            observations.AddRange(Observations(r.Content));
        }
        return changed ? Build(observations) : [];
    }

    public override bool Recognizes(string content)
    {
        var head = Head(content, 4000);
        return head.Contains("\"Indicator Code\"", StringComparison.Ordinal) || head.Contains("\"World Development Indicators\"", StringComparison.Ordinal)
            || (head.StartsWith("[") && head.Contains("\"indicator\"", StringComparison.Ordinal) && head.Contains("\"countryiso3code\"", StringComparison.Ordinal));
    }

    private sealed record Observation(string Iso2, string Code, string Name, int Year, double Value);

    protected override IReadOnlyList<CollectedItem> ParseCore(string content, Uri? location)
    {
        var observations = Observations(content);
        if (observations.Count == 0) throw new SourceFormatException("no country values in the World Bank data (only aggregates or empty values)");
        return Build(observations);
    }

    private static List<Observation> Observations(string content)
    {
        var t = content.TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        return t.StartsWith('[') || t.StartsWith('{') ? FromJson(content) : FromCsv(content);
    }

    private static List<Observation> FromCsv(string content)
    {
        var rows = Csv.Read(content).ToList();
        var headerIndex = rows.FindIndex(r => r.Count >= 4 && r[0].Trim() == "Country Name" && r[1].Trim() == "Country Code");
        if (headerIndex < 0) throw new SourceFormatException("World Bank CSV without its header row (\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",years…)");
        var header = rows[headerIndex];
        var years = header.Select(h => int.TryParse(h.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var y) ? y : (int?)null).ToList();
        var list = new List<Observation>();
        foreach (var row in rows.Skip(headerIndex + 1))
        {
            if (row.Count < 5) continue;
            if (CountryTable.ByIso3(row[1].Trim()) is not { } country) continue;
            // The latest year with a value.
            for (int i = Math.Min(row.Count, years.Count) - 1; i >= 4; i--)
            {
                if (years[i] is not int year || !double.TryParse(row[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
                list.Add(new Observation(country.Iso2, row[3].Trim(), row[2].Trim(), year, value));
                break;
            }
        }
        return list;
    }

    private static List<Observation> FromJson(string content)
    {
        using var doc = Json.Load(content, "World Bank API response");
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object || root.GetArrayLength() == 0)
            throw new SourceFormatException("World Bank API answered without data" + (root.Path("[0].message[0].value") is { } msg ? ": " + Json.AsString(msg) : ""));
        if (root[0].Prop("message") is { } message) throw new SourceFormatException("World Bank API error: " + message.GetRawText());
        if (root.GetArrayLength() < 2 || root[1].ValueKind != JsonValueKind.Array) return [];
        var list = new List<Observation>();
        foreach (var o in root[1].EnumerateArray())
        {
            if (o.Prop("value") is not { ValueKind: JsonValueKind.Number } v) continue;
            var country = CountryTable.ByIso3(o.Str("countryiso3code")) ?? CountryTable.ByIso2(o.Path("country.id") is { } id ? Json.AsString(id) : null);
            if (country is null) continue;
            if (!int.TryParse(o.Str("date"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var year)) continue;
            list.Add(new Observation(country.Iso2, o.Path("indicator.id") is { } ic ? Json.AsString(ic) ?? "" : "", o.Path("indicator.value") is { } iv ? Json.AsString(iv) ?? "" : "", year, v.GetDouble()));
        }
        return list;
    }

    private static List<CollectedItem> Build(List<Observation> observations)
    {
        var items = new List<CollectedItem>();
        foreach (var g in observations.GroupBy(o => o.Iso2).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // The API may give several years: keep the latest per indicator.
            var latest = g.GroupBy(o => o.Code).Select(x => x.OrderByDescending(o => o.Year).First()).OrderBy(o => o.Code, StringComparer.Ordinal).ToList();
            var extra = new Dictionary<string, string>();
            foreach (var o in latest)
            {
                extra[o.Code] = Indicators.Num(o.Value);
                extra[o.Code + ":year"] = o.Year.ToString(CultureInfo.InvariantCulture);
            }
            var name = Indicators.CountryName(g.Key);
            var year = latest.Max(o => o.Year);
            items.Add(new CollectedItem
            {
                Source = SourceId,
                SourceItemId = g.Key,
                Title = $"World Bank indicators for {name} ({year})",
                Url = $"https://data.worldbank.org/country/{g.Key.ToLowerInvariant()}",
                Text = string.Join("\n", latest.Select(o => $"{o.Name} ({o.Code}), {o.Year}: {Indicators.Num(o.Value)}")),
                Published = new DateTimeOffset(year, 12, 31, 0, 0, 0, TimeSpan.Zero),
                Countries = [g.Key],
                Language = "en",
                Extra = extra,
            });
        }
        return items;
    }
}

using RiskWatch.Core;

namespace RiskWatch.Collectors.Sources;

/// <summary>Shared shape of the sanctions sources: listed persons and entities counted per linked country, one item per country.</summary>
internal static class Sanctions
{
    public sealed record Entry(string Id, string Name, string Kind, IReadOnlyList<string> Programs, IReadOnlyCollection<string> Countries);

    public const string NoCountry = "none";

    public static List<CollectedItem> PerCountry(string source, string listName, string urlForList, IReadOnlyList<Entry> entries, DateTimeOffset? published)
    {
        var byCountry = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var keys = e.Countries.Count > 0 ? e.Countries : [NoCountry];
            foreach (var k in keys)
            {
                if (!byCountry.TryGetValue(k, out var list)) byCountry[k] = list = [];
                list.Add(e);
            }
        }
        var items = new List<CollectedItem>();
        foreach (var (iso2, list) in byCountry.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            bool none = iso2 == NoCountry;
            var name = none ? "" : Indicators.CountryName(iso2);
            var programs = list.SelectMany(e => e.Programs).GroupBy(p => p).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
            var extra = new Dictionary<string, string>
            {
                ["list"] = listName,
                ["listed"] = list.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["individuals"] = list.Count(e => e.Kind == "individual").ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["entities"] = list.Count(e => e.Kind == "entity").ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["vessels"] = list.Count(e => e.Kind == "vessel").ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["aircraft"] = list.Count(e => e.Kind == "aircraft").ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["programs"] = string.Join(",", programs),
                // The listed ids let the next run tell additions from the previous item.
                ["ids"] = string.Join(",", list.Select(e => e.Id).OrderBy(x => x, StringComparer.Ordinal)),
            };
            var shown = list.Take(300).Select(e => $"{e.Name} ({e.Kind}; {string.Join(", ", e.Programs)})");
            items.Add(new CollectedItem
            {
                Source = source,
                SourceItemId = iso2,
                Title = none
                    ? $"{listName}: {list.Count} listed persons/entities with no country stated"
                    : $"{listName}: {list.Count} listed persons/entities linked to {name}",
                Url = urlForList,
                Text = string.Join("\n", shown) + (list.Count > 300 ? $"\n… and {list.Count - 300} more" : ""),
                Published = published,
                Countries = none ? [] : [iso2],
                Language = "en",
                Extra = extra,
            });
        }
        return items;
    }
}

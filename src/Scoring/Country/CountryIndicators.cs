using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Scoring.Country;

/// <summary>
/// Structural indicators per country (World Bank WGI estimates, GDP per capita, an OECD class). RiskItem carries no
/// indicator values, so they are fed from the collected World Bank items (<see cref="RecordAsync(IEnumerable{CollectedItem}, CancellationToken)"/>,
/// called by the host where it still has the CollectedItems) or from a bulk table. Missing indicators are simply absent.
/// </summary>
public interface ICountryIndicators
{
    /// <summary>The latest value of every indicator known for the country (ISO2); empty when none.</summary>
    Task<IReadOnlyDictionary<string, double>> GetAsync(string country, CancellationToken ct);

    /// <summary>Stores values (country ISO2, indicator code, year, value); a newer or equal year replaces the stored one.</summary>
    Task SetAsync(IEnumerable<(string Country, string Indicator, int Year, double Value)> values, CancellationToken ct);
}

public static class CountryIndicatorsExtensions
{
    /// <summary>
    /// Reads indicator values from collected items: every <c>Extra</c> entry whose key looks like an indicator code
    /// (e.g. "PV.EST", "GOV_WGI_PV.EST", "NY.GDP.PCAP.CD") and whose value is a number, with the year from
    /// <c>Extra["year"]</c> or the item's published date.
    /// </summary>
    public static Task RecordAsync(this ICountryIndicators indicators, IEnumerable<CollectedItem> items, CancellationToken ct)
    {
        var values = Observations(items).ToList();
        return values.Count == 0 ? Task.CompletedTask : indicators.SetAsync(values, ct);
    }

    /// <summary>The indicator observations (country, code, year, value) carried by collected items (see <see cref="RecordAsync"/>).</summary>
    public static IEnumerable<(string Country, string Indicator, int Year, double Value)> Observations(IEnumerable<CollectedItem> items)
    {
        foreach (var item in items)
        {
            if (item.Countries.Count == 0) continue;
            int year = item.Extra.TryGetValue("year", out var y) && int.TryParse(y, CultureInfo.InvariantCulture, out var yy) ? yy : item.Published?.Year ?? 0;
            foreach (var (key, raw) in item.Extra)
            {
                var code = NormalizeCode(key);
                if (code is null || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) continue;
                var y2 = item.Extra.TryGetValue(key + ":year", out var ys) && int.TryParse(ys, CultureInfo.InvariantCulture, out var yv) ? yv : year;
                foreach (var c in item.Countries) yield return (c, code, y2, v);
            }
        }
    }

    /// <summary>"GOV_WGI_PV.EST" and "PV.EST" are the same series; anything without a dot is not an indicator code.</summary>
    internal static string? NormalizeCode(string key)
    {
        var k = key.Trim().ToUpperInvariant();
        if (k.StartsWith("GOV_WGI_", StringComparison.Ordinal)) k = k["GOV_WGI_".Length..];
        return k.Contains('.', StringComparison.Ordinal) && k.Length <= 40 && k.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_') ? k : null;
    }

    /// <summary>Loads the WGI bulk CSV (WGIData.csv: Country Name, Country Code, Indicator Name, Indicator Code, 1996…): latest non-empty year per series.</summary>
    public static IEnumerable<(string Country, string Indicator, int Year, double Value)> ReadWgiCsv(string path)
    {
        using var reader = new StreamReader(path);
        var header = Csv.Split(reader.ReadLine() ?? "");
        int codeCol = header.FindIndex(h => h.Trim('\uFEFF', ' ').Equals("Country Code", StringComparison.OrdinalIgnoreCase));
        int indCol = header.FindIndex(h => h.Trim().Equals("Indicator Code", StringComparison.OrdinalIgnoreCase));
        if (codeCol < 0 || indCol < 0) yield break;
        while (reader.ReadLine() is { } line)
        {
            var cells = Csv.Split(line);
            if (cells.Count <= indCol) continue;
            var country = CountryTable.ByIso3(cells[codeCol])?.Iso2;
            var code = NormalizeCode(cells[indCol]);
            if (country is null || code is null) continue;
            for (int i = cells.Count - 1; i > indCol; i--)
            {
                if (i < header.Count && int.TryParse(header[i].Trim(), CultureInfo.InvariantCulture, out var year)
                    && double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    yield return (country, code, year, v);
                    break;
                }
            }
        }
    }
}

/// <summary>Indicators kept in the Scoring tables (SQLite by default).</summary>
internal sealed class DbCountryIndicators(IDbContextFactory<ScoringDbContext> factory) : ICountryIndicators
{
    public async Task<IReadOnlyDictionary<string, double>> GetAsync(string country, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var c = country.ToUpperInvariant();
        return await db.CountryIndicators.AsNoTracking().Where(x => x.Country == c).ToDictionaryAsync(x => x.Indicator, x => x.Value, ct);
    }

    public async Task SetAsync(IEnumerable<(string Country, string Indicator, int Year, double Value)> values, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var latest = values.GroupBy(v => (v.Country.ToUpperInvariant(), v.Indicator)).Select(g => g.MaxBy(v => v.Year)).ToList();
        var countries = latest.Select(v => v.Country.ToUpperInvariant()).Distinct().ToList();
        var existing = await db.CountryIndicators.Where(x => countries.Contains(x.Country)).ToDictionaryAsync(x => (x.Country, x.Indicator), ct);
        foreach (var v in latest)
        {
            var key = (v.Country.ToUpperInvariant(), v.Indicator);
            if (existing.TryGetValue(key, out var row))
            {
                if (row.Year > v.Year) continue;
                row.Year = v.Year; row.Value = v.Value;
            }
            else db.CountryIndicators.Add(new CountryIndicatorValue { Country = key.Item1, Indicator = v.Indicator, Year = v.Year, Value = v.Value });
        }
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Indicators in memory (tests, the offline country-model training).</summary>
public sealed class InMemoryCountryIndicators : ICountryIndicators
{
    private readonly Dictionary<string, Dictionary<string, (int Year, double Value)>> _data = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public Task<IReadOnlyDictionary<string, double>> GetAsync(string country, CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyDictionary<string, double>>(_data.TryGetValue(country, out var d) ? d.ToDictionary(kv => kv.Key, kv => kv.Value.Value) : new Dictionary<string, double>());
    }

    public Task SetAsync(IEnumerable<(string Country, string Indicator, int Year, double Value)> values, CancellationToken ct)
    {
        lock (_gate)
            foreach (var v in values)
            {
                if (!_data.TryGetValue(v.Country, out var d)) _data[v.Country] = d = new();
                if (!d.TryGetValue(v.Indicator, out var old) || old.Year <= v.Year) d[v.Indicator] = (v.Year, v.Value);
            }
        return Task.CompletedTask;
    }

    /// <summary>Every country with at least one value.</summary>
    public IReadOnlyList<string> Countries { get { lock (_gate) return _data.Keys.ToList(); } }
}

/// <summary>A small CSV splitter (quotes, doubled quotes) for the bulk tables.</summary>
internal static class Csv
{
    public static List<string> Split(string line)
    {
        var cells = new List<string>();
        var sb = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else sb.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(ch);
        }
        cells.Add(sb.ToString());
        return cells;
    }
}

using System.Globalization;
using RiskWatch.Core;

namespace RiskWatch.Scoring.Models;

/// <summary>
/// The structural standing of each country (World Bank governance estimates and GDP per capita) as features of the
/// severity model. An official level describes the situation in a country, and a country's governance is part of that
/// situation: the same words ("demonstrations may turn violent") weigh more where political stability is −2 than where
/// it is +1. The table is captured at training time from the World Bank data in the training folder and travels inside
/// model.zip, so evaluation and live prediction see the same values. A country without values gets missing features
/// (LightGBM routes them down its learned "missing" branch): the model then judges by the text alone.
/// </summary>
internal sealed class CountryPriors
{
    /// <summary>The indicators, in feature order; the last is GDP per capita (as log10 of current US$).</summary>
    public static readonly string[] Indicators = ["PV.EST", "GE.EST", "RQ.EST", "RL.EST", "CC.EST", "VA.EST", "NY.GDP.PCAP.CD"];
    public static int Count => Indicators.Length;

    private readonly Dictionary<string, float[]> _byCountry;

    public CountryPriors(Dictionary<string, float[]> byCountry) => _byCountry = new(byCountry, StringComparer.OrdinalIgnoreCase);

    public static CountryPriors Empty { get; } = new([]);

    public int Countries => _byCountry.Count;

    public IReadOnlyDictionary<string, float[]> Table => _byCountry;

    /// <summary>Latest value per country and indicator from (country ISO2, indicator code, year, value) observations.</summary>
    public static CountryPriors From(IEnumerable<(string Country, string Indicator, int Year, double Value)> values)
    {
        var latest = new Dictionary<(string, int), (int Year, double Value)>();
        foreach (var v in values)
        {
            int k = Array.IndexOf(Indicators, Country.CountryIndicatorsExtensions.NormalizeCode(v.Indicator));
            if (k < 0 || !double.IsFinite(v.Value)) continue;
            var key = (v.Country.ToUpperInvariant(), k);
            if (!latest.TryGetValue(key, out var old) || old.Year <= v.Year) latest[key] = (v.Year, v.Value);
        }
        var table = new Dictionary<string, float[]>();
        foreach (var ((country, k), (_, value)) in latest)
        {
            if (!table.TryGetValue(country, out var row)) table[country] = row = Missing();
            row[k] = k == Count - 1 ? (value > 0 ? (float)Math.Log10(value) : float.NaN) : (float)value;
        }
        return new CountryPriors(table);
    }

    /// <summary>The features of a text's main country (the first one named); all missing when unknown.</summary>
    public float[] For(IReadOnlyList<string>? countries)
    {
        if (countries is { Count: > 0 } && _byCountry.TryGetValue(countries[0], out var row)) return row;
        return Missing();
    }

    private static float[] Missing()
    {
        var a = new float[Count];
        Array.Fill(a, float.NaN);
        return a;
    }

    public Dictionary<string, Dictionary<string, double>> ToJson() =>
        _byCountry.ToDictionary(kv => kv.Key, kv => Indicators.Select((name, i) => (name, v: kv.Value[i])).Where(x => !float.IsNaN(x.v))
            .ToDictionary(x => x.name, x => Math.Round((double)x.v, 4)));

    public static CountryPriors FromJson(Dictionary<string, Dictionary<string, double>>? json)
    {
        var table = new Dictionary<string, float[]>();
        foreach (var (country, values) in json ?? [])
        {
            var row = Missing();
            foreach (var (name, v) in values)
                if (Array.IndexOf(Indicators, name) is var k and >= 0) row[k] = (float)v;
            table[country] = row;
        }
        return new CountryPriors(table);
    }

    public override string ToString() => Countries.ToString(CultureInfo.InvariantCulture) + " countries";
}

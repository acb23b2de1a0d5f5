using System.Globalization;

namespace RiskWatch.Scoring.Models;

/// <summary>
/// The country an item is about, as features of the severity head: its structural indicators (World Bank governance
/// estimates, GDP per head, the peace indices) standardized on the training texts, plus a flag when some are unknown.
/// A text about a country whose situation the words alone leave open (many advisories describe the same precautions at
/// every level) is then judged with what is known of the country's stability; none of these is a publisher's level.
/// The values are those of the data the model was trained on and travel inside model.zip, so a prediction is
/// reproducible and needs no database; a retrain picks up newer indicators.
/// </summary>
internal sealed class CountryContext
{
    /// <summary>The indicators used, in feature order; GDP per head enters as log10.</summary>
    public static readonly IReadOnlyList<string> Indicators =
        ["IEP.GPI", "IEP.GTI", "IEP.PPI", "NY.GDP.PCAP.CD", "CC.EST", "GE.EST", "PV.EST", "RL.EST", "RQ.EST", "VA.EST"];

    /// <summary>
    /// The block's weight beside the n-grams: the features are standardized, then scaled down so that one country's
    /// indicators do not outweigh what its text says (the same L2 penalty applies to both).
    /// </summary>
    public const float Scale = 0.3f;

    private readonly Dictionary<string, float[]> _byCountry;
    private readonly float[] _unknown;

    private CountryContext(Dictionary<string, float[]> byCountry)
    {
        _byCountry = byCountry;
        _unknown = new float[Count];
        _unknown[^1] = Scale;
    }

    /// <summary>Features per row: one per indicator and the "some unknown" flag.</summary>
    public static int Count => Indicators.Count + 1;

    public int Countries => _byCountry.Count;

    /// <summary>The features of a country (ISO-2, any case); an unknown or missing country gets the training mean (0) and the flag.</summary>
    public float[] Features(string? country) =>
        country is not null && _byCountry.TryGetValue(country, out var f) ? f : _unknown;

    /// <summary>
    /// Standardizes the indicators over the training rows (each row counts its country once: the mean is that of the
    /// texts, as the model sees them), missing values imputed with that mean. Null when no training row's country has
    /// any indicator: the head is then text-only.
    /// </summary>
    public static CountryContext? Fit(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? indicators, IEnumerable<string?> rowCountries)
    {
        if (indicators is null || indicators.Count == 0) return null;
        var table = new Dictionary<string, double[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (country, values) in indicators)
        {
            var raw = new double[Indicators.Count];
            bool any = false;
            for (int j = 0; j < raw.Length; j++)
            {
                raw[j] = values.TryGetValue(Indicators[j], out var v) && double.IsFinite(v) ? Transform(Indicators[j], v) : double.NaN;
                any |= !double.IsNaN(raw[j]);
            }
            if (any) table[country.ToUpperInvariant()] = raw;
        }
        var rows = rowCountries.Select(c => c is not null && table.TryGetValue(c, out var r) ? r : null).ToList();
        if (rows.All(r => r is null)) return null;

        int k = Indicators.Count;
        var mean = new double[k];
        for (int j = 0; j < k; j++)
        {
            var known = rows.Where(r => r is not null && !double.IsNaN(r[j])).Select(r => r![j]).ToList();
            mean[j] = known.Count > 0 ? known.Average() : 0;
        }
        var std = new double[k];
        for (int j = 0; j < k; j++)
        {
            // Over every training row, the imputed ones included (they sit at the mean).
            double ss = rows.Sum(r => r is null || double.IsNaN(r[j]) ? 0 : (r[j] - mean[j]) * (r[j] - mean[j]));
            std[j] = Math.Sqrt(ss / rows.Count) is var s && s > 1e-9 ? s : 1;
        }
        var byCountry = new Dictionary<string, float[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (country, raw) in table)
        {
            var f = new float[Count];
            bool missing = false;
            for (int j = 0; j < k; j++)
            {
                if (double.IsNaN(raw[j])) { missing = true; continue; }
                f[j] = (float)((raw[j] - mean[j]) / std[j] * Scale);
            }
            f[k] = missing ? Scale : 0;
            byCountry[country] = f;
        }
        return new CountryContext(byCountry);
    }

    private static double Transform(string indicator, double v) =>
        indicator == "NY.GDP.PCAP.CD" ? Math.Log10(Math.Max(v, 1)) : v;

    public void Write(BinaryWriter w)
    {
        w.Write(Count);
        w.Write(_byCountry.Count);
        foreach (var (country, f) in _byCountry.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.Write(country);
            foreach (var x in f) w.Write(x);
        }
    }

    public static CountryContext Read(BinaryReader r)
    {
        int count = r.ReadInt32();
        if (count != Count) throw new InvalidDataException($"country context has {count} features per country; this RiskWatch uses {Count}");
        int n = r.ReadInt32();
        if (n is < 0 or > 10_000) throw new InvalidDataException($"country context claims {n.ToString(CultureInfo.InvariantCulture)} countries");
        var byCountry = new Dictionary<string, float[]>(n, StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < n; i++)
        {
            var country = r.ReadString();
            var f = new float[count];
            for (int j = 0; j < count; j++) f[j] = r.ReadSingle();
            byCountry[country] = f;
        }
        return new CountryContext(byCountry);
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using RiskWatch.Core.Countries;
using RiskWatch.Scoring.Models;

namespace RiskWatch.Scoring.Country;

/// <summary>
/// The learned structural part of the country index: FastTree regression from governance, macro and peace indicators to
/// an OECD-style country-risk class (0–7). Trained only where labels exist; the transparent formula is used otherwise.
/// The model keeps the indicator table it was trained with (<c>indicators.json</c> beside it): indicators the running
/// product does not collect (the peace indices) come from there, fresher collected values take precedence.
/// </summary>
public sealed class CountryRiskModel
{
    public const string OecdIndicator = "OECD.CRC";

    /// <summary>
    /// The features, in order: six WGI estimates, log GDP per capita, and the Institute for Economics and Peace's Global
    /// Peace Index, Global Terrorism Index and Positive Peace Index scores (measured: with the peace indices Spearman rose
    /// from 0.80 to 0.85 on held-out countries, see docs/model.md).
    /// </summary>
    public static readonly string[] Features = ["PV.EST", "RL.EST", "CC.EST", "GE.EST", "RQ.EST", "VA.EST", "NY.GDP.PCAP.CD", "IEP.GPI", "IEP.GTI", "IEP.PPI"];
    private const int FeatureCount = 10;

    internal sealed class Row
    {
        [VectorType(FeatureCount)] public float[] Features { get; set; } = new float[FeatureCount];
        public float Label { get; set; }
    }

    internal sealed class Out { public float Score { get; set; } }

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> _table;
    public string Version { get; }

    private CountryRiskModel(MLContext ml, ITransformer model, string version, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? table)
    {
        _ml = ml; _model = model; Version = version;
        _table = table ?? new Dictionary<string, IReadOnlyDictionary<string, double>>();
    }

    /// <summary>The country's indicators: the ones given (collected, fresher) over the ones the model was trained with.</summary>
    public IReadOnlyDictionary<string, double> Merge(string country, IReadOnlyDictionary<string, double> collected)
    {
        if (!_table.TryGetValue(country, out var trained) || trained.Count == 0) return collected;
        var merged = new Dictionary<string, double>(trained);
        foreach (var (k, v) in collected) merged[k] = v;
        return merged;
    }

    /// <summary>The predicted class 0–7, or null when fewer than three features are known.</summary>
    public double? Predict(IReadOnlyDictionary<string, double> indicators)
    {
        var row = ToRow(indicators, 0);
        if (row is null) return null;
        lock (_model)
        {
            var output = _model.Transform(_ml.Data.LoadFromEnumerable([row]));
            return Math.Clamp(_ml.Data.CreateEnumerable<Out>(output, false).First().Score, 0, 7);
        }
    }

    /// <summary>
    /// How much each known indicator moves the prediction: the predicted class minus the class predicted with that indicator
    /// unknown (imputed like a missing value). Positive = the indicator makes the country riskier. The explanation the
    /// country page and e-mails show for the structural part of a score.
    /// </summary>
    public IReadOnlyList<(string Feature, double Delta)> Contributions(IReadOnlyDictionary<string, double> indicators)
    {
        var full = ToRow(indicators, 0);
        if (full is null) return [];
        var rows = new List<Row> { full };
        var known = new List<int>();
        for (int i = 0; i < Features.Length; i++)
        {
            if (float.IsNaN(full.Features[i])) continue;
            var without = (float[])full.Features.Clone();
            without[i] = float.NaN;
            rows.Add(new Row { Features = without });
            known.Add(i);
        }
        float[] scores;
        lock (_model)
            scores = _ml.Data.CreateEnumerable<Out>(_model.Transform(_ml.Data.LoadFromEnumerable(rows)), false).Select(o => o.Score).ToArray();
        return known.Select((f, k) => (Features[f], Math.Round((double)scores[0] - scores[k + 1], 3))).ToList();
    }

    internal static Row? ToRow(IReadOnlyDictionary<string, double> ind, float label)
    {
        var f = new float[Features.Length];
        int known = 0;
        for (int i = 0; i < Features.Length; i++)
        {
            if (ind.TryGetValue(Features[i], out var v) && double.IsFinite(v))
            {
                f[i] = (float)(Features[i] == "NY.GDP.PCAP.CD" ? Math.Log10(Math.Max(v, 1)) : v);
                known++;
            }
            else f[i] = float.NaN;
        }
        return known < 3 ? null : new Row { Features = f, Label = label };
    }

    internal static IEstimator<ITransformer> Pipeline(MLContext ml) =>
        ml.Transforms.ReplaceMissingValues("Features", replacementMode: Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean)
            // LightGBM over FastTree and these settings: measured on the grouped folds of the shared captures (docs/model.md).
            .Append(ml.Regression.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmRegressionTrainer.Options
            {
                LabelColumnName = "Label", FeatureColumnName = "Features",
                NumberOfLeaves = 3, NumberOfIterations = 400, MinimumExampleCountPerLeaf = 8, LearningRate = 0.03,
                Seed = 1, NumberOfThreads = 1, Silent = true,
            }));

    internal static CountryRiskModel Fit(MLContext ml, IReadOnlyList<Row> rows, string version,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? table = null)
    {
        var data = ml.Data.LoadFromEnumerable(rows);
        return new CountryRiskModel(ml, Pipeline(ml).Fit(data), version, table);
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<Row>()).Schema;
        var tmp = path + ".tmp";
        using (var fs = File.Create(tmp)) _ml.Model.Save(_model, schema, fs);
        File.WriteAllText(path + ".version", Version);
        File.WriteAllText(TablePath(path), JsonSerializer.Serialize(_table.ToDictionary(kv => kv.Key, kv => Features.Where(kv.Value.ContainsKey).ToDictionary(f => f, f => kv.Value[f])), JsonOpts.Indented));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Loads a saved model; <see cref="InvalidDataException"/> when the file is not one.</summary>
    public static CountryRiskModel Load(string path)
    {
        var ml = new MLContext(seed: 1);
        try
        {
            using var fs = File.OpenRead(path);
            var model = ml.Model.Load(fs, out var schema);
            if (schema.GetColumnOrNull("Features") is not { Type: VectorDataViewType { Size: FeatureCount } })
                throw new InvalidDataException($"it was trained on another feature set than this RiskWatch's {FeatureCount} ({string.Join(", ", Features)}); retrain it with `train`");
            var version = File.Exists(path + ".version") ? File.ReadAllText(path + ".version").Trim() : "country";
            var table = File.Exists(TablePath(path))
                ? JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, double>>>(File.ReadAllText(TablePath(path)), JsonOpts.Indented)?
                    .ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, double>)kv.Value, StringComparer.OrdinalIgnoreCase)
                : null;
            return new CountryRiskModel(ml, model, version, table);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or FormatException or ArgumentException or System.IO.InvalidDataException or JsonException)
        {
            throw new InvalidDataException($"{path} is not a usable country model: {ex.Message}", ex);
        }
    }

    private static string TablePath(string modelPath) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, "indicators.json");

    /// <summary>The latest class per country (ISO2) in the OECD historical CSV (ISO3 column, one column per date, '-' unclassified).</summary>
    public static Dictionary<string, int?> ReadOecdTable(string path)
    {
        var result = new Dictionary<string, int?>(StringComparer.OrdinalIgnoreCase);
        using var reader = new StreamReader(path);
        var header = Csv.Split(reader.ReadLine() ?? "");
        int isoCol = header.FindIndex(h => h.Trim().Equals("ISO", StringComparison.OrdinalIgnoreCase));
        if (isoCol < 0) throw new InvalidDataException($"{path}: no ISO column");
        while (reader.ReadLine() is { } line)
        {
            var cells = Csv.Split(line);
            if (cells.Count <= isoCol) continue;
            var iso2 = CountryTable.ByIso3(cells[isoCol])?.Iso2;
            if (iso2 is null) continue;
            var last = cells.Count - 1;
            while (last > isoCol && string.IsNullOrWhiteSpace(cells[last])) last--;
            // The latest date decides; a malformed cell (e.g. "-3") counts as missing.
            result[iso2] = int.TryParse(cells[last].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c is >= 0 and <= 7 ? c : null;
        }
        return result;
    }
}

/// <summary>What <see cref="CountryRiskModelTrainer.Train"/> measured (Spearman of out-of-fold predictions with the label).</summary>
public sealed record CountryModelResult(
    string Version, string ModelPath, int Countries, int ClassifiedCountries, int Folds,
    double SpearmanLearned, double SpearmanFormula, double SpearmanLearnedClassifiedOnly, double SpearmanFormulaClassifiedOnly);

/// <summary>
/// Fits the learned structural model against an OECD-style table and reports Spearman on held-out countries (grouped
/// folds: a country is never on both sides). Countries the table leaves unclassified ("-": high-income OECD and euro-area
/// members, which the Arrangement treats like class 0) count as class 0; the figure on classified countries only is
/// reported beside it.
/// </summary>
public static class CountryRiskModelTrainer
{
    public static CountryModelResult Train(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> indicators, IReadOnlyDictionary<string, int?> labels,
        string modelsDir, TextWriter log, int folds = 5)
    {
        ArgumentNullException.ThrowIfNull(log);
        var rows = new List<(string Country, bool Classified, CountryRiskModel.Row Row)>();
        foreach (var (country, cls) in labels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!indicators.TryGetValue(country, out var ind)) continue;
            if (CountryRiskModel.ToRow(ind, cls ?? 0) is { } row) rows.Add((country, cls is not null, row));
        }
        if (rows.Count < folds * 4) throw new InvalidOperationException($"only {rows.Count} countries have both a label and indicators; the country model needs at least {folds * 4}");
        var ml = new MLContext(seed: 1);
        var oof = new double[rows.Count];
        for (int f = 0; f < folds; f++)
        {
            var train = rows.Where(r => ItemClassifierTrainer.Fold(r.Country, folds) != f).Select(r => r.Row).ToList();
            var model = CountryRiskModel.Fit(ml, train, "cv");
            for (int i = 0; i < rows.Count; i++)
                if (ItemClassifierTrainer.Fold(rows[i].Country, folds) == f)
                    oof[i] = model.Predict(indicators[rows[i].Country]) ?? double.NaN;
        }
        var formula = rows.Select(r => FormulaScore(indicators[r.Country])).ToArray();
        var truth = rows.Select(r => (double)r.Row.Label).ToArray();
        var classified = Enumerable.Range(0, rows.Count).Where(i => rows[i].Classified).ToList();
        double learned = Spearman(truth, oof), baseline = Spearman(truth, formula);
        double learnedC = Spearman(classified.Select(i => truth[i]).ToList(), classified.Select(i => oof[i]).ToList());
        double baselineC = Spearman(classified.Select(i => truth[i]).ToList(), classified.Select(i => formula[i]).ToList());
        log.WriteLine($"country model: {rows.Count} countries with a label and indicators ({classified.Count} classified, the rest class 0); "
            + $"grouped {folds}-fold Spearman learned {learned:F3} (formula {baseline:F3}); classified only: learned {learnedC:F3} (formula {baselineC:F3})");
        var version = "country-" + BundleTrainer.CorpusHash(rows.Select(r => new LabeledText(r.Country, string.Join(",", r.Row.Features), "", (int)r.Row.Label, null, r.Country, "oecd")));
        var table = indicators.ToDictionary(kv => kv.Key, kv => kv.Value);
        var final = CountryRiskModel.Fit(ml, rows.Select(r => r.Row).ToList(), version, table);
        var path = Path.Combine(modelsDir, "country", "model.zip");
        final.Save(path);
        var result = new CountryModelResult(version, path, rows.Count, classified.Count, folds,
            Math.Round(learned, 4), Math.Round(baseline, 4), Math.Round(learnedC, 4), Math.Round(baselineC, 4));
        File.WriteAllText(Path.Combine(modelsDir, "country", "metrics.json"), JsonSerializer.Serialize(result, JsonOpts.Indented));
        return result;
    }

    /// <summary>The transparent structural formula on its own (higher = riskier), for the baseline Spearman.</summary>
    internal static double FormulaScore(IReadOnlyDictionary<string, double> ind)
    {
        double sum = 0, w = 0;
        foreach (var code in new[] { "PV.EST", "RL.EST", "CC.EST", "GE.EST", "RQ.EST", "VA.EST" })
            if (ind.TryGetValue(code, out var v)) { var k = code == "PV.EST" ? 2 : 1; sum += k * (2.5 - v); w += k; }
        return w == 0 ? double.NaN : sum / w;
    }

    /// <summary>Spearman rank correlation (average ranks for ties); pairs with a NaN are left out.</summary>
    public static double Spearman(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var pairs = a.Zip(b).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
        if (pairs.Count < 3) return double.NaN;
        var ra = Ranks(pairs.Select(p => p.First).ToList());
        var rb = Ranks(pairs.Select(p => p.Second).ToList());
        double ma = ra.Average(), mb = rb.Average(), cov = 0, va = 0, vb = 0;
        for (int i = 0; i < ra.Length; i++) { cov += (ra[i] - ma) * (rb[i] - mb); va += (ra[i] - ma) * (ra[i] - ma); vb += (rb[i] - mb) * (rb[i] - mb); }
        return va == 0 || vb == 0 ? 0 : cov / Math.Sqrt(va * vb);
    }

    private static double[] Ranks(List<double> v)
    {
        var order = Enumerable.Range(0, v.Count).OrderBy(i => v[i]).ToArray();
        var r = new double[v.Count];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && v[order[j + 1]] == v[order[i]]) j++;
            for (int k = i; k <= j; k++) r[order[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        return r;
    }
}

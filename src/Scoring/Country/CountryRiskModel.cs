using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using RiskWatch.Core.Countries;
using RiskWatch.Scoring.Models;

namespace RiskWatch.Scoring.Country;

/// <summary>
/// The learned structural part of the country index: FastTree regression from governance and macro indicators to an
/// OECD-style country-risk class (0–7). Trained only where labels exist; the transparent formula is used otherwise.
/// </summary>
public sealed class CountryRiskModel
{
    public const string OecdIndicator = "OECD.CRC";

    /// <summary>The features, in order: six WGI estimates and log GDP per capita.</summary>
    public static readonly string[] Features = ["PV.EST", "RL.EST", "CC.EST", "GE.EST", "RQ.EST", "VA.EST", "NY.GDP.PCAP.CD"];

    internal sealed class Row
    {
        [VectorType(7)] public float[] Features { get; set; } = new float[7];
        public float Label { get; set; }
    }

    internal sealed class Out { public float Score { get; set; } }

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    public string Version { get; }

    private CountryRiskModel(MLContext ml, ITransformer model, string version) { _ml = ml; _model = model; Version = version; }

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
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: "Label", featureColumnName: "Features", numberOfLeaves: 4, numberOfTrees: 200, minimumExampleCountPerLeaf: 8, learningRate: 0.05));

    internal static CountryRiskModel Fit(MLContext ml, IReadOnlyList<Row> rows, string version)
    {
        var data = ml.Data.LoadFromEnumerable(rows);
        return new CountryRiskModel(ml, Pipeline(ml).Fit(data), version);
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<Row>()).Schema;
        var tmp = path + ".tmp";
        using (var fs = File.Create(tmp)) _ml.Model.Save(_model, schema, fs);
        File.WriteAllText(path + ".version", Version);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Loads a saved model; <see cref="InvalidDataException"/> when the file is not one.</summary>
    public static CountryRiskModel Load(string path)
    {
        var ml = new MLContext(seed: 1);
        try
        {
            using var fs = File.OpenRead(path);
            var model = ml.Model.Load(fs, out _);
            var version = File.Exists(path + ".version") ? File.ReadAllText(path + ".version").Trim() : "country";
            return new CountryRiskModel(ml, model, version);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or FormatException or ArgumentException or System.IO.InvalidDataException)
        {
            throw new InvalidDataException($"{path} is not a usable country model: {ex.Message}", ex);
        }
    }

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

/// <summary>What <see cref="CountryRiskModelTrainer.Train"/> measured.</summary>
public sealed record CountryModelResult(
    string Version, string ModelPath, int Countries, int Folds,
    double SpearmanLearned, double SpearmanFormula, bool UnclassifiedAsZero);

/// <summary>Fits the learned structural model against an OECD-style table and reports Spearman on held-out countries.</summary>
public static class CountryRiskModelTrainer
{
    public static CountryModelResult Train(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> indicators, string oecdCsvPath,
        string modelsDir, TextWriter log, bool unclassifiedAsZero = false, int folds = 5)
    {
        var labels = CountryRiskModel.ReadOecdTable(oecdCsvPath);
        var rows = new List<(string Country, CountryRiskModel.Row Row)>();
        foreach (var (country, cls) in labels)
        {
            int? label = cls ?? (unclassifiedAsZero ? 0 : null);
            if (label is null || !indicators.TryGetValue(country, out var ind)) continue;
            if (CountryRiskModel.ToRow(ind, label.Value) is { } row) rows.Add((country, row));
        }
        if (rows.Count < folds * 4) throw new InvalidOperationException($"only {rows.Count} countries have both a label and indicators");
        var ml = new MLContext(seed: 1);
        var oof = new double[rows.Count];
        var formula = new double[rows.Count];
        for (int f = 0; f < folds; f++)
        {
            var train = rows.Where((r, i) => ItemClassifierTrainer.Fold(r.Country, folds) != f).Select(r => r.Row).ToList();
            var model = CountryRiskModel.Fit(ml, train, "cv");
            for (int i = 0; i < rows.Count; i++)
                if (ItemClassifierTrainer.Fold(rows[i].Country, folds) == f)
                    oof[i] = model.Predict(indicators[rows[i].Country]) ?? double.NaN;
        }
        for (int i = 0; i < rows.Count; i++) formula[i] = FormulaScore(indicators[rows[i].Country]);
        var truth = rows.Select(r => (double)r.Row.Label).ToArray();
        var learned = Spearman(truth, oof);
        var baseline = Spearman(truth, formula);
        log.WriteLine($"country model: {rows.Count} countries with an OECD class{(unclassifiedAsZero ? " (unclassified as 0)" : "")} and indicators; grouped {folds}-fold Spearman learned {learned:F3}, formula {baseline:F3}");
        var version = "country-" + BundleTrainer.CorpusHash(rows.Select(r => new LabeledText(r.Country, string.Join(",", r.Row.Features), "", (int)r.Row.Label, null, r.Country, "oecd")));
        var final = CountryRiskModel.Fit(ml, rows.Select(r => r.Row).ToList(), version);
        var path = Path.Combine(modelsDir, "country", "model.zip");
        final.Save(path);
        var result = new CountryModelResult(version, path, rows.Count, folds, Math.Round(learned, 4), Math.Round(baseline, 4), unclassifiedAsZero);
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

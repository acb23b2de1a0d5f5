using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using RiskWatch.Core;
using RiskWatch.Scoring.Models;

namespace RiskWatch.Scoring;

/// <summary>Everything measured by one training run (also written as metrics.json beside the model).</summary>
public sealed record TrainMetrics(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("severityItems")] int SeverityItems,
    [property: JsonPropertyName("severityGroups")] int SeverityGroups,
    [property: JsonPropertyName("categoryItems")] int CategoryItems,
    [property: JsonPropertyName("learner")] string Learner,
    [property: JsonPropertyName("folds")] int Folds,
    [property: JsonPropertyName("severity")] ClassificationMetrics Severity,
    [property: JsonPropertyName("severityBaseline")] ClassificationMetrics SeverityBaseline,
    [property: JsonPropertyName("severityUnmasked")] ClassificationMetrics? SeverityUnmasked,
    [property: JsonPropertyName("severityHoldout")] ClassificationMetrics SeverityHoldout,
    [property: JsonPropertyName("holdoutFingerprint")] string HoldoutFingerprint,
    [property: JsonPropertyName("category")] ClassificationMetrics Category,
    [property: JsonPropertyName("seconds")] double Seconds);

/// <summary>The outcome of <see cref="ItemClassifierTrainer.Train"/>.</summary>
public sealed record TrainResult(string Version, string ModelPath, bool Promoted, string PromotionNote, TrainMetrics Metrics);

/// <summary>
/// Trains, evaluates and versions the item classifier. Severity is learned from official texts (their crosswalked level
/// is the label) with the level statements masked; category from the seed corpus plus any category-labelled texts.
/// Evaluation holds out whole groups (countries): one country's texts are never on both sides.
/// </summary>
public sealed class ItemClassifierTrainer(TimeProvider time)
{
    public ItemClassifierTrainer() : this(TimeProvider.System) { }

    /// <summary>Grouped folds for cross-validation; fold 0 is the hold-out used for promotion.</summary>
    public int Folds { get; init; } = 5;
    public TextLearner SeverityLearner { get; init; } = TextLearner.SeverityLinear;
    public TextLearner BaselineLearner { get; init; } = TextLearner.LogisticRegression;
    /// <summary>Adds the seed corpus's severity labels to the official texts when training severity.</summary>
    public bool IncludeSeedInSeverity { get; init; }
    public int MaxTextChars { get; init; } = TextPrep.DefaultMaxChars;
    /// <summary>The category seed texts; null means the shipped <see cref="SeedCorpus"/>.</summary>
    public IReadOnlyList<LabeledText>? SeedTexts { get; init; }
    /// <summary>The learner of the category head.</summary>
    public TextLearner CategoryLearner { get; init; } = TextLearner.LogisticRegression;
    /// <summary>Also cross-validates a model trained and tested on unmasked text, to show how much the printed label leaks.</summary>
    /// <summary>Off by default: it doubles training time, and <c>eval</c> reports the unmasked figure of the trained model anyway.</summary>
    public bool MeasureUnmasked { get; init; }
    /// <summary>
    /// False: a retraining run that only checks the promotion hold-out (fold 0) instead of cross-validating every fold and
    /// the baseline — what a scheduled retrain on many texts needs; <c>train</c> cross-validates.
    /// </summary>
    public bool CrossValidate { get; init; } = true;

    /// <param name="indicators">Country indicators (ISO-2 → indicator → latest value) for the severity head's country
    /// context; null: a text-only severity head.</param>
    public TrainResult Train(IReadOnlyList<LabeledText> data, string outDir, TextWriter log,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? indicators = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(log);
        var sw = Stopwatch.StartNew();
        var ml = new MLContext(seed: 1);
        var now = time.GetUtcNow();
        var seed = SeedTexts ?? SeedCorpus.Load();
        var sevData = data.Where(d => d.Severity is int s && RiskLevels.IsValid(s) && HasContent(d)).ToList();
        var dropped = data.Count(d => d.Severity is not null) - sevData.Count;
        var sevTrainBase = IncludeSeedInSeverity ? seed : [];
        var catData = seed.Concat(data.Where(d => d.Category is not null)).ToList();
        log.WriteLine($"severity: {sevData.Count} labelled texts in {sevData.Select(d => d.GroupKey).Distinct().Count()} groups ({dropped} saying too little once masked skipped); levels {string.Join(", ", sevData.GroupBy(d => d.Severity).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"))}");
        log.WriteLine($"category: {catData.Count} labelled texts ({seed.Count} seed)");
        if (indicators is { Count: > 0 })
            log.WriteLine($"severity country context: indicators for {indicators.Count} countries; {sevData.Count(d => TextModels.CountryOf(d) is { } c && indicators.ContainsKey(c))} of {sevData.Count} texts have their country's");
        else log.WriteLine("severity country context: none (no country indicators in the data): text only");
        if (sevData.Select(d => d.Severity).Distinct().Count() < 2) throw new InvalidOperationException("Training needs official texts of at least two levels; found " + sevData.Count + " labelled texts.");

        // The model that ships is fitted on everything; it does not depend on the evaluation, so it is fitted beside it
        // (each fit is single-threaded for most of its time: four at once keep both cores busy).
        var version = $"{now:yyyyMMdd-HHmmss}-{BundleTrainer.CorpusHash(sevData.Concat(catData))}";
        var shipped = Task.Run(() => BundleTrainer.Train(sevData.Concat(sevTrainBase).ToList(), catData, version, now, MaxTextChars, SeverityLearner, CategoryLearner, indicators));

        // Category: hold out whole seed events (and any labelled groups) so test texts describe events the model never saw.
        // Independent of the severity folds below, so it runs beside them.
        var categoryHoldout = Task.Run(() =>
        {
            var catFolds = catData.Select(d => Fold(d.GroupKey, Folds)).ToArray();
            var catTrain = catData.Where((_, i) => catFolds[i] != 0).ToList();
            var catTest = catData.Where((_, i) => catFolds[i] == 0).ToList();
            var catModel = TextHead.Fit(CategoryLearner, TextModels.CategoryRows(catTrain, MaxTextChars, mask: true));
            var catPred = PredictWith(catModel, catTest.Select(d => TextPrep.Row(d.Title, d.Text, MaxTextChars, true, out _)).ToList());
            return ClassificationMetrics.Compute(catTest.Select(d => d.Category!.Value.Key()).ToList(), catPred);
        });

        // Grouped cross-validation: out-of-fold predictions of every text, pooled into one confusion matrix.
        var folds = sevData.Select(d => Fold(d.GroupKey, Folds)).ToArray();
        var oof = new string[sevData.Count]; var oofBase = new string[sevData.Count]; var oofUnmasked = new string[sevData.Count];
        for (int f = 0; f < Folds; f++)
        {
            var train = sevData.Where((_, i) => folds[i] != f).Concat(sevTrainBase).ToList();
            var testIx = Enumerable.Range(0, sevData.Count).Where(i => folds[i] == f).ToList();
            if (testIx.Count == 0 || train.Select(t => t.Severity).Distinct().Count() < 2 || (!CrossValidate && f != 0)) continue;
            var test = testIx.Select(i => sevData[i]).ToList();
            Fill(oof, testIx, PredictSeverity(SeverityLearner, train, test, mask: true, indicators));
            if (CrossValidate) Fill(oofBase, testIx, PredictSeverity(BaselineLearner, train, test, mask: true, null));
            if (MeasureUnmasked) Fill(oofUnmasked, testIx, PredictSeverity(SeverityLearner, train, test, mask: false, indicators));
            log.WriteLine($"  fold {f + 1}/{Folds}: {test.Count} test texts, {sw.Elapsed.TotalSeconds:F0} s");
        }
        var truth = sevData.Select(d => d.Severity!.Value.ToString(CultureInfo.InvariantCulture)).ToList();
        var covered = Enumerable.Range(0, sevData.Count).Where(i => oof[i] is not null).ToList();
        var sevMetrics = ClassificationMetrics.Compute(covered.Select(i => truth[i]).ToList(), covered.Select(i => oof[i]).ToList());
        var baseMetrics = CrossValidate ? ClassificationMetrics.Compute(covered.Select(i => truth[i]).ToList(), covered.Select(i => oofBase[i]).ToList()) : ClassificationMetrics.Empty;
        var unmasked = MeasureUnmasked ? ClassificationMetrics.Compute(covered.Select(i => truth[i]).ToList(), covered.Select(i => oofUnmasked[i]).ToList()) : null;
        var hold = covered.Where(i => folds[i] == 0).ToList();
        var holdMetrics = ClassificationMetrics.Compute(hold.Select(i => truth[i]).ToList(), hold.Select(i => oof[i]).ToList());
        var fingerprint = BundleTrainer.CorpusHash(hold.Select(i => sevData[i]));
        log.WriteLine($"severity (masked, grouped {Folds}-fold CV, {SeverityLearner}): {sevMetrics}");
        foreach (var bySource in covered.GroupBy(i => sevData[i].Source).OrderBy(g => g.Key, StringComparer.Ordinal))
            log.WriteLine($"  {bySource.Key}: {ClassificationMetrics.Compute(bySource.Select(i => truth[i]).ToList(), bySource.Select(i => oof[i]).ToList())}");
        log.WriteLine($"severity baseline (masked, TF-IDF + logistic regression): {baseMetrics}");
        if (unmasked is not null) log.WriteLine($"severity unmasked (same learner, level statements left in): {unmasked}");

        var catMetrics = categoryHoldout.GetAwaiter().GetResult();
        log.WriteLine($"category (seed hold-out by event): {catMetrics}");

        var bundle = shipped.GetAwaiter().GetResult();
        var folder = Path.Combine(Path.GetFullPath(outDir), version);
        var modelPath = Path.Combine(folder, "model.zip");
        bundle.Save(modelPath);
        var metrics = new TrainMetrics(version, sevData.Count, sevData.Select(d => d.GroupKey).Distinct().Count(), catData.Count, SeverityLearner.ToString(), Folds,
            sevMetrics, baseMetrics, unmasked, holdMetrics, fingerprint, catMetrics, Math.Round(sw.Elapsed.TotalSeconds, 1));
        File.WriteAllText(Path.Combine(folder, "metrics.json"), JsonSerializer.Serialize(metrics, JsonOpts.Indented));

        var (promote, note) = ShouldPromote(ml, outDir, holdMetrics, fingerprint, hold.Select(i => sevData[i]).ToList());
        if (promote)
        {
            var current = Path.Combine(Path.GetFullPath(outDir), "current");
            Directory.CreateDirectory(current);
            File.Copy(Path.Combine(folder, "metrics.json"), Path.Combine(current, "metrics.json.tmp"), overwrite: true);
            File.Copy(modelPath, Path.Combine(current, "model.zip.tmp"), overwrite: true);
            File.Move(Path.Combine(current, "model.zip.tmp"), Path.Combine(current, "model.zip"), overwrite: true);
            File.Move(Path.Combine(current, "metrics.json.tmp"), Path.Combine(current, "metrics.json"), overwrite: true);
        }
        log.WriteLine($"model {version} saved to {modelPath}; {(promote ? "promoted to current" : "not promoted")}: {note} ({sw.Elapsed.TotalSeconds:F1} s)");
        return new TrainResult(version, modelPath, promote, note, metrics);
    }

    /// <summary>Runs a model (model.zip, or a folder holding it or holding current/model.zip) over labelled texts.</summary>
    public EvalResult Evaluate(string modelPathOrFolder, IReadOnlyList<LabeledText> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var ml = new MLContext(seed: 1);
        var bundle = ModelBundle.Load(ml, ResolveModel(modelPathOrFolder));
        return Evaluate(ml, bundle, data);
    }

    internal EvalResult Evaluate(MLContext ml, ModelBundle bundle, IReadOnlyList<LabeledText> data)
    {
        var notes = new List<string>();
        var sev = data.Where(d => d.Severity is int s && RiskLevels.IsValid(s)).ToList();
        var usable = sev.Where(HasContent).ToList();
        int skipped = sev.Count - usable.Count;
        if (skipped > 0) notes.Add($"{skipped} texts say too little once their level statements are masked (content < {MinContent}); not scored for severity");
        var truth = usable.Select(d => d.Severity!.Value.ToString(CultureInfo.InvariantCulture)).ToList();
        var masked = bundle.PredictSeverity(usable.Select(d => TextModels.Row(d, MaxTextChars, true)).ToList()).Select(p => p.Label).ToList();
        var plain = bundle.PredictSeverity(usable.Select(d => TextModels.Row(d, MaxTextChars, false)).ToList()).Select(p => p.Label).ToList();
        var cat = data.Where(d => d.Category is not null).ToList();
        var catPred = bundle.PredictCategory(cat.Select(d => TextPrep.Row(d.Title, d.Text, MaxTextChars, true, out _)).ToList()).Select(p => p.Label).ToList();
        if (cat.Count == 0) notes.Add("no category labels in this data (official texts carry none): category metrics are in the model's metrics.json (seed hold-out)");
        return new EvalResult(data.Count, bundle.Info.Version, true,
            ClassificationMetrics.Compute(truth, masked),
            ClassificationMetrics.Compute(cat.Select(d => d.Category!.Value.Key()).ToList(), catPred),
            new UnmaskedResult(ClassificationMetrics.Compute(truth, plain)),
            skipped, notes);
    }

    /// <summary>
    /// A text can be judged when, with its level statements masked, its body still describes something (about two
    /// sentences, <see cref="MinContent"/>). Index entries that carry only a level and "an editorial change was made" do not.
    /// </summary>
    internal bool HasContent(LabeledText d) => TextPrep.Content(d.Text.Length > MaxTextChars ? d.Text[..MaxTextChars] : d.Text) >= MinContent;

    /// <summary>Least content (Latin letters, ideographs count 3) of a text scored for severity in training and evaluation.</summary>
    public int MinContent { get; init; } = TextPrep.MinContent;

    private static string ResolveModel(string p)
    {
        if (File.Exists(p)) return p;
        if (File.Exists(Path.Combine(p, "model.zip"))) return Path.Combine(p, "model.zip");
        if (File.Exists(Path.Combine(p, "current", "model.zip"))) return Path.Combine(p, "current", "model.zip");
        throw new FileNotFoundException($"No model.zip at {p}, {p}/model.zip or {p}/current/model.zip", p);
    }

    private (bool, string) ShouldPromote(MLContext ml, string outDir, ClassificationMetrics hold, string fingerprint, IReadOnlyList<LabeledText> holdData)
    {
        var currentFolder = Path.Combine(Path.GetFullPath(outDir), "current");
        var currentModel = Path.Combine(currentFolder, "model.zip");
        if (!File.Exists(currentModel)) return (true, "no current model");
        try
        {
            // Same split: compare with what the current model measured on it when it was trained on the other folds.
            var metricsPath = Path.Combine(currentFolder, "metrics.json");
            if (File.Exists(metricsPath) && JsonSerializer.Deserialize<TrainMetrics>(File.ReadAllText(metricsPath), JsonOpts.Indented) is { } m && m.HoldoutFingerprint == fingerprint)
                return hold.MacroF1 >= m.SeverityHoldout.MacroF1
                    ? (true, $"hold-out macro-F1 {hold.MacroF1:F4} >= current {m.SeverityHoldout.MacroF1:F4}")
                    : (false, $"hold-out macro-F1 {hold.MacroF1:F4} < current {m.SeverityHoldout.MacroF1:F4}");
            var current = ModelBundle.Load(ml, currentModel);
            var cur = Evaluate(ml, current, holdData).Severity;
            return hold.MacroF1 >= cur.MacroF1
                ? (true, $"hold-out macro-F1 {hold.MacroF1:F4} >= current model's {cur.MacroF1:F4} on the same texts")
                : (false, $"hold-out macro-F1 {hold.MacroF1:F4} < current model's {cur.MacroF1:F4} on the same texts");
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or JsonException)
        {
            return (true, "current model unusable (" + ex.Message + ")");
        }
    }

    private List<string> PredictSeverity(TextLearner learner, List<LabeledText> train, List<LabeledText> test, bool mask,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? indicators)
    {
        var rows = TextModels.SeverityRows(train, MaxTextChars, mask);
        var model = TextHead.Fit(learner, rows, indicators);
        return PredictWith(model, test.Select(d => TextModels.Row(d, MaxTextChars, mask)).ToList());
    }

    private static List<string> PredictWith(TextHead model, IReadOnlyList<TextRow> rows) =>
        model.Predict(rows).Select(p => p.Label).ToList();

    private static void Fill(string[] target, List<int> ix, List<string> values)
    {
        for (int k = 0; k < ix.Count; k++) target[ix[k]] = values[k];
    }

    /// <summary>A stable fold for a group (FNV-1a of the key), so a country lands in the same fold in every run.</summary>
    internal static int Fold(string key, int folds)
    {
        uint h = 2166136261;
        foreach (var ch in key.ToUpperInvariant()) { h ^= ch; h *= 16777619; }
        return (int)(h % (uint)folds);
    }
}

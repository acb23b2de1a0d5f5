using System.Globalization;
using System.Text.Json.Serialization;

namespace RiskWatch.Scoring;

/// <summary>Precision, recall and F1 of one class.</summary>
public sealed record ClassMetrics(
    [property: JsonPropertyName("precision")] double Precision,
    [property: JsonPropertyName("recall")] double Recall,
    [property: JsonPropertyName("f1")] double F1,
    [property: JsonPropertyName("support")] int Support);

/// <summary>Multiclass metrics: macro-F1 over every class seen in truth or predictions (as scikit-learn does), per class, confusion matrix (rows truth, columns predicted, in <see cref="Classes"/> order).</summary>
public sealed record ClassificationMetrics(
    [property: JsonPropertyName("items")] int Items,
    [property: JsonPropertyName("macroF1")] double MacroF1,
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("classes")] IReadOnlyList<string> Classes,
    [property: JsonPropertyName("perClass")] IReadOnlyDictionary<string, ClassMetrics> PerClass,
    [property: JsonPropertyName("confusion")] IReadOnlyList<IReadOnlyList<int>> Confusion)
{
    public static ClassificationMetrics Empty { get; } = new(0, 0, 0, [], new Dictionary<string, ClassMetrics>(), []);

    public static ClassificationMetrics Compute(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        if (truth.Count != predicted.Count) throw new ArgumentException("truth and predictions differ in length");
        if (truth.Count == 0) return Empty;
        var classes = truth.Concat(predicted).Distinct().OrderBy(c => int.TryParse(c, out var n) ? n : int.MaxValue).ThenBy(c => c, StringComparer.Ordinal).ToList();
        var ix = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var m = new int[classes.Count, classes.Count];
        for (int k = 0; k < truth.Count; k++) m[ix[truth[k]], ix[predicted[k]]]++;
        var per = new Dictionary<string, ClassMetrics>();
        double sumF1 = 0; int correct = 0;
        for (int i = 0; i < classes.Count; i++)
        {
            int tp = m[i, i], row = 0, col = 0;
            for (int j = 0; j < classes.Count; j++) { row += m[i, j]; col += m[j, i]; }
            correct += tp;
            double p = col == 0 ? 0 : tp / (double)col, r = row == 0 ? 0 : tp / (double)row;
            double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
            per[classes[i]] = new ClassMetrics(Math.Round(p, 4), Math.Round(r, 4), Math.Round(f, 4), row);
            sumF1 += f;
        }
        var confusion = Enumerable.Range(0, classes.Count).Select(i => (IReadOnlyList<int>)Enumerable.Range(0, classes.Count).Select(j => m[i, j]).ToList()).ToList();
        return new ClassificationMetrics(truth.Count, Math.Round(sumF1 / classes.Count, 4), Math.Round(correct / (double)truth.Count, 4), classes, per, confusion);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"n={Items} macroF1={MacroF1:F4} acc={Accuracy:F4} ") +
        string.Join(" ", PerClass.Select(kv => string.Create(CultureInfo.InvariantCulture, $"[{kv.Key}: P={kv.Value.Precision:F2} R={kv.Value.Recall:F2} F1={kv.Value.F1:F2} n={kv.Value.Support}]")));
}

/// <summary>The unmasked side result of an evaluation.</summary>
public sealed record UnmaskedResult([property: JsonPropertyName("severity")] ClassificationMetrics Severity);

/// <summary>What <c>eval</c> prints: masked metrics are the headline, the unmasked severity beside them.</summary>
public sealed record EvalResult(
    [property: JsonPropertyName("items")] int Items,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("masked")] bool Masked,
    [property: JsonPropertyName("severity")] ClassificationMetrics Severity,
    [property: JsonPropertyName("category")] ClassificationMetrics Category,
    [property: JsonPropertyName("unmasked")] UnmaskedResult Unmasked,
    [property: JsonPropertyName("skipped")] int Skipped,
    [property: JsonPropertyName("notes")] IReadOnlyList<string> Notes)
{
    /// <summary>The JSON object the issue specifies (web casing, indented).</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, Models.JsonOpts.Indented);
}

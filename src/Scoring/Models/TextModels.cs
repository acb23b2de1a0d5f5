using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using RiskWatch.Core;

namespace RiskWatch.Scoring.Models;

/// <summary>The learners RiskWatch can train a text model with.</summary>
public enum TextLearner
{
    /// <summary>Word/char-bigram TF-IDF + SDCA maximum entropy (fast, the default for the seed model).</summary>
    Sdca,
    /// <summary>Word/char-bigram TF-IDF + L-BFGS multinomial logistic regression: the baseline the issue asks for.</summary>
    LogisticRegression,
    /// <summary>The severity model: TF-IDF n-grams plus hand-made risk-cue counts, L-BFGS maximum entropy with class weights.</summary>
    Severity,
}

/// <summary>Builds and fits the text pipelines. All pipelines read <see cref="TextRow"/>.</summary>
internal static class TextModels
{
    public static IEstimator<ITransformer> Pipeline(MLContext ml, TextLearner learner)
    {
        var featurize = ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.None, // TextPrep already lower-cased
            KeepDiacritics = true,
            KeepNumbers = true,
            KeepPunctuations = false,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        }, nameof(TextRow.Text));
        var label = ml.Transforms.Conversion.MapValueToKey("Label", nameof(TextRow.Label));
        IEstimator<ITransformer> trainer = learner switch
        {
            TextLearner.Sdca => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features", exampleWeightColumnName: nameof(TextRow.Weight), maximumNumberOfIterations: 30),
            TextLearner.LogisticRegression => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "Features", exampleWeightColumnName: nameof(TextRow.Weight)),
            _ => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "Label", FeatureColumnName = "Features", ExampleWeightColumnName = nameof(TextRow.Weight),
                L1Regularization = 0f, L2Regularization = 0.1f,
            }),
        };
        return label.Append(featurize).Append(trainer).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    }

    public static (ITransformer Model, DataViewSchema Schema) Fit(MLContext ml, TextLearner learner, IReadOnlyList<TextRow> rows)
    {
        var data = ml.Data.LoadFromEnumerable(rows);
        return (Pipeline(ml, learner).Fit(data), data.Schema);
    }

    /// <summary>Rows for the severity model; each class weighted by inverse frequency so rare extreme levels count (macro-F1 is the goal).</summary>
    public static List<TextRow> SeverityRows(IEnumerable<LabeledText> data, int maxChars, bool mask)
    {
        var rows = data.Where(d => d.Severity is int s && RiskLevels.IsValid(s))
            .Select(d => new TextRow { Text = TextPrep.Prepare(d.Title, d.Text, maxChars, mask, out _), Label = d.Severity!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .ToList();
        Balance(rows);
        return rows;
    }

    public static List<TextRow> CategoryRows(IEnumerable<LabeledText> data, int maxChars, bool mask)
    {
        var rows = data.Where(d => d.Category is not null)
            .Select(d => new TextRow { Text = TextPrep.Prepare(d.Title, d.Text, maxChars, mask, out _), Label = d.Category!.Value.Key() })
            .ToList();
        Balance(rows);
        return rows;
    }

    private static void Balance(List<TextRow> rows)
    {
        var counts = rows.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Count == 0) return;
        float mean = rows.Count / (float)counts.Count;
        foreach (var r in rows) r.Weight = mean / counts[r.Label];
    }
}

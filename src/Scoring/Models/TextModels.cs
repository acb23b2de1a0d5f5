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
    /// <summary>
    /// The severity model: TF-IDF word/ideograph n-grams of the text and of its lead, the 2,000 slots with most mutual
    /// information with the level, length features, LightGBM multiclass with class weights.
    /// </summary>
    Severity,
}

/// <summary>Builds and fits the text pipelines. All pipelines read <see cref="TextRow"/>.</summary>
internal static class TextModels
{
    /// <param name="maxNgrams">Dictionary cap per n-gram length; the severity head caps it so prediction stays cheap.</param>
    private static TextFeaturizingEstimator.Options Featurizer(int maxNgrams = 10_000_000) => new()
    {
        CaseMode = TextNormalizingEstimator.CaseMode.None, // TextPrep already lower-cased
        KeepDiacritics = true,
        KeepNumbers = true,
        KeepPunctuations = false,
        WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf, MaximumNgramsCount = [maxNgrams, maxNgrams] },
        CharFeatureExtractor = null, // measured: char 4-grams on top of words lowered macro-F1 (0.642 vs 0.668)
        Norm = TextFeaturizingEstimator.NormFunction.L2,
    };

    public static IEstimator<ITransformer> Pipeline(MLContext ml, TextLearner learner)
    {
        var label = ml.Transforms.Conversion.MapValueToKey("Label", nameof(TextRow.Label));
        IEstimator<ITransformer> chain;
        if (learner == TextLearner.Severity)
        {
            chain = label
                .Append(ml.Transforms.Text.FeaturizeText("FText", Featurizer(20_000), nameof(TextRow.Text)))
                .Append(ml.Transforms.Text.FeaturizeText("FLead", Featurizer(5_000), nameof(TextRow.Lead)))
                .Append(ml.Transforms.Concatenate("Words", "FText", "FLead"))
                .Append(ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount("Words", "Words", 3))
                .Append(ml.Transforms.FeatureSelection.SelectFeaturesBasedOnMutualInformation("Words", "Words", "Label", 2000))
                .Append(ml.Transforms.Concatenate("Features", "Words", nameof(TextRow.Dense)))
                .Append(ml.MulticlassClassification.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmMulticlassTrainer.Options
                {
                    LabelColumnName = "Label", FeatureColumnName = "Features", ExampleWeightColumnName = nameof(TextRow.Weight),
                    NumberOfLeaves = 8, MinimumExampleCountPerLeaf = 5, NumberOfIterations = 100, LearningRate = 0.1, Seed = 1, Silent = true,
                    NumberOfThreads = 1, // deterministic results; the box is shared
                }));
        }
        else
        {
            IEstimator<ITransformer> trainer = learner switch
            {
                TextLearner.Sdca => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features", exampleWeightColumnName: nameof(TextRow.Weight), maximumNumberOfIterations: 30),
                _ => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer.Options
                {
                    LabelColumnName = "Label", FeatureColumnName = "Features", ExampleWeightColumnName = nameof(TextRow.Weight),
                    L1Regularization = 0f, L2Regularization = 0.1f,
                }),
            };
            chain = label.Append(ml.Transforms.Text.FeaturizeText("Features", Featurizer(), nameof(TextRow.Text))).Append(trainer);
        }
        return chain.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
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
            .Select(d => TextPrep.Row(d.Title, d.Text, maxChars, mask, out _, d.Severity!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        Balance(rows);
        return rows;
    }

    public static List<TextRow> CategoryRows(IEnumerable<LabeledText> data, int maxChars, bool mask)
    {
        var rows = data.Where(d => d.Category is not null)
            .Select(d => TextPrep.Row(d.Title, d.Text, maxChars, mask, out _, d.Category!.Value.Key()))
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

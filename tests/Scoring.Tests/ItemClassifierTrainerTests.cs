using System.Text.Json;
using RiskWatch.Scoring;

namespace RiskWatch.Scoring.Tests;

public class ItemClassifierTrainerTests
{
    [Fact]
    public void Train_SmallSet_SavesVersionedModelMetricsAndPromotes()
    {
        var dir = Some.TempDir();
        try
        {
            var trainer = new ItemClassifierTrainer { Folds = 3, MinContent = 40, SeedTexts = Some.SmallSeed };
            var log = new StringWriter();
            var result = trainer.Train(Some.Advisories(), dir, log);

            Assert.True(result.Promoted, result.PromotionNote);
            Assert.True(File.Exists(result.ModelPath));
            Assert.True(File.Exists(Path.Combine(dir, result.Version, "metrics.json")));
            Assert.True(File.Exists(Path.Combine(dir, "current", "model.zip")));
            using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "current", "metrics.json")));
            Assert.True(metrics.RootElement.GetProperty("severity").GetProperty("macroF1").GetDouble() > 0);
            Assert.Contains("baseline", log.ToString(), StringComparison.Ordinal);

            // A second run on the same data is compared with the current model on the same split.
            var again = trainer.Train(Some.Advisories(), dir, TextWriter.Null);
            Assert.Contains("current", again.PromotionNote, StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Evaluate_PrintsTheIssueJsonShape_MaskedHeadlineAndUnmaskedBeside()
    {
        var dir = Some.TempDir();
        try
        {
            var trainer = new ItemClassifierTrainer { Folds = 3, MinContent = 40, SeedTexts = Some.SmallSeed };
            trainer.Train(Some.Advisories(), dir, TextWriter.Null);
            var eval = trainer.Evaluate(dir, Some.Advisories(perLevel: 3));
            using var json = JsonDocument.Parse(eval.ToJson());
            var root = json.RootElement;
            Assert.Equal(12, root.GetProperty("items").GetInt32());
            var sev = root.GetProperty("severity");
            Assert.InRange(sev.GetProperty("macroF1").GetDouble(), 0, 1);
            Assert.Equal(JsonValueKind.Object, sev.GetProperty("perClass").ValueKind);
            Assert.Equal(JsonValueKind.Array, sev.GetProperty("confusion").ValueKind);
            Assert.Equal(JsonValueKind.Object, root.GetProperty("category").ValueKind);
            Assert.True(root.GetProperty("unmasked").GetProperty("severity").TryGetProperty("macroF1", out _));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Evaluate_TextThatOnlyStatesItsLevel_IsCountedButNotScored()
    {
        var dir = Some.TempDir();
        try
        {
            var trainer = new ItemClassifierTrainer { Folds = 3, MinContent = 40, SeedTexts = Some.SmallSeed };
            trainer.Train(Some.Advisories(), dir, TextWriter.Null);
            var data = Some.Advisories(perLevel: 2).Append(new LabeledText("X - Level 4: Do Not Travel", "Do not travel. An editorial change was made.", "en", 5, null, "ZZ", "test")).ToList();
            var eval = trainer.Evaluate(Path.Combine(dir, "current", "model.zip"), data);
            Assert.Equal(9, eval.Items);
            Assert.Equal(8, eval.Severity.Items);
            Assert.Equal(1, eval.Skipped);
            Assert.Contains(eval.Notes, n => n.Contains("too little", StringComparison.Ordinal));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Evaluate_MissingModel_SaysWhereItLooked()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => new ItemClassifierTrainer().Evaluate("/nonexistent/model-folder", Some.Advisories(1)));
        Assert.Contains("model.zip", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_MacroF1_AveragesClassesSeenInTruthOrPredictions()
    {
        var m = ClassificationMetrics.Compute(["1", "1", "2", "5"], ["1", "2", "2", "4"]);
        // classes 1,2,4,5: F1 1 = 0.667, 2 = 0.667, 4 = 0, 5 = 0
        Assert.Equal(0.3333, m.MacroF1, 3);
        Assert.Equal(new[] { "1", "2", "4", "5" }, m.Classes);
        Assert.Equal(1, m.Confusion[3][2]);
    }

    [Fact]
    public void FromCollected_UsesCrosswalkedLevelAndFirstCountry()
    {
        var item = new RiskWatch.Core.CollectedItem { Source = "us-state", SourceItemId = "x", Title = "T", Text = "crime", Level = 4, Countries = ["ml", "NE"] };
        var l = LabeledText.FromCollected(item);
        Assert.Equal(4, l.Severity);
        Assert.Equal("ML", l.GroupKey);
        Assert.Equal("en", l.Language);
    }
}

public class TextHeadTests
{
    [Theory]
    [InlineData(Models.TextLearner.LogisticRegression)]
    [InlineData(Models.TextLearner.Sdca)]
    [InlineData(Models.TextLearner.SeverityLinear)]
    public void Predict_LinearHead_GivesWhatTheMlNetModelGives(Models.TextLearner learner)
    {
        var data = Some.SmallSeed.Concat(Some.Advisories()).ToList();
        var rows = learner == Models.TextLearner.SeverityLinear ? Models.TextModels.SeverityRows(data, 12_000, true) : Models.TextModels.CategoryRows(data, 12_000, true);
        foreach (var r in rows) r.Source = null; // the global model alone (ML.NET's transform knows no per-publisher heads)
        var head = Models.TextHead.Fit(learner, rows);
        Assert.True(head.IsLinear);
        var fast = head.Predict(rows);
        var reference = head.PredictByTransform(rows);
        Assert.Equal(reference.Length, fast.Length);
        for (int i = 0; i < fast.Length; i++)
        {
            Assert.Equal(reference[i].Label, fast[i].Label);
            for (int c = 0; c < fast[i].Probabilities.Length; c++) Assert.True(Math.Abs(reference[i].Probabilities[c] - fast[i].Probabilities[c]) < 1e-4, $"row {i} class {c}: {reference[i].Probabilities[c]} vs {fast[i].Probabilities[c]}");
        }
    }
}

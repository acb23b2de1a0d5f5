using RiskWatch.Core;
using RiskWatch.Scoring;

namespace RiskWatch.Scoring.Tests;

public class MlItemClassifierTests(ClassifierFixture fx) : IClassFixture<ClassifierFixture>
{
    [Fact]
    public void Start_WithNoModel_TrainsSeedModelAndSavesItAsCurrent()
    {
        Assert.StartsWith("seed-", fx.Classifier.ModelVersion, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fx.ModelsDir, "current", "model.zip")));
        Assert.Null(fx.Classifier.HealthProblem);
    }

    [Fact]
    public void Classify_EmptyText_GivesZeroConfidenceWithNote()
    {
        var r = fx.Classifier.Classify([Some.En("", ""), Some.En("   ", "\n\t")]);
        Assert.All(r, c =>
        {
            Assert.Equal(0, c.SeverityConfidence);
            Assert.Equal(0, c.CategoryConfidence);
            Assert.Contains("empty", c.Note, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public void Classify_OneMegabyteText_AnswersWithTruncationNote()
    {
        var huge = string.Concat(Enumerable.Repeat("Protesters blocked roads and clashed with police in the capital. ", 16_000));
        Assert.True(huge.Length > 1_000_000);
        var r = fx.Classifier.Classify([Some.En("Protests", huge)]).Single();
        Assert.Contains("cut", r.Note, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(r.Severity, RiskLevels.Min, RiskLevels.Max);
    }

    [Fact]
    public void Classify_OtherScript_GivesLowConfidenceAndSaysWhy()
    {
        var r = fx.Classifier.Classify([new ClassifierInput("Протесты в столице", "Тысячи людей вышли на улицы столицы, полиция применила слезоточивый газ.", "ru")]).Single();
        Assert.True(r.SeverityConfidence <= 0.2, $"confidence {r.SeverityConfidence}");
        Assert.Contains("script", r.Note, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Classify_Batch_KeepsOrderAndJudgesCategories()
    {
        var r = fx.Classifier.Classify([
            Some.En("Bomb attack", "A suicide bomber attacked a crowded market and an extremist group claimed responsibility."),
            new ClassifierInput("地震", "据报道，沿海地区发生7级地震，已造成数十人死亡，数千人被疏散。", "zh"),
            Some.En("Rates", "The central bank raised interest rates to curb inflation and the currency fell."),
        ]);
        Assert.Equal(3, r.Count);
        Assert.Equal(RiskCategory.TerrorismSecurity, r[0].Category);
        Assert.Equal(RiskCategory.NaturalDisaster, r[1].Category);
        Assert.Equal(RiskCategory.EconomicFinancial, r[2].Category);
        Assert.All(r, c => Assert.True(c.CategoryConfidence > 0));
    }

    [Fact]
    public void Classify_NullOrEmptyBatch_ReturnsEmpty()
    {
        Assert.Empty(fx.Classifier.Classify([]));
    }

    [Fact]
    public void CorruptModelFile_KeepsLastGoodModelAndReportsWhy()
    {
        var dir = Some.TempDir();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "current"));
            File.Copy(Path.Combine(fx.ModelsDir, "current", "model.zip"), Path.Combine(dir, "current", "model.zip"));
            var c = ClassifierFixture.New(dir);
            var good = c.ModelVersion;
            Assert.Null(c.HealthProblem);

            File.WriteAllText(Path.Combine(dir, "current", "model.zip"), "this is not a zip");
            File.SetLastWriteTimeUtc(Path.Combine(dir, "current", "model.zip"), DateTime.UtcNow.AddMinutes(1));
            var r = c.Classify([Some.En("Bomb attack", "A car bomb exploded outside a ministry.")]).Single();

            Assert.Equal(good, c.ModelVersion);
            Assert.Contains("unusable", c.HealthProblem, StringComparison.Ordinal);
            Assert.True(r.CategoryConfidence > 0);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void CorruptModelAtStart_FallsBackToSeedModelInMemory()
    {
        var dir = Some.TempDir();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "current"));
            File.WriteAllBytes(Path.Combine(dir, "current", "model.zip"), [0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
            var c = ClassifierFixture.New(dir);
            var r = c.Classify([Some.En("Flood", "Severe flooding submerged roads and villages.")]).Single();
            Assert.NotNull(c.HealthProblem);
            Assert.StartsWith("seed-", c.ModelVersion, StringComparison.Ordinal);
            Assert.True(r.CategoryConfidence > 0);
            Assert.Equal(7, new FileInfo(Path.Combine(dir, "current", "model.zip")).Length); // the bad file is left for inspection
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("seed-20261101-abcdef01", true)]
    [InlineData("20261101-120000-abcdef01", false)]
    public void ModelOfAnEarlierFormat_SeedIsTrainedAgain_TrainedOneIsKeptAndReported(string version, bool replaced)
    {
        var dir = Some.TempDir();
        try
        {
            // The layout before the own featurizer: severity.zip and category.zip (ML.NET pipelines), info.json, no .ngrams.
            var path = Path.Combine(dir, "current", "model.zip");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
            {
                using (var w = new StreamWriter(zip.CreateEntry("info.json").Open()))
                    w.Write($$"""{"version":"{{version}}","trained":"2026-11-01T00:00:00+00:00","severityItems":1,"categoryItems":1,"masked":true,"maxChars":12000,"trainer":"x"}""");
                using (var w = new StreamWriter(zip.CreateEntry("severity.zip").Open())) w.Write("old");
                using (var w = new StreamWriter(zip.CreateEntry("category.zip").Open())) w.Write("old");
            }
            var c = ClassifierFixture.New(dir);
            Assert.True(c.Classify([Some.En("Flood", "Severe flooding submerged roads and villages.")]).Single().CategoryConfidence > 0);
            Assert.StartsWith("seed-2026", c.ModelVersion, StringComparison.Ordinal);
            if (replaced)
            {
                Assert.Null(c.HealthProblem);
                Assert.NotNull(Models.ModelBundle.Load(new Microsoft.ML.MLContext(1), path)); // saved in the current format
            }
            else
            {
                Assert.Contains("run `train` again", c.HealthProblem, StringComparison.Ordinal);
                Assert.Throws<Models.OutdatedModelException>(() => Models.ModelBundle.Load(new Microsoft.ML.MLContext(1), path)); // left as it was
            }
        }
        finally { Directory.Delete(dir, true); }
    }
}

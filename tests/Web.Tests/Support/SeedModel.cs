namespace RiskWatch.Web.Tests.Support;

/// <summary>
/// The seed classifier, trained once per test run and copied into each app's data folder, so apps start without training
/// it again (shared by Web.Tests and, linked, Faults.Tests).
/// </summary>
public static class SeedModel
{
    private static readonly Lazy<string> Trained = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "riskwatch-tests", "seed-model-" + Environment.ProcessId);
        var classifier = new RiskWatch.Scoring.MlItemClassifier(
            Microsoft.Extensions.Options.Options.Create(new RiskWatch.Scoring.ScoringOptions { ModelsDirectory = dir }),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<RiskWatch.Scoring.MlItemClassifier>.Instance);
        _ = classifier.ModelVersion; // trains and saves the seed model
        return Path.Combine(dir, "current", "model.zip");
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Puts the seed model in <c>&lt;dataDirectory&gt;/models/current</c> unless a model is there.</summary>
    public static void CopyInto(string dataDirectory)
    {
        var models = Path.Combine(dataDirectory, "models", "current");
        Directory.CreateDirectory(models);
        var target = Path.Combine(models, "model.zip");
        if (!File.Exists(target)) File.Copy(Trained.Value, target);
    }
}

using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskWatch.Core;
using RiskWatch.Scoring;

namespace RiskWatch.Bench;

/// <summary>Batched prediction with the ML.NET item classifier, using a model trained from the seed corpus in a temp folder.</summary>
internal static class PredictionBench
{
    /// <summary>The classifier over <paramref name="modelsDir"/>: the first use trains the seed model there (or loads the one trained earlier in this run).</summary>
    public static MlItemClassifier Classifier(string modelsDir) =>
        new(Options.Create(new ScoringOptions { ModelsDirectory = modelsDir }), TimeProvider.System, NullLogger<MlItemClassifier>.Instance);

    public static void Run(Report report, Scale scale, string modelsDir)
    {
        var classifier = Classifier(modelsDir);
        var sw = Stopwatch.StartNew();
        var version = classifier.ModelVersion; // trains the seed model on first use
        var train = sw.Elapsed.TotalSeconds;
        // A classifier without a model answers low-confidence defaults: timing that would measure nothing.
        if (classifier.HealthProblem is { } problem) throw new InvalidOperationException("the classifier has no usable model: " + problem);

        var gen = new Synthetic(5);
        var inputs = new List<ClassifierInput>(scale.PredictionItems);
        for (int i = 0; i < scale.PredictionItems; i++)
        {
            var zh = i % 2 == 0;
            var (title, text, _) = gen.Text(gen.Country(), zh, 1000);
            inputs.Add(new ClassifierInput(title, text, zh ? "zh" : "en"));
        }
        const int batch = 1000; // the ingest pipeline's batch size
        classifier.Classify(inputs.Take(batch).ToList()); // warm-up
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        sw.Restart();
        int lowConfidence = 0;
        foreach (var chunk in inputs.Chunk(batch))
            lowConfidence += classifier.Classify(chunk).Count(c => c.Note is not null);
        var s = sw.Elapsed.TotalSeconds;
        proc.Refresh();
        var cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        var rate = inputs.Count / s;
        report.Add(new Figure("batched prediction", Report.N(rate), "items/s", $">= 20,000 items/s on {Environment.ProcessorCount} cores", rate >= 20_000,
            $"MlItemClassifier.Classify (category and severity) over {inputs.Count:N0} generated items of about 1 KB (half Chinese, half English) in batches of {batch:N0}: " +
            $"{s:F1} s wall, {cpu:F1} s CPU ({cpu / s:F1} cores busy on average, {Report.N(inputs.Count / cpu)} items per CPU-second); model {version} trained from the seed corpus in {train:F1} s into a temp folder; " +
            $"{lowConfidence:N0} predictions carried a low-confidence note."));
    }
}

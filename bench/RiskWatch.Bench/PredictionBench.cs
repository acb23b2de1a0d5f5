using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskWatch.Core;
using RiskWatch.Scoring;

namespace RiskWatch.Bench;

/// <summary>
/// Batched prediction with the ML.NET item classifier, with a model of the kind `train` ships (the linear severity head
/// with the country context and per-publisher heads, the category head on the seed corpus), trained in a temp folder.
/// </summary>
internal static class PredictionBench
{
    /// <summary>The classifier over <paramref name="modelsDir"/>: it loads the current model there (this bench trains one; without one, the first use trains the seed model).</summary>
    public static MlItemClassifier Classifier(string modelsDir) =>
        new(Options.Create(new ScoringOptions { ModelsDirectory = modelsDir }), TimeProvider.System, NullLogger<MlItemClassifier>.Instance);

    public static void Run(Report report, Scale scale, string modelsDir)
    {
        var gen = new Synthetic(5);
        var sw = Stopwatch.StartNew();
        // The heavier model a product runs after `train`: one more linear pass per item for its publisher's head.
        var labelled = Enumerable.Range(0, 5_000).Select(gen.Labelled).ToList();
        var trained = new ItemClassifierTrainer { CrossValidate = false }.Train(labelled, modelsDir, TextWriter.Null, Synthetic.Indicators());
        var classifier = Classifier(modelsDir);
        var version = classifier.ModelVersion;
        var train = sw.Elapsed.TotalSeconds;
        // A classifier without a model answers low-confidence defaults: timing that would measure nothing.
        if (classifier.HealthProblem is { } problem) throw new InvalidOperationException("the classifier has no usable model: " + problem);
        if (version != trained.Version) throw new InvalidOperationException($"the classifier loaded {version}, not the model trained for the bench ({trained.Version})");

        var inputs = new List<ClassifierInput>(scale.PredictionItems);
        for (int i = 0; i < scale.PredictionItems; i++)
        {
            var zh = i % 2 == 0;
            var country = gen.Country();
            var (title, text, _) = gen.Text(country, zh, 1000);
            inputs.Add(new ClassifierInput(title, text, zh ? "zh" : "en", [country.Iso2], Synthetic.Publishers[i % Synthetic.Publishers.Length]));
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
            $"MlItemClassifier.Classify (category and severity) over {inputs.Count:N0} generated items of about 1 KB (half Chinese, half English, each with its country and one of three publishers) in batches of {batch:N0}: " +
            $"{s:F1} s wall, {cpu:F1} s CPU ({cpu / s:F1} cores busy on average, {Report.N(inputs.Count / cpu)} items per CPU-second); model {version} of the kind `train` ships " +
            $"(severity: linear head, country context, per-publisher heads; category on the seed corpus) trained on 5,000 generated texts in {train:F1} s into a temp folder; " +
            $"{lowConfidence:N0} predictions carried a low-confidence note."));
    }
}

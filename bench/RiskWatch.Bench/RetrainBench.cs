using System.Diagnostics;
using RiskWatch.Core;
using RiskWatch.Scoring;

namespace RiskWatch.Bench;

/// <summary>
/// Retraining the item classifier on many labelled texts, as a scheduled retrain would: the promotion hold-out (one grouped
/// fold) is checked, the full model fitted, versioned and promoted. The texts are generated about 1 KB items whose
/// severity follows their category (armed conflict and terrorism high, other low) with noise, half Chinese, half English.
/// </summary>
internal static class RetrainBench
{
    /// <param name="includeSeed">The full run retrains as the product does, with the shipped seed corpus in the category head;
    /// --quick leaves it out to stay short.</param>
    public static void Run(Report report, Scale scale, string outDir, bool includeSeed)
    {
        var gen = new Synthetic(11);
        var data = Enumerable.Range(0, scale.RetrainItems).Select(gen.Labelled).ToList();
        var trainer = new ItemClassifierTrainer { CrossValidate = false, SeedTexts = includeSeed ? null : [] };
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var result = trainer.Train(data, outDir, TextWriter.Null, Synthetic.Indicators());
        var s = sw.Elapsed.TotalSeconds;
        proc.Refresh();
        var cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        report.Add(new Figure($"retrain classifier on {scale.RetrainItems:N0} items", s.ToString("F1", System.Globalization.CultureInfo.InvariantCulture), "s",
            "<= 120 s for 100,000 items", scale.RetrainItems >= 100_000 ? s <= 120 : null,
            $"ItemClassifierTrainer.Train with CrossValidate off (the promotion hold-out fold only) over {data.Count:N0} generated labelled texts of about 1 KB " +
            $"(half Chinese, half English, {data.Select(d => d.GroupKey).Distinct().Count()} countries as groups, three publishers each with a head of its own, every country's indicators as the country context){(includeSeed ? " plus the shipped seed corpus for the category head" : " (the seed corpus left out in --quick)")}: " +
            $"{s:F1} s wall, {cpu:F1} s CPU; hold-out severity macro-F1 {result.Metrics.SeverityHoldout.MacroF1:F3}, category {result.Metrics.Category.MacroF1:F3} " +
            $"(generated texts, so these say only that the fit works); model {(result.Promoted ? "promoted" : "not promoted")}."));
    }
}

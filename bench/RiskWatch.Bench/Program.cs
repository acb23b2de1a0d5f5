using System.Diagnostics;
using RiskWatch.Bench;

// RiskWatch benchmark suite. Full run: `dotnet run -c Release --project bench/RiskWatch.Bench` (writes docs/benchmarks.md);
// `-- --quick` runs the same measurements at a smaller scale (writes docs/benchmarks-quick.md). `-- --only index,matching` runs a subset.
// Detail steps (analysis, highlight, email-detail) answer one design question each and run only when named in --only.
// Options: --items N (items of index, analysis, highlight), --index-dir DIR (a kept index for index and highlight),
// --batch N and --threads 0,1 (analysis), --emails N and --pools 1,2,4 (email-detail).
if (args.Length == 4 && args[0] == "--idle-child")
    return await IdleBench.ChildAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
var quick = args.Contains("--quick");
string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
int? IntArg(string name) => Arg(name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;
int[]? IntsArg(string name) => Arg(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
    .Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
var only = Arg("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var items = IntArg("--items");
var indexDir = Arg("--index-dir");
var scale = quick ? Scale.Quick : Scale.Full;
if (IntArg("--index-budget") is int budget) scale = scale with { IndexBudgetSeconds = budget };
if (items is int count) scale = scale with { IndexItems = count };

var command = "dotnet run -c Release --project bench/RiskWatch.Bench" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
var report = new Report(quick, command);
var root = RepoRoot();
var work = Path.Combine(Path.GetTempPath(), "riskwatch-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
Console.WriteLine($"RiskWatch benchmarks ({(quick ? "quick" : "full")}), {Environment.ProcessorCount} cores, work folder {work}, load average {Report.LoadAverage()}");
var total = Stopwatch.StartNew();

// A detail step (explicitOnly) runs only when --only names it: the full run stays the set of figures docs/benchmarks.md reports.
bool Run(string name, bool explicitOnly) => only is null ? !explicitOnly : only.Contains(name, StringComparer.OrdinalIgnoreCase);
async Task Step(string name, string title, Func<Task> body, bool explicitOnly = false)
{
    if (!Run(name, explicitOnly)) return;
    report.Section(title);
    var sw = Stopwatch.StartNew();
    try { await body(); }
    catch (Exception e)
    {
        // One broken measurement is reported and the others still run.
        report.Note($"{title}: the measurement failed ({e.GetType().Name}: {e.Message})");
        Console.Error.WriteLine(e);
    }
    Console.WriteLine($"   ({title}: {sw.Elapsed.TotalSeconds:F1} s)");
}

try
{
    await Step("parse", "Parsing", () => { ParseBench.Run(report, scale); return Task.CompletedTask; });
    await Step("index", "Index (Lucene): bulk ingest, search, memory", () => IndexBench.RunAsync(report, scale, Path.Combine(work, "index"), indexDir));
    await Step("matching", "Alert matching", () => { MatchingBench.Run(report, scale); return Task.CompletedTask; });
    await Step("prediction", "Batched prediction", () => { PredictionBench.Run(report, scale, Path.Combine(work, "models")); return Task.CompletedTask; });
    await Step("retrain", "Retraining the classifier", () => { RetrainBench.Run(report, scale, Path.Combine(work, "retrain"), includeSeed: !quick); return Task.CompletedTask; });
    await Step("pipeline", "Full ingest pipeline", () => PipelineBench.RunAsync(report, scale, Path.Combine(work, "pipeline"), Path.Combine(work, "models")));
    await Step("email", "Email sending", () => EmailBench.RunAsync(report, scale, Path.Combine(work, "email")));
    await Step("idle", "Idle scheduler", () => IdleBench.RunAsync(report, scale, Path.Combine(work, "idle")));
    await Step("e2e", "End to end", () => EndToEndBench.RunAsync(report, scale, Path.Combine(work, "e2e"), Path.Combine(work, "models")));
    await Step("analysis", "Chinese analysis: bigrams against SmartCn (ingest, recall)", () => AnalysisBench.RunAsync(report, Path.Combine(work, "analysis"),
        items ?? 20_000, IntArg("--batch") ?? 1_000, IntsArg("--threads") ?? [0, 1], root), explicitOnly: true);
    await Step("highlight", "Highlighting: TermHighlighter against Lucene's Highlighter", () => HighlightBench.RunAsync(report, indexDir ?? Path.Combine(work, "highlight"),
        items ?? 300_000), explicitOnly: true);
    await Step("email-detail", "Email sending by pool size and to the pickup folder", () => EmailBench.RunDetailAsync(report, Path.Combine(work, "email-detail"),
        IntArg("--emails") ?? 3_000, IntsArg("--pools") ?? [1, 2, 4]), explicitOnly: true);
}
finally
{
    try { Directory.Delete(work, recursive: true); }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Console.Error.WriteLine($"could not delete {work}: {e.Message}"); }
}

if (report.MaxLoad > Environment.ProcessorCount)
    report.Note($"The 1-minute load average reached {report.MaxLoad:F0} on {Environment.ProcessorCount} cores during this run (other engineers' builds and tests): " +
                "the benchmark got a fraction of the CPU, so wall-clock throughputs are lower and tail latencies higher than on an idle machine. " +
                "The per-CPU-second figures in the details are the cost of the work itself and are much less affected.");
var elapsed = total.Elapsed;
Console.WriteLine();
Console.WriteLine($"done in {elapsed.TotalSeconds:F0} s; load average {Report.LoadAverage()}");
// The full run writes docs/benchmarks.md; a quick run (or a subset) writes its report beside the program, leaving docs/ alone.
if (root is not null)
{
    var path = quick || only is not null
        ? Path.Combine(AppContext.BaseDirectory, "benchmarks-quick.md")
        : Path.Combine(root, "docs", "benchmarks.md");
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    File.WriteAllText(path, report.Markdown(elapsed));
    Console.WriteLine($"wrote {path}");
}
return 0;

static string? RepoRoot()
{
    foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "RiskWatch.sln"))) return d.FullName;
    }
    return null;
}

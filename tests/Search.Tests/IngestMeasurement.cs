using System.Diagnostics;
using System.Text.RegularExpressions;
using RiskWatch.Core;
using RiskWatch.Search.Lucene;
using Xunit.Abstractions;

namespace RiskWatch.Search.Tests;

/// <summary>
/// A quick ingest measurement, not a test: runs only with RISKWATCH_BENCH=1 (items from RISKWATCH_BENCH_ITEMS, default 20000).
/// Text comes from the shared real captures when they are there (Chinese MFA pages, US advisories), else from synthetic words.
/// </summary>
public sealed partial class IngestMeasurement(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ChineseAnalysis.Bigram, 0)]
    [InlineData(ChineseAnalysis.SmartCn, 0)]
    [InlineData(ChineseAnalysis.Bigram, 1)]
    [InlineData(ChineseAnalysis.SmartCn, 1)]
    public async Task Measure_BulkIngest(ChineseAnalysis analysis, int threads)
    {
        if (Environment.GetEnvironmentVariable("RISKWATCH_BENCH") != "1")
        {
            output.WriteLine("SKIPPED: set RISKWATCH_BENCH=1 to measure ingest.");
            return;
        }
        var n = int.TryParse(Environment.GetEnvironmentVariable("RISKWATCH_BENCH_ITEMS"), out var v) ? v : 20_000;
        var items = Items(n);
        using var folder = new TempFolder();
        using var index = new LuceneRiskIndex(folder.Path, new LuceneIndexOptions { ChineseAnalysis = analysis, IndexingThreads = threads });
        var bytes = items.Sum(i => (long)System.Text.Encoding.UTF8.GetByteCount(i.Title + i.Text));
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var batchSize = int.TryParse(Environment.GetEnvironmentVariable("RISKWATCH_BENCH_BATCH"), out var bs) ? bs : 1000;
        foreach (var batch in items.Chunk(batchSize)) await index.UpsertAsync(batch, CancellationToken.None);
        sw.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        // Analysis alone, one thread, for the Chinese half: what the choice of analyzer costs.
        var zhItems = items.Where(i => i.Language == "zh").ToList();
        var a0 = Process.GetCurrentProcess().TotalProcessorTime;
        using (var analyzer = Fields.Chinese(analysis))
            foreach (var i in zhItems)
            {
                using var ts = analyzer.GetTokenStream(Fields.TextZh, i.Text);
                ts.Reset();
                while (ts.IncrementToken()) { }
                ts.End();
            }
        var analysisCpu = (Process.GetCurrentProcess().TotalProcessorTime - a0).TotalSeconds;

        var q = Stopwatch.StartNew();
        var queries = new[] { "安全", "恐怖袭击", "security", "\"travel advisory\"", "签证 OR visa" };
        var times = new List<double>();
        for (int r = 0; r < 20; r++)
            foreach (var text in queries)
            {
                var t = Stopwatch.StartNew();
                await index.SearchAsync(new SearchQuery { Text = text, HistogramInterval = "week" }, CancellationToken.None);
                times.Add(t.Elapsed.TotalMilliseconds);
            }
        times.Sort();
        var size = Directory.GetFiles(folder.Path).Sum(f => new FileInfo(f).Length);
        output.WriteLine($"{analysis} batch={batchSize} threads={(threads == 0 ? Environment.ProcessorCount : threads)}: {n} items ({bytes / n} B avg) in {sw.Elapsed.TotalSeconds:F1} s = " +
            $"{n / sw.Elapsed.TotalSeconds:F0} items/s, {bytes / sw.Elapsed.TotalSeconds / 1e6:F2} MB/s; CPU {cpu:F1} s = {n / cpu:F0} items per CPU-second; " +
            $"Chinese analysis alone {zhItems.Count / analysisCpu:F0} items per CPU-second; index {size / 1e6:F1} MB; " +
            $"search+facets+histogram p50 {times[times.Count / 2]:F1} ms p99 {times[(int)(times.Count * 0.99)]:F1} ms; load {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    [Fact]
    public async Task Measure_ChineseRecall_BigramVersusSmartCn()
    {
        if (Environment.GetEnvironmentVariable("RISKWATCH_BENCH") != "1")
        {
            output.WriteLine("SKIPPED: set RISKWATCH_BENCH=1 to measure.");
            return;
        }
        var (zh, _) = Pools();
        if (zh.Length < 5000)
        {
            output.WriteLine("SKIPPED: the shared captures are not here.");
            return;
        }
        var docs = Enumerable.Range(0, zh.Length / 330).Select(i => Some.Item($"q{i:D5}", "", zh.Substring(i * 330, 330), "zh")).ToList();
        string[] terms = ["恐怖袭击", "袭击", "安全", "签证", "抢劫", "盗窃", "疫情", "地震", "治安", "绑架", "恐怖", "中国公民", "入境", "罢工", "示威", "枪击", "洪水", "传染病", "交通事故", "使馆", "海关", "护照", "毒品", "武装冲突", "政局", "火", "疫", "枪"];
        foreach (var analysis in new[] { ChineseAnalysis.Bigram, ChineseAnalysis.SmartCn })
        {
            using var folder = new TempFolder();
            using var index = new LuceneRiskIndex(folder.Path, new LuceneIndexOptions { ChineseAnalysis = analysis });
            await index.UpsertAsync(docs, CancellationToken.None);
            long truth = 0, found = 0, wrong = 0;
            var misses = new List<string>();
            foreach (var t in terms)
            {
                var expected = docs.Where(d => d.Text.Contains(t, StringComparison.Ordinal)).Select(d => d.Id).ToHashSet();
                var r = await index.SearchAsync(new SearchQuery { Text = t, Size = 1000, IncludeFacets = false, Highlight = false }, CancellationToken.None);
                var got = r.Hits.Select(h => h.Item.Id).ToHashSet();
                truth += expected.Count;
                found += got.Intersect(expected).Count();
                wrong += got.Except(expected).Count();
                if (got.Intersect(expected).Count() < expected.Count) misses.Add($"{t} {got.Intersect(expected).Count()}/{expected.Count}");
            }
            output.WriteLine($"{analysis}: {docs.Count} real Chinese chunks, {terms.Length} terms: found {found} of {truth} chunks containing the term " +
                $"(recall {100.0 * found / truth:F1}%), {wrong} hits without it; short of full recall: {string.Join("; ", misses)}");
        }
    }

    private static List<RiskItem> Items(int n)
    {
        var (zh, en) = Pools();
        var rnd = new Random(42);
        var list = new List<RiskItem>(n);
        for (int i = 0; i < n; i++)
        {
            var s = Some.Synthetic(i, "b");
            if (zh.Length > 5000 && en.Length > 5000)
            {
                var pool = s.Language == "zh" ? zh : en;
                // ~1 KB: 330 Chinese characters (3 bytes each) or 1000 Latin ones.
                var len = s.Language == "zh" ? 330 : 1000;
                var at = rnd.Next(0, pool.Length - len);
                s = s with { Text = pool.Substring(at, len) };
            }
            list.Add(s);
        }
        return list;
    }

    private static (string Zh, string En) Pools()
    {
        var root = RepoPaths.SharedSources();
        if (root is null) return ("", "");
        var zh = new System.Text.StringBuilder();
        var en = new System.Text.StringBuilder();
        foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".json") || f.EndsWith(".xml")))
        {
            var text = Tags().Replace(System.Net.WebUtility.HtmlDecode(File.ReadAllText(f)), " ");
            foreach (Match m in CjkRun().Matches(text)) zh.Append(m.Value);
            foreach (Match m in LatinRun().Matches(text)) en.Append(m.Value).Append(' ');
        }
        return (zh.ToString(), en.ToString());
    }

    [GeneratedRegex("<[^>]{0,200}>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"[\u4e00-\u9fff，。、；：“”（）0-9]{20,}")]
    private static partial Regex CjkRun();

    [GeneratedRegex(@"(?:[A-Za-z][A-Za-z'’-]*[ ,.;:]+){8,}")]
    private static partial Regex LatinRun();
}

/// <summary>Finds the shared reference captures by walking up to the repository root.</summary>
internal static class RepoPaths
{
    public static string? SharedSources()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RiskWatch.sln")))
            {
                var p = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference", "sources"));
                return Directory.Exists(p) ? p : null;
            }
        }
        return null;
    }
}

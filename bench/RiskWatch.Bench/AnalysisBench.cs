using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using RiskWatch.Core;
using RiskWatch.Search;
using RiskWatch.Search.Lucene;

namespace RiskWatch.Bench;

/// <summary>
/// The choice of Chinese analysis (<see cref="ChineseAnalysis"/>): ingest through UpsertAsync with bigrams and with SmartCn
/// by indexing threads, the analysis alone, searches on the result, and the recall of both on real Chinese text. A detail step
/// (<c>--only analysis</c>): the default analysis was chosen from these figures, the full run does not repeat them.
/// Texts come from the shared reference captures, read in place (never copied), when they are beside the repository;
/// else the generated texts of <see cref="Synthetic"/> are indexed and the recall is not measured.
/// </summary>
internal static partial class AnalysisBench
{
    private static readonly ChineseAnalysis[] Analyses = [ChineseAnalysis.Bigram, ChineseAnalysis.SmartCn];

    public static async Task RunAsync(Report report, string dir, int items, int batchSize, int[] threads, string? repoRoot)
    {
        var (zh, en) = Pools(repoRoot);
        var real = zh.Length > 5000 && en.Length > 5000;
        var list = Items(items, real ? zh : "", real ? en : "");
        var bytes = list.Sum(i => (long)Encoding.UTF8.GetByteCount(i.Title + i.Text));
        var textFrom = real
            ? "text from the shared reference captures (330 Chinese characters of MFA pages or 1,000 Latin characters of advisories per item)"
            : "generated text (the shared reference captures are not beside the repository)";
        var proc = Process.GetCurrentProcess();
        foreach (var analysis in Analyses)
        {
            foreach (var t in threads)
            {
                var folder = Path.Combine(dir, $"{analysis}-{t}");
                double seconds, cpu;
                long size;
                int format;
                var times = new List<double>();
                using (var index = new LuceneRiskIndex(folder, new LuceneIndexOptions { ChineseAnalysis = analysis, IndexingThreads = t }))
                {
                    format = index.Format;
                    proc.Refresh();
                    var c0 = proc.TotalProcessorTime;
                    var sw = Stopwatch.StartNew();
                    foreach (var batch in list.Chunk(batchSize)) await index.UpsertAsync(batch, CancellationToken.None);
                    seconds = sw.Elapsed.TotalSeconds;
                    proc.Refresh();
                    cpu = (proc.TotalProcessorTime - c0).TotalSeconds;
                    string[] queries = ["安全", "恐怖袭击", "security", "\"travel advisory\"", "签证 OR visa"];
                    for (int r = 0; r < 20; r++)
                        foreach (var text in queries)
                        {
                            var t0 = Stopwatch.GetTimestamp();
                            await index.SearchAsync(new SearchQuery { Text = text, HistogramInterval = "week" }, CancellationToken.None);
                            times.Add(Stats.Ms(t0));
                        }
                    size = Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length);
                }
                Directory.Delete(folder, recursive: true);
                var sorted = times.Order().ToArray();
                var threadCount = t == 0 ? Environment.ProcessorCount : t;
                report.Add(new Figure($"ingest {analysis}, {threadCount} indexing thread(s), batches of {batchSize:N0}", Report.N(items / seconds), "items/s", null, null,
                    $"{items:N0} items ({bytes / items:N0} bytes of title+text on average, half Chinese), {textFrom}, into an empty index (format {format}) by UpsertAsync " +
                    $"(each batch committed) in {seconds:F1} s, {cpu:F1} s of process CPU = {Report.N(items / cpu)} items per CPU-second, {bytes / seconds / 1e6:F2} MB/s; " +
                    $"index {size / 1e6:F1} MB; then 5 queries × 20 with facets and a weekly histogram: p50 {Stats.Percentile(sorted, 0.5):F1} ms, p99 {Stats.Percentile(sorted, 0.99):F1} ms; " +
                    $"load average {Report.LoadAverage()}."));
            }
            // The analyzer alone on the Chinese half, on this thread: what the choice costs apart from Lucene's indexing chain.
            var zhItems = list.Where(i => i.Language == "zh").ToList();
            proc.Refresh();
            var a0 = proc.TotalProcessorTime;
            using (var analyzer = Fields.Chinese(analysis))
                foreach (var i in zhItems)
                {
                    using var ts = analyzer.GetTokenStream(Fields.TextZh, i.Text);
                    ts.Reset();
                    while (ts.IncrementToken()) { }
                    ts.End();
                }
            proc.Refresh();
            var analysisCpu = (proc.TotalProcessorTime - a0).TotalSeconds;
            report.Add(new Figure($"Chinese analysis alone, {analysis}", Report.N(zhItems.Count / analysisCpu), "items per CPU-second", null, null,
                $"the Chinese analyzer of the text field over the {zhItems.Count:N0} Chinese items' text on one thread ({analysisCpu:F2} s of process CPU), tokens read and dropped."));
        }

        if (!real)
        {
            report.Note("Chinese recall not measured: it needs the real Chinese text of the shared reference captures (../shared/reference/sources beside the repository).");
            return;
        }
        await RecallAsync(report, dir, zh);
    }

    /// <summary>
    /// Chunks of real Chinese text, and terms a reader searches for: a chunk that contains a term's characters should be found.
    /// SmartCn can segment the same characters into a longer word (使馆 inside 大使馆) and then misses it.
    /// </summary>
    private static async Task RecallAsync(Report report, string dir, string zh)
    {
        var gen = new Synthetic(7);
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var docs = Enumerable.Range(0, zh.Length / 330)
            .Select(i => gen.Item(2L * i, now) with { Id = $"q{i:D5}", Title = "", Text = zh.Substring(i * 330, 330), Language = "zh" }).ToList();
        string[] terms = ["恐怖袭击", "袭击", "安全", "签证", "抢劫", "盗窃", "疫情", "地震", "治安", "绑架", "恐怖", "中国公民", "入境", "罢工", "示威", "枪击", "洪水",
            "传染病", "交通事故", "使馆", "海关", "护照", "毒品", "武装冲突", "政局", "火", "疫", "枪"];
        foreach (var analysis in Analyses)
        {
            var folder = Path.Combine(dir, $"recall-{analysis}");
            long truth = 0, found = 0, wrong = 0;
            var misses = new List<string>();
            using (var index = new LuceneRiskIndex(folder, new LuceneIndexOptions { ChineseAnalysis = analysis }))
            {
                await index.UpsertAsync(docs, CancellationToken.None);
                foreach (var t in terms)
                {
                    var expected = docs.Where(d => d.Text.Contains(t, StringComparison.Ordinal)).Select(d => d.Id).ToHashSet();
                    var r = await index.SearchAsync(new SearchQuery { Text = t, Size = 1000, IncludeFacets = false, Highlight = false }, CancellationToken.None);
                    var got = r.Hits.Select(h => h.Item.Id).ToHashSet();
                    var hit = got.Intersect(expected).Count();
                    truth += expected.Count;
                    found += hit;
                    wrong += got.Except(expected).Count();
                    if (hit < expected.Count) misses.Add($"{t} {hit}/{expected.Count}");
                }
            }
            Directory.Delete(folder, recursive: true);
            report.Add(new Figure($"Chinese recall, {analysis}", Report.N(100.0 * found / truth, "F1"), "%", null, null,
                $"{docs.Count:N0} chunks of 330 characters of real Chinese text (shared reference captures), {terms.Length} single terms searched with Size 1,000: " +
                $"found {found:N0} of the {truth:N0} chunks that contain the term, {wrong:N0} hits without it; short of full recall: " +
                (misses.Count == 0 ? "none" : string.Join("; ", misses)) + "."));
        }
    }

    private static List<RiskItem> Items(int n, string zh, string en)
    {
        var gen = new Synthetic(42);
        var rnd = new Random(42);
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var list = new List<RiskItem>(n);
        for (int i = 0; i < n; i++)
        {
            var s = gen.Item(i, now);
            if (zh.Length > 0)
            {
                // ~1 KB: 330 Chinese characters (3 bytes each) or 1,000 Latin ones.
                var pool = s.Language == "zh" ? zh : en;
                var len = s.Language == "zh" ? 330 : 1000;
                s = s with { Text = pool.Substring(rnd.Next(0, pool.Length - len), len) };
            }
            list.Add(s);
        }
        return list;
    }

    /// <summary>Runs of Chinese and of English prose from the captures' JSON and XML, markup removed.</summary>
    private static (string Zh, string En) Pools(string? repoRoot)
    {
        var root = repoRoot is null ? null : Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "reference", "sources"));
        if (root is null || !Directory.Exists(root)) return ("", "");
        var zh = new StringBuilder();
        var en = new StringBuilder();
        foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".xml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
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

using System.Diagnostics;
using System.Text;
using RiskWatch.Core;
using RiskWatch.Search;
using RiskWatch.Search.Lucene;

namespace RiskWatch.Bench;

/// <summary>Bulk upsert into the embedded Lucene index, then typical searches with facets over the full index, then resident memory while serving.</summary>
internal static class IndexBench
{
    public static async Task RunAsync(Report report, Scale scale, string path)
    {
        var options = new LuceneIndexOptions();
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        using var index = new LuceneRiskIndex(path, options);
        var gen = new Synthetic(42);

        // Generation is kept out of the timed region: only UpsertAsync (analysis, writing, commit, searcher refresh) is timed.
        double upsertSeconds = 0, checkpointSeconds = 0;
        long bytes = 0, zhItems = 0;
        int written = 0;
        var wall = Stopwatch.StartNew();
        var proc = Process.GetCurrentProcess();
        double upsertCpu = 0;
        var budget = TimeSpan.FromSeconds(scale.IndexBudgetSeconds);
        while (written < scale.IndexItems)
        {
            if (wall.Elapsed > budget)
            {
                report.Note($"Index ingest stopped at {written:N0} items instead of {scale.IndexItems:N0}: the run's time budget for ingest ({budget.TotalMinutes:F0} min) " +
                            $"ran out at {written / upsertSeconds:N0} items/s on this loaded machine. Search and memory were measured at {written:N0} items, not at {scale.IndexItems:N0}.");
                break;
            }
            var n = Math.Min(scale.IndexBatch, scale.IndexItems - written);
            var batch = new RiskItem[n];
            for (int i = 0; i < n; i++)
            {
                batch[i] = gen.Item(written + i, now);
                bytes += Encoding.UTF8.GetByteCount(batch[i].Title) + Encoding.UTF8.GetByteCount(batch[i].Text);
                if (batch[i].Language == "zh") zhItems++;
            }
            proc.Refresh();
            var c0 = proc.TotalProcessorTime;
            var t0 = Stopwatch.GetTimestamp();
            await index.UpsertAsync(batch, CancellationToken.None);
            upsertSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
            proc.Refresh();
            upsertCpu += (proc.TotalProcessorTime - c0).TotalSeconds;
            written += n;
            if (written == scale.IndexCheckpoint) checkpointSeconds = upsertSeconds;
            if (written % 100_000 == 0) Console.WriteLine($"   … {written:N0} items, {written / upsertSeconds:N0} items/s so far");
        }
        var count = await index.CountAsync(CancellationToken.None);
        var describe = $"{(double)bytes / written:N0} bytes of title+text per item on average (UTF-8), {100.0 * zhItems / written:F0} % Chinese, generated from a bilingual vocabulary of risk phrases; " +
                       $"UpsertAsync batches of {scale.IndexBatch:N0} (each commits and refreshes the searcher), Chinese analysis {index.ChineseAnalysis}, {Environment.ProcessorCount} indexing threads";
        if (scale.IndexCheckpoint < scale.IndexItems && checkpointSeconds > 0)
        {
            report.Add(new Figure($"ingest Lucene bulk upsert, first {scale.IndexCheckpoint:N0} items", Report.N(scale.IndexCheckpoint / checkpointSeconds), "items/s", ">= 10,000 items/s",
                scale.IndexCheckpoint / checkpointSeconds >= 10_000, $"{scale.IndexCheckpoint:N0} items into an empty index in {checkpointSeconds:F1} s of upsert time; {describe}."));
        }
        report.Add(new Figure($"ingest Lucene bulk upsert, {written:N0} items", Report.N(written / upsertSeconds), "items/s", ">= 10,000 items/s", written / upsertSeconds >= 10_000,
            $"{written:N0} items into an empty index in {upsertSeconds:F1} s of upsert time, {upsertCpu:F1} s of process CPU during the upserts = {Report.N(written / upsertCpu)} items per CPU-second ({wall.Elapsed.TotalSeconds:F0} s wall with generation); index holds {count:N0} documents, " +
            $"{DirSize(path) / 1024.0 / 1024.0:N0} MB on disk; {describe}."));

        await SearchAsync(report, scale, index, count);
    }

    private static async Task SearchAsync(Report report, Scale scale, LuceneRiskIndex index, long count)
    {
        // Typical analyst queries: Chinese and English text, phrases, boolean operators, facet filters, sorts; facets on every query.
        var from = new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);
        SearchQuery[] queries =
        [
            new() { Text = "恐怖袭击" },
            new() { Text = "地震", Countries = ["JP", "ID", "TR"] },
            new() { Text = "protest OR demonstrations", Sort = SearchSort.Newest },
            new() { Text = "\"armed robbery\"", MinLevel = 3 },
            new() { Text = "cholera AND outbreak", HistogramInterval = "week" },
            new() { Text = "示威 OR 抗议", Language = "zh", Sort = SearchSort.Severity },
            new() { Text = "sanctions NOT tariffs", Categories = [RiskCategory.SanctionsTrade] },
            new() { Countries = ["CN"], Sort = SearchSort.Newest },
            new() { MinLevel = 4, From = from, Sort = SearchSort.Severity },
            new() { Text = "earthquake", Sources = ["gdacs", "gdelt"], HistogramInterval = "day" },
            new() { Text = "绑架", Countries = ["NG", "ML", "PH", "MX"], MinLevel = 2, MaxLevel = 5 },
            new() { Text = "coup", From = from, Sort = SearchSort.Newest },
        ];
        foreach (var q in queries) await index.SearchAsync(q, CancellationToken.None); // warm-up: JIT, first reads of doc values
        var times = new List<double>();
        long hits = 0;
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        for (int r = 0; r < scale.SearchRepeats; r++)
        {
            foreach (var q in queries)
            {
                var t0 = Stopwatch.GetTimestamp();
                var result = await index.SearchAsync(q, CancellationToken.None);
                times.Add(Stats.Ms(t0));
                hits += result.Total;
            }
        }
        proc.Refresh();
        var cpuMs = (proc.TotalProcessorTime - cpu0).TotalMilliseconds / times.Count;
        var sorted = times.Order().ToArray();
        var detail = $"{queries.Length} typical queries (Chinese and English terms, a quoted phrase, AND/OR/NOT, country/category/level/source/date filters, three sorts, " +
                     $"20 hits with highlights, facets by country, category, level and source on every query, a histogram on two) run {scale.SearchRepeats} times each " +
                     $"over {count:N0} items on one thread: {sorted.Length} searches, mean {times.Average():F1} ms, max {sorted[^1]:F1} ms, {hits / sorted.Length:N0} matching items per query on average, {cpuMs:F1} ms of process CPU per search on average";
        report.Add(new Figure($"search p50 at {count:N0} items", Report.N(Stats.Percentile(sorted, 0.50), "F1"), "ms", null, null, ""));
        var p99 = Stats.Percentile(sorted, 0.99);
        report.Add(new Figure($"search p99 at {count:N0} items", Report.N(p99, "F1"), "ms", "<= 50 ms", p99 <= 50, detail + "."));

        // Serving figure: whole-process resident set after a full blocking GC, with the index open and just used.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        await index.SearchAsync(queries[0], CancellationToken.None);
        proc.Refresh();
        var ws = proc.WorkingSet64 / 1024.0 / 1024.0;
        report.Add(new Figure($"resident memory serving {count:N0} items", Report.N(ws), "MB", "<= 500 MB", ws <= 500,
            $"Process.WorkingSet64 of the benchmark process after a forced full GC, with the index open and searched ({GC.GetTotalMemory(false) / 1024.0 / 1024.0:N0} MB managed heap); " +
            "it includes memory-mapped index pages the searches touched."));
    }

    private static long DirSize(string path) => new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}

using System.Diagnostics;
using System.Text;
using RiskWatch.Core;
using RiskWatch.Search;
using RiskWatch.Search.Lucene;

namespace RiskWatch.Bench;

/// <summary>Bulk upsert into the embedded Lucene index, then typical searches with facets over the full index, then resident memory while serving.</summary>
internal static class IndexBench
{
    public static async Task RunAsync(Report report, Scale scale, string path, string? keep)
    {
        var options = new LuceneIndexOptions();
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        // For iterating on search alone: --index-dir keeps the index in that folder, and a folder that already
        // holds the items skips the ingest (no ingest figures then).
        if (!string.IsNullOrEmpty(keep)) path = keep;
        using var index = new LuceneRiskIndex(path, options);
        if (!string.IsNullOrEmpty(keep) && await index.CountAsync(CancellationToken.None) >= scale.IndexItems)
        {
            report.Note($"Ingest skipped: the kept index at {keep} already holds the items (--index-dir).");
            await SearchAsync(report, scale, index, await index.CountAsync(CancellationToken.None));
            return;
        }
        await BulkIntoEmptyAsync(report, scale, path + "-bulk", now);
        var gen = new Synthetic(42);

        // Generation is kept out of the timed region: only the index calls (analysis, writing, commit, searcher refresh) are timed.
        // Phase 1, the first `checkpoint` items: UpsertAsync, the path collectors use (each batch committed and searchable).
        // Phase 2, the rest: BulkUpsertAsync, the import path (a commit and refresh every BulkCommitEvery items, and at the end).
        const int BulkCommitEvery = 100_000;
        var checkpoint = scale.IndexCheckpoint < scale.IndexItems ? scale.IndexCheckpoint : scale.IndexItems / 2;
        double upsertSeconds = 0, checkpointSeconds = 0, checkpointCpu = 0;
        long bytes = 0, zhItems = 0;
        int written = 0;
        var wall = Stopwatch.StartNew();
        var proc = Process.GetCurrentProcess();
        double upsertCpu = 0;
        var budget = TimeSpan.FromSeconds(scale.IndexBudgetSeconds);
        IngestSnapshot phase1 = default;
        while (written < scale.IndexItems)
        {
            if (wall.Elapsed > budget)
            {
                report.Note($"Index ingest stopped at {written:N0} items instead of {scale.IndexItems:N0}: the run's time budget for ingest ({budget.TotalMinutes:F0} min) " +
                            $"ran out at {written / upsertSeconds:N0} items/s on this loaded machine. Search and memory were measured at {written:N0} items, not at {scale.IndexItems:N0}.");
                break;
            }
            var n = Math.Min(scale.IndexBatch, (written < checkpoint ? checkpoint : scale.IndexItems) - written);
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
            if (written < checkpoint) await index.UpsertAsync(batch, CancellationToken.None);
            else await index.BulkUpsertAsync(batch, BulkCommitEvery, CancellationToken.None);
            if (written + n == scale.IndexItems) await index.CommitAsync(CancellationToken.None);
            upsertSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
            proc.Refresh();
            upsertCpu += (proc.TotalProcessorTime - c0).TotalSeconds;
            written += n;
            if (written == checkpoint) { checkpointSeconds = upsertSeconds; checkpointCpu = upsertCpu; phase1 = IngestSnapshot.Of(index.Timings); }
            if (written % 100_000 == 0) Console.WriteLine($"   … {written:N0} items, {written / upsertSeconds:N0} items/s so far");
        }
        await index.CommitAsync(CancellationToken.None);
        var count = await index.CountAsync(CancellationToken.None);
        var all = IngestSnapshot.Of(index.Timings);
        var describe = $"{(double)bytes / written:N0} bytes of title+text per item on average (UTF-8), {100.0 * zhItems / written:F0} % Chinese, generated from a bilingual vocabulary of risk phrases; " +
                       $"batches of {scale.IndexBatch:N0}, Chinese analysis {index.ChineseAnalysis}, {Environment.ProcessorCount} indexing threads; load average {Report.LoadAverage()} at the end";
        if (checkpointSeconds > 0)
        {
            report.Add(new Figure($"ingest Lucene UpsertAsync (commit + refresh per batch), first {checkpoint:N0} items", Report.N(checkpoint / checkpointSeconds), "items/s", ">= 10,000 items/s",
                checkpoint / checkpointSeconds >= 10_000, $"{checkpoint:N0} items into an empty index by UpsertAsync in {checkpointSeconds:F1} s, {checkpointCpu:F1} s of process CPU = " +
                $"{Report.N(checkpoint / checkpointCpu)} items per CPU-second; each batch committed and searchable when the call returns; {phase1.Describe()}; {describe}."));
        }
        var bulkItems = written - checkpoint;
        if (bulkItems > 0)
        {
            var bulkSeconds = upsertSeconds - checkpointSeconds;
            var bulkCpu = upsertCpu - checkpointCpu;
            report.Add(new Figure($"ingest Lucene BulkUpsertAsync (commit every {BulkCommitEvery:N0}), {bulkItems:N0} items after the first {checkpoint:N0}", Report.N(bulkItems / bulkSeconds), "items/s", ">= 10,000 items/s",
                bulkItems / bulkSeconds >= 10_000, $"{bulkItems:N0} items by BulkUpsertAsync in {bulkSeconds:F1} s (final CommitAsync included), {bulkCpu:F1} s of process CPU = " +
                $"{Report.N(bulkItems / bulkCpu)} items per CPU-second; items searchable at each commit; {all.Minus(phase1).Describe()}; {describe}."));
        }
        report.Add(new Figure($"ingest Lucene, all {written:N0} items", Report.N(written / upsertSeconds), "items/s", ">= 10,000 items/s", written / upsertSeconds >= 10_000,
            $"both phases: {written:N0} items in {upsertSeconds:F1} s of index time, {upsertCpu:F1} s of process CPU = {Report.N(written / upsertCpu)} items per CPU-second ({wall.Elapsed.TotalSeconds:F0} s wall with generation); index holds {count:N0} documents, " +
            $"{DirSize(path) / 1024.0 / 1024.0:N0} MB on disk; {describe}."));

        // Searches are measured on a quiet index: background merges left by the ingest would otherwise share the CPU.
        var tm0 = Stopwatch.StartNew();
        index.WaitForMerges();
        report.Note($"Background merges still running after the ingest finished {tm0.Elapsed.TotalSeconds:F1} s later (waited for before searching).");

        await SearchAsync(report, scale, index, count);
    }

    /// <summary>
    /// The bulk path on its own: the first <see cref="Scale.IndexCheckpoint"/> items (the same generated items) into an empty
    /// index by BulkUpsertAsync, one commit at the end, as the <c>reindex</c> verb writes. The folder is removed afterwards.
    /// </summary>
    private static async Task BulkIntoEmptyAsync(Report report, Scale scale, string path, DateTimeOffset now)
    {
        var n = Math.Min(scale.IndexCheckpoint, scale.IndexItems);
        var gen = new Synthetic(42);
        var items = new RiskItem[n];
        for (int i = 0; i < n; i++) items[i] = gen.Item(i, now);
        var proc = Process.GetCurrentProcess();
        double seconds, cpu;
        long count;
        using (var index = new LuceneRiskIndex(path, new LuceneIndexOptions()))
        {
            proc.Refresh();
            var c0 = proc.TotalProcessorTime;
            var t0 = Stopwatch.GetTimestamp();
            foreach (var batch in items.Chunk(scale.IndexBatch)) await index.BulkUpsertAsync(batch, n, CancellationToken.None);
            await index.CommitAsync(CancellationToken.None);
            seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            proc.Refresh();
            cpu = (proc.TotalProcessorTime - c0).TotalSeconds;
            count = await index.CountAsync(CancellationToken.None);
        }
        try { Directory.Delete(path, recursive: true); } catch (IOException) { }
        report.Add(new Figure($"ingest Lucene BulkUpsertAsync, {n:N0} items into an empty index", Report.N(n / seconds), "items/s", ">= 10,000 items/s", n / seconds >= 10_000,
            $"{n:N0} generated items (the first {n:N0} of the run below) by BulkUpsertAsync in batches of {scale.IndexBatch:N0}, one commit at the end (the path of the reindex verb): " +
            $"{seconds:F1} s, {cpu:F1} s of process CPU = {Report.N(n / cpu)} items per CPU-second; {count:N0} documents searchable after the commit."));
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
        // Warm-up: the JIT's tiered recompilation of hot methods and the first reads of doc values and postings. Three rounds
        // left much of the search path in unoptimised (tier-0) code and the background JIT busy during the measured loop (its CPU
        // counted in the figures and its slow first calls in the tail): ten rounds, as a serving process is warm.
        const int WarmupRounds = 10;
        for (int r = 0; r < WarmupRounds; r++)
            foreach (var q in queries) await index.SearchAsync(q, CancellationToken.None);
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
        for (int i = 0; i < queries.Length; i++)
        {
            var mine = Enumerable.Range(0, scale.SearchRepeats).Select(r => times[r * queries.Length + i]).Order().ToArray();
            Console.WriteLine($"   query {i + 1,2}: median {mine[mine.Length / 2],7:F1} ms, max {mine[^1],7:F1} ms  {Describe(queries[i])}");
        }
        var sorted = times.Order().ToArray();

        // Where a search's time goes: the same queries without highlights, then without facets and histogram as well.
        async Task<(double Mean, double Cpu)> Variant(Func<SearchQuery, SearchQuery> change)
        {
            var qs = queries.Select(change).ToArray();
            proc.Refresh();
            var c0 = proc.TotalProcessorTime;
            var t = Stopwatch.StartNew();
            int n = 0;
            for (int r = 0; r < Math.Max(1, scale.SearchRepeats / 5); r++)
                foreach (var q in qs) { await index.SearchAsync(q, CancellationToken.None); n++; }
            proc.Refresh();
            return (t.Elapsed.TotalMilliseconds / n, (proc.TotalProcessorTime - c0).TotalMilliseconds / n);
        }
        var noHl = await Variant(q => q with { Highlight = false });
        var bare = await Variant(q => q with { Highlight = false, IncludeFacets = false, HistogramInterval = null });
        var split = $"; the same queries without highlights: mean {noHl.Mean:F1} ms ({noHl.Cpu:F1} ms CPU), without highlights, facets and histogram: mean {bare.Mean:F1} ms ({bare.Cpu:F1} ms CPU)";
        var detail = $"after {WarmupRounds} warm-up rounds, {queries.Length} typical queries (Chinese and English terms, a quoted phrase, AND/OR/NOT, country/category/level/source/date filters, three sorts, " +
                     $"20 hits with highlights, facets by country, category, level and source on every query, a histogram on two) run {scale.SearchRepeats} times each " +
                     $"over {count:N0} items on one thread: {sorted.Length} searches, mean {times.Average():F1} ms, max {sorted[^1]:F1} ms, {hits / sorted.Length:N0} matching items per query on average, {cpuMs:F1} ms of process CPU per search on average{split}";
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

    private readonly record struct IngestSnapshot(long Items, long Added, TimeSpan Write, TimeSpan Commit, TimeSpan Refresh)
    {
        public static IngestSnapshot Of(IngestTimings t) => new(t.Items, t.Added, t.Write, t.Commit, t.Refresh);

        public IngestSnapshot Minus(IngestSnapshot o) => new(Items - o.Items, Added - o.Added, Write - o.Write, Commit - o.Commit, Refresh - o.Refresh);

        public string Describe() => $"time split: writing documents (analysis and in-memory indexing on the indexing threads) {Write.TotalSeconds:F1} s, " +
                                    $"commits {Commit.TotalSeconds:F1} s, searcher refreshes {Refresh.TotalSeconds:F1} s; {Added:N0} of {Items:N0} ids new to the index (AddDocument, no delete by term)";
    }

    private static string Describe(SearchQuery q) =>
        $"text={q.Text ?? "-"} countries={string.Join('/', q.Countries)} level={q.MinLevel}-{q.MaxLevel} from={q.From:yyyy-MM-dd} sort={q.Sort} hist={q.HistogramInterval ?? "-"}";

    private static long DirSize(string path) => new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}

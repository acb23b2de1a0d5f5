using System.Diagnostics;
using Lucene.Net.Search.Highlight;
using RiskWatch.Core;
using RiskWatch.Search;
using RiskWatch.Search.Lucene;

namespace RiskWatch.Bench;

/// <summary>
/// What highlighting the 20 hits of a page costs: TermHighlighter (what the index uses for term and phrase queries) against
/// Lucene's Highlighter with QueryScorer (the previous way, still used for wildcard, prefix, fuzzy and range queries), on the
/// hits of typical text queries, in process CPU time on one thread so other processes' load does not count. A detail step
/// (<c>--only highlight</c>); the index step's search figures already include highlighting as the index does it.
/// </summary>
internal static class HighlightBench
{
    private const int Rounds = 6; // the first is a warm-up

    public static async Task RunAsync(Report report, string folder, int items)
    {
        using var index = new LuceneRiskIndex(folder, new LuceneIndexOptions());
        var count = await index.CountAsync(CancellationToken.None);
        if (count == 0)
        {
            // No kept index (--index-dir) or an empty one: the generated items of the index step, by the bulk path.
            var gen = new Synthetic(42);
            var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
            for (int i = 0; i < items; i += 5_000)
            {
                var batch = Enumerable.Range(i, Math.Min(5_000, items - i)).Select(n => gen.Item(n, now)).ToArray();
                await index.BulkUpsertAsync(batch, 100_000, CancellationToken.None);
            }
            await index.CommitAsync(CancellationToken.None);
            index.WaitForMerges();
            count = await index.CountAsync(CancellationToken.None);
            Console.WriteLine($"   built an index of {count:N0} generated items in {folder}");
        }
        else
        {
            report.Note($"Highlighting measured on the kept index at {folder} ({count:N0} items), not rebuilt.");
        }

        using var analyzer = Fields.PerField(index.ChineseAnalysis, format: index.Format, forHighlight: true);
        using var queryAnalyzer = Fields.PerField(index.ChineseAnalysis, forQuery: true, format: index.Format);
        string[] texts = ["恐怖袭击", "地震", "protest OR demonstrations", "\"armed robbery\"", "cholera AND outbreak", "示威 OR 抗议", "earthquake", "绑架"];
        var proc = Process.GetCurrentProcess();
        double termMs = 0, luceneMs = 0;
        int searches = 0;
        long hitCount = 0;
        for (int round = 0; round < Rounds; round++)
        {
            foreach (var text in texts)
            {
                var hits = (await index.SearchAsync(new SearchQuery { Text = text, Highlight = false, IncludeFacets = false }, CancellationToken.None)).Hits;
                var query = RiskQueryParser.ParseOrNull(text, queryAnalyzer, index.Format, Fields.CjkPrefixFields(index.ChineseAnalysis, index.Format))!;
                proc.Refresh();
                var c0 = proc.TotalProcessorTime;
                var th = new TermHighlighter(query, analyzer);
                foreach (var h in hits)
                {
                    var zh = h.Item.Language == "zh";
                    th.Highlight(zh ? Fields.TitleZh : Fields.TitleEn, h.Item.Title, whole: true);
                    th.Highlight(zh ? Fields.TextZh : Fields.TextEn, h.Item.Text, whole: false);
                }
                proc.Refresh();
                var c1 = proc.TotalProcessorTime;
                // As the index did before: one Highlighter per field for the whole search.
                var byField = new Dictionary<string, Highlighter>();
                foreach (var h in hits)
                {
                    var zh = h.Item.Language == "zh";
                    foreach (var (field, value, whole) in new[] { (zh ? Fields.TitleZh : Fields.TitleEn, h.Item.Title, true), (zh ? Fields.TextZh : Fields.TextEn, h.Item.Text, false) })
                    {
                        if (!byField.TryGetValue(field, out var hl))
                            byField[field] = hl = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new QueryScorer(query, field));
                        hl.TextFragmenter = whole ? new NullFragmenter() : new SimpleSpanFragmenter((QueryScorer)hl.FragmentScorer, 160);
                        using var ts = analyzer.GetTokenStream(field, value);
                        hl.GetBestFragments(ts, value, whole ? 1 : 2, " … ");
                    }
                }
                proc.Refresh();
                var c2 = proc.TotalProcessorTime;
                if (round == 0) continue;
                termMs += (c1 - c0).TotalMilliseconds;
                luceneMs += (c2 - c1).TotalMilliseconds;
                hitCount += hits.Count;
                searches++;
            }
        }
        var term = termMs / searches;
        var lucene = luceneMs / searches;
        var detail = $"{texts.Length} typical text queries (Chinese and English terms, a phrase, AND/OR) over {count:N0} items, {Rounds - 1} rounds after a warm-up: {searches} searches, " +
                     $"{(double)hitCount / searches:F1} hits highlighted per search (title whole, text as two fragments of 160 characters), process CPU time on one thread; " +
                     $"Lucene's Highlighter + QueryScorer took {lucene / term:F1}x the CPU of TermHighlighter; load average {Report.LoadAverage()}.";
        report.Add(new Figure($"highlight CPU per search, TermHighlighter, {count:N0} items", Report.N(term, "F2"), "ms", null, null, detail));
        report.Add(new Figure($"highlight CPU per search, Lucene Highlighter + QueryScorer, {count:N0} items", Report.N(lucene, "F2"), "ms", null, null, ""));
    }
}

using System.Diagnostics;
using Lucene.Net.Search.Highlight;
using RiskWatch.Core;
using RiskWatch.Search.Lucene;
using Xunit.Abstractions;

namespace RiskWatch.Search.Tests;

/// <summary>
/// Highlighting cost, not a test: runs only with RISKWATCH_BENCH_INDEX_DIR pointing at an index the benchmark kept
/// (<c>RISKWATCH_BENCH_INDEX_DIR=/tmp/idx dotnet run -c Release --project bench/RiskWatch.Bench -- --quick --only index --items 300000</c>).
/// Compares TermHighlighter with Lucene's Highlighter and QueryScorer (the previous way) on the first 20 hits of typical queries,
/// in process CPU time (one thread), so other processes' load does not count.
/// </summary>
public sealed class HighlightMeasurement(ITestOutputHelper output)
{
    [Fact]
    public async Task Measure_HighlightCostPerSearch()
    {
        var dir = Environment.GetEnvironmentVariable("RISKWATCH_BENCH_INDEX_DIR");
        if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir))
        {
            output.WriteLine("SKIPPED: set RISKWATCH_BENCH_INDEX_DIR to a kept benchmark index to measure highlighting.");
            return;
        }
        using var index = new LuceneRiskIndex(dir);
        using var analyzer = Fields.PerField(index.ChineseAnalysis, format: index.Format, forHighlight: true);
        using var queryAnalyzer = Fields.PerField(index.ChineseAnalysis, forQuery: true, format: index.Format);
        string[] texts = ["恐怖袭击", "地震", "protest OR demonstrations", "\"armed robbery\"", "cholera AND outbreak", "示威 OR 抗议", "earthquake", "绑架"];
        double termMs = 0, luceneMs = 0;
        int searches = 0;
        for (int round = 0; round < 6; round++)
        {
            foreach (var text in texts)
            {
                var hits = (await index.SearchAsync(new SearchQuery { Text = text, Highlight = false, IncludeFacets = false }, CancellationToken.None)).Hits;
                var query = RiskQueryParser.ParseOrNull(text, queryAnalyzer, index.Format, Fields.CjkPrefixFields(index.ChineseAnalysis, index.Format))!;
                var c0 = Process.GetCurrentProcess().TotalProcessorTime;
                var th = new TermHighlighter(query, analyzer);
                foreach (var h in hits)
                {
                    var zh = h.Item.Language == "zh";
                    th.Highlight(zh ? Fields.TitleZh : Fields.TitleEn, h.Item.Title, whole: true);
                    th.Highlight(zh ? Fields.TextZh : Fields.TextEn, h.Item.Text, whole: false);
                }
                var c1 = Process.GetCurrentProcess().TotalProcessorTime;
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
                var c2 = Process.GetCurrentProcess().TotalProcessorTime;
                if (round == 0) continue; // warm-up
                termMs += (c1 - c0).TotalMilliseconds;
                luceneMs += (c2 - c1).TotalMilliseconds;
                searches++;
            }
        }
        output.WriteLine($"20 hits per search, {searches} searches: TermHighlighter {termMs / searches:F2} ms CPU per search, " +
                         $"Lucene Highlighter + QueryScorer {luceneMs / searches:F2} ms CPU per search");
    }
}

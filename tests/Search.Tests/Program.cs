using RiskWatch.Search.Lucene;

namespace RiskWatch.Search.Tests;

/// <summary>
/// Entry point used only by <see cref="CrashTests"/>: <c>dotnet exec RiskWatch.Search.Tests.dll crash-writer &lt;folder&gt;</c>
/// writes batches into a Lucene index forever, printing "committed N" after each, until the test kills it.
/// </summary>
public static class Program
{
    public const int BatchSize = 200;

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["crash-writer", var folder]) return 2;
        var index = new LuceneRiskIndex(folder, new LuceneIndexOptions { IndexingThreads = 2 });
        for (int batch = 0; ; batch++)
        {
            await index.UpsertAsync([.. Enumerable.Range(batch * BatchSize, BatchSize).Select(i => Some.Synthetic(i, "k"))], CancellationToken.None);
            Console.Out.WriteLine($"committed {(batch + 1) * BatchSize}");
            Console.Out.Flush();
        }
    }
}

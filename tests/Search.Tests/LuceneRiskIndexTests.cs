using RiskWatch.Core;
using RiskWatch.Search.Lucene;
using Xunit.Abstractions;

namespace RiskWatch.Search.Tests;

/// <summary>The contract on the embedded index, in a temp folder, with the default Chinese analysis (bigrams).</summary>
public sealed class LuceneRiskIndexTests(ITestOutputHelper output) : RiskIndexContract(output)
{
    private readonly TempFolder _folder = new();

    protected override Task<IRiskIndex?> OpenAsync() => Task.FromResult<IRiskIndex?>(new LuceneRiskIndex(_folder.Path));

    protected override Task CloseAsync(IRiskIndex index)
    {
        ((LuceneRiskIndex)index).Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Reopen_AfterDispose_KeepsItemsAndTheirAnalysis()
    {
        var folder = Index is LuceneRiskIndex l ? l.Path : throw new InvalidOperationException();
        await Index.UpsertAsync(Some.Corpus, Ct);
        ((LuceneRiskIndex)Index).Dispose();

        using var again = new LuceneRiskIndex(folder, new LuceneIndexOptions { ChineseAnalysis = ChineseAnalysis.SmartCn });
        Assert.Equal(ChineseAnalysis.Bigram, again.ChineseAnalysis);
        Assert.Equal(6, await again.CountAsync(Ct));
        Assert.Equal("zh1", Assert.Single((await again.SearchAsync(new SearchQuery { Text = "恐怖袭击" }, Ct)).Hits).Item.Id);
    }

    [Fact]
    public async Task ConcurrentSearches_WhileWriting_AllSucceed()
    {
        await Index.UpsertAsync(Some.Corpus, Ct);
        using var cts = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(n => Task.Run(async () =>
        {
            int runs = 0;
            while (!cts.IsCancellationRequested)
            {
                var r = await Index.SearchAsync(new SearchQuery { Text = n % 2 == 0 ? "风险提示" : "risk OR attack", HistogramInterval = "day" }, Ct);
                Assert.True(r.Total >= 0);
                runs++;
            }
            return runs;
        })).ToList();
        for (int b = 0; b < 10; b++)
            await Index.UpsertAsync([.. Enumerable.Range(b * 50, 50).Select(i => Some.Synthetic(i, "c"))], Ct);
        await cts.CancelAsync();
        var runs = await Task.WhenAll(readers);
        Output.WriteLine($"searches during writes: {string.Join(", ", runs)}");
        Assert.Equal(506, await Index.CountAsync(Ct));
    }
}

/// <summary>The same contract with SmartCn word segmentation for Chinese.</summary>
public sealed class LuceneSmartCnRiskIndexTests(ITestOutputHelper output) : RiskIndexContract(output)
{
    private readonly TempFolder _folder = new();

    protected override Task<IRiskIndex?> OpenAsync() =>
        Task.FromResult<IRiskIndex?>(new LuceneRiskIndex(_folder.Path, new LuceneIndexOptions { ChineseAnalysis = ChineseAnalysis.SmartCn }));

    protected override bool FindsCharactersInsideWords => false;

    protected override Task CloseAsync(IRiskIndex index)
    {
        ((LuceneRiskIndex)index).Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }
}

internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rw-search-" + Guid.NewGuid().ToString("N")[..12]);

    public TempFolder() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try { Directory.Delete(Path, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

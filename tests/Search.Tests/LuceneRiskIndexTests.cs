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
    public async Task Reopen_IndexOfFormat1_KeepsItsFormatAndAnalysisForNewItemsAndQueries()
    {
        // An index built by an earlier version (format 1: StandardTokenizer chains) is read and written as it was built.
        var folder = Index is LuceneRiskIndex l ? l.Path : throw new InvalidOperationException();
        Assert.Equal(Fields.CurrentFormat, l.Format);
        ((LuceneRiskIndex)Index).Dispose();
        foreach (var f in Directory.GetFiles(folder)) File.Delete(f);
        using (var old = new LuceneRiskIndex(folder, new LuceneIndexOptions { NewIndexFormat = 1 }))
            await old.UpsertAsync(Some.Corpus, Ct);

        using var again = new LuceneRiskIndex(folder);
        Assert.Equal(1, again.Format);
        await again.UpsertAsync([Some.Item("zh3", "村庄遭到恐怖袭击", "12月28日，山区发生袭击。", "zh")], Ct);
        Assert.Equal(["zh1", "zh3"], (await again.SearchAsync(new SearchQuery { Text = "恐怖袭击" }, Ct)).Hits.Select(h => h.Item.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["zh2", "zh3"], (await again.SearchAsync(new SearchQuery { Text = "村" }, Ct)).Hits.Select(h => h.Item.Id).Order(StringComparer.Ordinal));
        Assert.Equal("zh3", Assert.Single((await again.SearchAsync(new SearchQuery { Text = "12月" }, Ct)).Hits).Item.Id);
        Assert.Equal("en1", Assert.Single((await again.SearchAsync(new SearchQuery { Text = "attacks" }, Ct)).Hits).Item.Id);
        // Level and date ranges still filter on a format-1 index (its numeric terms, precision step 4, hold what a query needs).
        Assert.Equal(["en1", "zh1"], (await again.SearchAsync(new SearchQuery { MinLevel = 4 }, Ct)).Hits.Select(h => h.Item.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["en2", "en3", "en4", "zh3"], (await again.SearchAsync(new SearchQuery { Text = "level:[2 TO 3]" }, Ct)).Hits.Select(h => h.Item.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["en1", "en2"], (await again.SearchAsync(new SearchQuery { From = Some.Base.AddDays(3), To = Some.Base.AddDays(4) }, Ct)).Hits.Select(h => h.Item.Id).Order(StringComparer.Ordinal));
        Assert.Equal(2, await again.DeleteOlderThanAsync(Some.Base.AddDays(1).AddHours(1), Ct)); // zh3 (published at Base) and zh1
    }

    [Fact]
    public async Task Search_ChineseWithNumbersAndLatin_MatchesAsAPhrase()
    {
        await Index.UpsertAsync([Some.Item("d1", "12月28日山区发生袭击", "COVID-19 疫情：U.S. 使馆提醒 3月中旬出行", "zh"),
                                 Some.Item("d2", "山区袭击", "28日12月 发生", "zh")], Ct);
        async Task<string[]> Ids(string text) => [.. (await Index.SearchAsync(new SearchQuery { Text = text }, Ct)).Hits.Select(h => h.Item.Id).Order(StringComparer.Ordinal)];
        Assert.Equal(["d1"], await Ids("12月28日"));
        Assert.Equal(["d1"], await Ids("3月"));
        Assert.Equal(["d1"], await Ids("covid-19"));
        Assert.Equal(["d1"], await Ids("U.S."));
        Assert.Equal(["d1", "d2"], await Ids("山区"));
        Assert.Equal(["d1", "d2"], await Ids("日"));
        Assert.Equal(["d1"], await Ids("中旬"));
        Assert.Equal(["d1"], await Ids("\"区发\""));
        Assert.Equal(["d2"], await Ids("日12"));
        Assert.Equal(["d1"], await Ids("旬"));
        Assert.Empty(await Ids("月旬"));
        Assert.Empty(await Ids("鑫"));
        Assert.Empty(await Ids("3鑫"));
        var hit = Assert.Single((await Index.SearchAsync(new SearchQuery { Text = "3月" }, Ct)).Hits);
        Assert.Contains("<mark>3月</mark>中旬", hit.TextHighlight);
    }

    [Fact]
    public async Task Search_CjkInsideEnglishItems_FindsCharactersAndRuns()
    {
        await Index.UpsertAsync([Some.Item("e1", "Office in Tokyo", "The 東京都 office of O'Brien's firm reopened on 3.5 days' notice.")], Ct);
        async Task<string[]> Ids(string text) => [.. (await Index.SearchAsync(new SearchQuery { Text = text }, Ct)).Hits.Select(h => h.Item.Id)];
        Assert.Equal(["e1"], await Ids("東京"));
        Assert.Equal(["e1"], await Ids("東"));
        Assert.Equal(["e1"], await Ids("都"));
        Assert.Equal(["e1"], await Ids("o'brien"));
        Assert.Equal(["e1"], await Ids("\"reopening on 3.5\""));
        Assert.Empty(await Ids("京東"));
        var hit = Assert.Single((await Index.SearchAsync(new SearchQuery { Text = "京" }, Ct)).Hits);
        Assert.Contains("東<mark>京</mark>都", hit.TextHighlight);
    }

    [Fact]
    public async Task Upsert_AfterReopen_ReplacesTheStoredItemInsteadOfAddingASecond()
    {
        // The ids known to an index are read back at open: an id written by an earlier process must still be an update.
        var folder = Index is LuceneRiskIndex l ? l.Path : throw new InvalidOperationException();
        await Index.UpsertAsync(Some.Corpus, Ct);
        ((LuceneRiskIndex)Index).Dispose();

        using var again = new LuceneRiskIndex(folder);
        await again.UpsertAsync([Some.Item("en1", "Embassy reopened in Kabul", "The embassy reopened after repairs.")], Ct);
        await again.UpsertAsync([Some.Item("new1", "Embassy reopened in Kabul", "A second item.")], Ct);

        Assert.Equal(7, await again.CountAsync(Ct));
        Assert.Equal("Embassy reopened in Kabul", (await again.GetAsync("en1", Ct))!.Title);
        Assert.Equal(1, again.Timings.Added);
        Assert.Equal(2, again.Timings.Items);
    }

    [Fact]
    public async Task BulkUpsert_ItemsBecomeSearchableAtTheCommitThresholdOrCommitAsync()
    {
        var index = (LuceneRiskIndex)Index;
        var items = Enumerable.Range(0, 10).Select(i => Some.Item($"b{i}", $"Bulk flood report {i}", "Flooding in the delta.")).ToArray();

        Assert.False(await index.BulkUpsertAsync(items[..4], commitEvery: 8, Ct));
        Assert.Equal(0, await index.CountAsync(Ct));
        Assert.True(await index.BulkUpsertAsync(items[4..8], commitEvery: 8, Ct));
        Assert.Equal(8, await index.CountAsync(Ct));
        Assert.False(await index.BulkUpsertAsync(items[8..], commitEvery: 8, Ct));
        // Idempotent by id like UpsertAsync: writing the same items again replaces them.
        Assert.False(await index.BulkUpsertAsync(items[..2], commitEvery: 8, Ct));
        await index.CommitAsync(Ct);

        Assert.Equal(10, await index.CountAsync(Ct));
        Assert.Equal(10, (await index.SearchAsync(new SearchQuery { Text = "flood", Size = 20 }, Ct)).Total);
    }

    [Fact]
    public async Task BulkUpsert_UncommittedItems_ArePublishedByTheNextUpsert()
    {
        var index = (LuceneRiskIndex)Index;
        await index.BulkUpsertAsync([Some.En2], commitEvery: 1000, Ct);
        await index.UpsertAsync([Some.En3], Ct);
        Assert.Equal(2, await index.CountAsync(Ct));
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

/// <summary>Rebuilding an index folder from the items it stores (the `reindex` verb).</summary>
public sealed class LuceneRebuildTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Rebuild_Format1Index_GivesACurrentFormatIndexWithEveryItemAndKeepsABackup()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "index");
        using (var old = new LuceneRiskIndex(path, new LuceneIndexOptions { NewIndexFormat = 1 }))
        {
            await old.UpsertAsync(Some.Corpus, Ct);
            await old.UpsertAsync([Some.Item("zh3", "村庄遭到恐怖袭击", "12月28日，山区发生袭击。", "zh")], Ct);
            Assert.Equal(1, old.Format);
        }
        var log = new StringWriter();
        var report = await LuceneRebuild.RunAsync(path, new LuceneIndexOptions(), TimeProvider.System, log, Ct);

        Assert.Equal((Some.Corpus.Count() + 1, 0, 1, Fields.CurrentFormat), (report.Items, report.Unreadable, report.FromFormat, report.ToFormat));
        Assert.True(Directory.Exists(report.Backup));
        Assert.False(Directory.Exists(path + ".rebuild"));
        using var rebuilt = new LuceneRiskIndex(path);
        Assert.Equal(Fields.CurrentFormat, rebuilt.Format);
        Assert.Equal(Some.Corpus.Count() + 1, await rebuilt.CountAsync(Ct));
        Assert.Equal(["zh1", "zh3"], (await rebuilt.SearchAsync(new SearchQuery { Text = "恐怖袭击" }, Ct)).Hits.Select(h => h.Item.Id).Order(StringComparer.Ordinal));
        Assert.Equal("村庄遭到恐怖袭击", (await rebuilt.GetAsync("zh3", Ct))!.Title);
        // The backup is the old index, still readable as it was.
        using var backup = new LuceneRiskIndex(report.Backup);
        Assert.Equal((1, Some.Corpus.Count() + 1L), (backup.Format, await backup.CountAsync(Ct)));
    }

    [Fact]
    public async Task Rebuild_IndexOpenForWriting_RefusesAndLeavesItAlone()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "index");
        using var open = new LuceneRiskIndex(path);
        await open.UpsertAsync(Some.Corpus, Ct);
        var ex = await Assert.ThrowsAsync<IOException>(() => LuceneRebuild.RunAsync(path, new LuceneIndexOptions(), TimeProvider.System, TextWriter.Null, Ct));
        Assert.Contains("running RiskWatch", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Some.Corpus.Count(), await open.CountAsync(Ct));
        Assert.False(Directory.Exists(path + ".rebuild"));
    }
}

using System.Net;
using Xunit.Abstractions;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RiskWatch.Core;
using RiskWatch.Faults.Tests.Support;
using RiskWatch.Search.Lucene;
using RiskWatch.Web.Tests.Support;

namespace RiskWatch.Faults.Tests;

/// <summary>The index unavailable: collected items wait in a durable spool on disk and are indexed once the index is back.</summary>
public sealed class IndexUnavailableTests(ITestOutputHelper output)
{
    /// <summary>A real Lucene index that answers <see cref="IndexUnavailableException"/> while <see cref="Down"/> is set.</summary>
    private sealed class FlakyIndex(IRiskIndex inner) : IRiskIndex
    {
        public volatile bool Down;
        private void Check() { if (Down) throw new IndexUnavailableException("test index is down"); }
        public Task UpsertAsync(IReadOnlyCollection<RiskItem> items, CancellationToken ct) { Check(); return inner.UpsertAsync(items, ct); }
        public Task<RiskItem?> GetAsync(string id, CancellationToken ct) { Check(); return inner.GetAsync(id, ct); }
        public Task<IReadOnlyDictionary<string, RiskItem>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct) { Check(); return inner.GetManyAsync(ids, ct); }
        public Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct) { Check(); return inner.SearchAsync(query, ct); }
        public Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct) { Check(); return inner.DeleteOlderThanAsync(cutoff, ct); }
        public Task<long> CountAsync(CancellationToken ct) { Check(); return inner.CountAsync(ct); }
    }

    private sealed class FixedClassifier : IItemClassifier
    {
        public string ModelVersion => "test";
        public IReadOnlyList<Classification> Classify(IReadOnlyList<ClassifierInput> items) =>
            items.Select(_ => new Classification(RiskCategory.Crime, 0.9, 3, 0.9)).ToList();
    }

    private static List<CollectedItem> Items(int from, int count) => Enumerable.Range(from, count).Select(i => new CollectedItem
    {
        Source = "test", SourceItemId = "item-" + i, Title = "Kenya district " + i, Text = "Crime in district " + i, Countries = ["KE"], Language = "en",
    }).ToList();

    [Fact]
    public async Task Ingest_IndexDown_SpoolsBatchOnDisk_AndNextIngestIndexesSpoolOldestFirstBeforeItsNewerVersion()
    {
        using var folder = new TempFolder();
        using var lucene = new LuceneRiskIndex(Path.Combine(folder.Path, "index"));
        var index = new FlakyIndex(lucene) { Down = true };
        var spool = new IngestSpool(Path.Combine(folder.Path, "spool"));
        var pipeline = new IngestPipeline(index, new FixedClassifier(), [], TimeProvider.System, NullLogger<IngestPipeline>.Instance, spool) { BatchSize = 50 };

        var first = await Assert.ThrowsAsync<IndexUnavailableException>(() => pipeline.IngestAsync(Items(0, 120), default));
        Assert.EndsWith("120 items spooled", first.Message);
        await Assert.ThrowsAsync<IndexUnavailableException>(() => pipeline.IngestAsync(Items(100, 30), default));
        Assert.Equal(2, spool.Pending().Count);
        Assert.Null(await spool.WriteAsync(Items(0, 120), TimeProvider.System, default)); // a poll bringing the same feed adds nothing
        Assert.Equal(130, spool.PendingItems()); // 100..119 already wait with the same content: spooled once, not per poll
        Assert.Empty(Directory.EnumerateFiles(spool.Folder, "*.tmp"));

        // Still down: the drain keeps every file.
        Assert.Equal(0, await pipeline.DrainSpoolAsync(default));
        Assert.Equal(2, spool.Pending().Count);

        // A new process on the same folder sees the same batches (durable, not in memory).
        var reopened = new IngestSpool(spool.Folder);
        Assert.Equal(130, reopened.PendingItems());

        index.Down = false;
        // The first ingest after the index is back indexes the older spooled batches before its own newer version of item 0.
        var v2 = Items(0, 1)[0] with { Title = "Kenya district 0 reissued" };
        var report = await pipeline.IngestAsync([v2], default);
        Assert.Equal(1, report.Updated);
        Assert.Empty(spool.Pending());
        Assert.Equal("Kenya district 0 reissued", (await lucene.GetAsync(v2.Id, default))!.Title);
        Assert.Equal(0, await pipeline.DrainSpoolAsync(default));
        Assert.Equal(130, await lucene.CountAsync(default)); // 0..129: the overlap 100..119 is one item each
        Assert.NotNull(await lucene.GetAsync(ItemIds.For("test", "item-129"), default));
    }

    [Fact]
    public async Task App_ElasticsearchUrlDead_SpoolsItemsAndSearchAnswers503_ThenLuceneRestartDrainsSpoolAndItemsAreSearchable()
    {
        using var data = new TempFolder();
        await using var feed = new LoopbackHttpServer();
        feed.Serve("/rss.xml", UsFeed.Build(40, "Spoolland"));
        var deadPort = LoopbackHttpServer.FreePort(); // nothing listens here

        var settings = UsFeed.Source(feed.Url("/rss.xml"));
        settings["RiskWatch:Index:Provider"] = "Elasticsearch";
        settings["RiskWatch:Index:Elasticsearch:Url"] = $"http://127.0.0.1:{deadPort}";
        var spoolDir = Path.Combine(data.Path, "spool");
        await using (var app = await AppProcess.StartAsync(data.Path, settings))
        {
            // The collector runs, the index refuses, the items land in the spool on disk.
            await Wait.UntilAsync(() => Task.FromResult(SpooledItems(spoolDir)), n => n >= 40, 60, () => app.Output);

            var search = await app.Client.GetAsync("/api/items?q=Spoolland");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, search.StatusCode);
            Assert.Equal("application/problem+json", search.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await search.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains("Elasticsearch", problem.GetProperty("detail").GetString());
            output.WriteLine("503 detail: " + problem.GetProperty("detail").GetString());

            var sources = await app.Client.GetStringAsync("/api/sources");
            Assert.Contains("items spooled", sources);
        }

        // The index is back (here: the embedded Lucene index on the same data folder); the source is off, so only the drain can index them.
        await using (var app = await AppProcess.StartAsync(data.Path, new Dictionary<string, string> { ["RiskWatch:Spool:DrainSeconds"] = "1" }))
        {
            var total = await Wait.UntilAsync(() => app.TotalAsync("q=Spoolland"), n => n == 40, 60, () => app.Output);
            Assert.Equal(40, total);
            await Wait.UntilAsync(() => Task.FromResult(Directory.EnumerateFiles(spoolDir, "*.json").Count()), n => n == 0, 30);
        }
    }

    private static int SpooledItems(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.json").Sum(f => IngestSpool.Read(f).Count) : 0;
}

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace RiskWatch.Core.Tests;

public class IngestPipelineTests
{
    private readonly MemoryIndex _index = new();
    private readonly RecordingListener _listener = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    private IngestPipeline Pipeline(params IItemListener[] extra) =>
        new(_index, new FixedClassifier(), [_listener, .. extra], _time, NullLogger<IngestPipeline>.Instance);

    private static CollectedItem Item(string id, int level, string text = "text", params string[] countries) => new()
    {
        Source = "us-state-dept", SourceItemId = id, Title = $"{id} - Level", Text = text,
        RawLevel = $"Level {level}", Level = level, Countries = countries.Length == 0 ? ["TH"] : countries,
    };

    [Fact]
    public async Task Ingest_NewItems_AreIndexedClassifiedAndAnnounced()
    {
        var report = await Pipeline().IngestAsync([Item("a", 2), Item("b", 5)], default);

        Assert.Equal(2, report.Added);
        Assert.Equal(2, _index.Items.Count);
        var a = _index.Items.Values.Single(i => i.Title.StartsWith("a"));
        Assert.Equal(2, a.Level);
        Assert.Equal(RiskCategory.CivilUnrest, a.Category);
        Assert.Equal("test-1", a.ModelVersion);
        Assert.Equal(2, _listener.Batches.Single().Added.Count);
    }

    [Fact]
    public async Task Ingest_SameContentTwice_IsUnchanged()
    {
        var p = Pipeline();
        await p.IngestAsync([Item("a", 2)], default);
        var second = await p.IngestAsync([Item("a", 2)], default);

        Assert.Equal(1, second.Unchanged);
        Assert.Equal(0, second.Added + second.Updated);
    }

    [Fact]
    public async Task Ingest_ReissuedWithNewLevel_IsUpdateAndLevelChange()
    {
        var p = Pipeline();
        await p.IngestAsync([Item("a", 2, "calm", "TH")], default);
        _time.Advance(TimeSpan.FromHours(1));
        var report = await p.IngestAsync([Item("a", 4, "unrest", "TH")], default);

        Assert.Equal(1, report.Updated);
        var change = Assert.Single(_listener.Batches.Last().LevelChanges);
        Assert.Equal(("TH", 2, 4), (change.Country, change.OldLevel, change.NewLevel));
        Assert.Equal(4, _index.Items.Values.Single().Level);
    }

    [Fact]
    public async Task Ingest_FailingListener_DoesNotStopOthersOrIndexing()
    {
        var report = await Pipeline(new ThrowingListener()).IngestAsync([Item("a", 3)], default);

        Assert.Equal(1, report.Added);
        Assert.Single(_index.Items);
        Assert.Single(_listener.Batches);
    }

    [Fact]
    public async Task Ingest_UnknownCountryCodes_AreDropped()
    {
        await Pipeline().IngestAsync([Item("a", 3, "x", "TH", "ZZ")], default);
        Assert.Equal(["TH"], _index.Items.Values.Single().Countries);
    }

    private sealed class FixedClassifier : IItemClassifier
    {
        public string ModelVersion => "test-1";
        public IReadOnlyList<Classification> Classify(IReadOnlyList<ClassifierInput> items) =>
            items.Select(_ => new Classification(RiskCategory.CivilUnrest, 0.9, 3, 0.8)).ToList();
    }

    private sealed class RecordingListener : IItemListener
    {
        public List<IngestBatch> Batches { get; } = [];
        public Task OnIngestedAsync(IngestBatch batch, CancellationToken ct) { Batches.Add(batch); return Task.CompletedTask; }
    }

    private sealed class ThrowingListener : IItemListener
    {
        public Task OnIngestedAsync(IngestBatch batch, CancellationToken ct) => throw new InvalidOperationException("boom");
    }

    /// <summary>A dictionary standing in for the index: the pipeline's own logic is what these tests are about.</summary>
    private sealed class MemoryIndex : IRiskIndex
    {
        public Dictionary<string, RiskItem> Items { get; } = [];
        public Task UpsertAsync(IReadOnlyCollection<RiskItem> items, CancellationToken ct) { foreach (var i in items) Items[i.Id] = i; return Task.CompletedTask; }
        public Task<RiskItem?> GetAsync(string id, CancellationToken ct) => Task.FromResult(Items.GetValueOrDefault(id));
        public Task<IReadOnlyDictionary<string, RiskItem>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
            Task.FromResult<IReadOnlyDictionary<string, RiskItem>>(ids.Where(Items.ContainsKey).ToDictionary(i => i, i => Items[i]));
        public Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct) => throw new NotSupportedException();
        public Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct) => throw new NotSupportedException();
        public Task<long> CountAsync(CancellationToken ct) => Task.FromResult((long)Items.Count);
    }
}

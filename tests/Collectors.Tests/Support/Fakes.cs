using System.Collections.Concurrent;
using RiskWatch.Core;

namespace RiskWatch.Collectors.Tests.Support;

/// <summary>A hand-written in-memory index: enough of <see cref="IRiskIndex"/> for the ingest pipeline.</summary>
internal sealed class InMemoryIndex : IRiskIndex
{
    public ConcurrentDictionary<string, RiskItem> Items { get; } = new();

    public Task UpsertAsync(IReadOnlyCollection<RiskItem> items, CancellationToken ct)
    {
        foreach (var i in items) Items[i.Id] = i;
        return Task.CompletedTask;
    }

    public Task<RiskItem?> GetAsync(string id, CancellationToken ct) => Task.FromResult(Items.GetValueOrDefault(id));

    public Task<IReadOnlyDictionary<string, RiskItem>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, RiskItem>>(ids.Where(Items.ContainsKey).ToDictionary(id => id, id => Items[id]));

    public Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct) =>
        Task.FromResult(new SearchResult(Items.Values.Select(i => new SearchHit(i, 1, null, null)).ToList(), Items.Count,
            new Dictionary<string, IReadOnlyDictionary<string, long>>(), [], null));

    public Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct) => Task.FromResult(0L);

    public Task<long> CountAsync(CancellationToken ct) => Task.FromResult((long)Items.Count);
}

/// <summary>Classifies everything as "other", severity 2.</summary>
internal sealed class FixedClassifier : IItemClassifier
{
    public string ModelVersion => "test";

    public IReadOnlyList<Classification> Classify(IReadOnlyList<ClassifierInput> items) =>
        items.Select(_ => new Classification(RiskCategory.Other, 0.5, 2, 0.5)).ToList();
}

/// <summary>Keeps every ingested batch.</summary>
internal sealed class RecordingListener : IItemListener
{
    public ConcurrentQueue<IngestBatch> Batches { get; } = new();

    public Task OnIngestedAsync(IngestBatch batch, CancellationToken ct)
    {
        Batches.Enqueue(batch);
        return Task.CompletedTask;
    }
}

/// <summary>A source whose code is broken: it throws something that is neither a fetch nor a format failure.</summary>
internal sealed class BrokenSource : ISource
{
    public string Id => "broken";
    public bool Recognizes(string content) => false;
    public IReadOnlyList<CollectedItem> Parse(string content, Uri? location = null) => throw new InvalidOperationException("bug in the parser");
    public Task<IReadOnlyList<CollectedItem>> CollectAsync(IFetcher fetcher, CancellationToken ct) => throw new NullReferenceException("bug in the source");
}

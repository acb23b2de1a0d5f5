namespace RiskWatch.Search.Lucene;

/// <summary>Cumulative wall-clock time of the parts of <see cref="LuceneRiskIndex.UpsertAsync"/> since the index was
/// opened: writing documents (analysis and Lucene's in-memory indexing, on the indexing threads), the commit (flush of the
/// buffered segment, resolving deletes, fsync) and the searcher refresh. Updated under the write lock; read at any time.</summary>
public sealed class IngestTimings
{
    private long _items, _added, _writeTicks, _commitTicks, _refreshTicks, _batches;

    public long Batches => Interlocked.Read(ref _batches);

    public long Items => Interlocked.Read(ref _items);

    /// <summary>Items whose id was new to the index (AddDocument); the rest replaced a document (UpdateDocument).</summary>
    public long Added => Interlocked.Read(ref _added);

    public TimeSpan Write => TimeSpan.FromTicks(Interlocked.Read(ref _writeTicks));

    public TimeSpan Commit => TimeSpan.FromTicks(Interlocked.Read(ref _commitTicks));

    public TimeSpan Refresh => TimeSpan.FromTicks(Interlocked.Read(ref _refreshTicks));

    internal void Record(int items, int added, TimeSpan write, TimeSpan commitAndRefresh, TimeSpan commit)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _items, items);
        Interlocked.Add(ref _added, added);
        Interlocked.Add(ref _writeTicks, write.Ticks);
        Interlocked.Add(ref _commitTicks, commit.Ticks);
        Interlocked.Add(ref _refreshTicks, (commitAndRefresh - commit).Ticks);
    }
}

using Microsoft.Extensions.Logging;
using RiskWatch.Core.Countries;

namespace RiskWatch.Core;

/// <summary>What one call of <see cref="IngestPipeline.IngestAsync"/> did.</summary>
public sealed record IngestReport(int Received, int Added, int Updated, int Unchanged, int LevelChanges);

/// <summary>
/// Collected items → normalized (countries checked against the country table, language decided, duplicates in the batch
/// dropped) → new or changed ones classified in one batch → indexed → listeners told.
/// The index is the item store: an item whose content hash is unchanged is not re-indexed, and an official level that
/// differs from the stored one is a <see cref="LevelChange"/>. One batch is written at a time.
/// When the index is unavailable and a <see cref="IngestSpool"/> is given, the chunks not yet indexed are written to the
/// spool (nothing collected is lost) and <see cref="IndexUnavailableException"/> is still thrown, its message ending with
/// "N items spooled", so the source's state tells the truth; <see cref="DrainSpoolAsync"/> indexes them later.
/// </summary>
public sealed partial class IngestPipeline(
    IRiskIndex index,
    IItemClassifier classifier,
    IEnumerable<IItemListener> listeners,
    TimeProvider time,
    ILogger<IngestPipeline> log,
    IngestSpool? spool = null)
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SemaphoreSlim _drainer = new(1, 1);
    private volatile string? _lastDrainFailure;
    private readonly IItemListener[] _listeners = listeners.ToArray();

    /// <summary>Largest number of items classified and indexed in one go.</summary>
    public int BatchSize { get; init; } = 1000;

    public async Task<IngestReport> IngestAsync(IReadOnlyList<CollectedItem> collected, CancellationToken ct)
    {
        int added = 0, updated = 0, unchanged = 0, changes = 0;
        // Spooled batches are older than this one: they are indexed first, or an old spooled version would later overwrite
        // (and raise a false level change against) what is collected now. While some remain, this batch joins them.
        if (spool is not null && spool.HasPending())
        {
            await DrainSpoolAsync(ct);
            if (spool.HasPending() && collected.Count > 0)
            {
                await spool.WriteAsync(collected, time, CancellationToken.None);
                Log.Spooled(log, collected.Count, "older spooled batches still wait");
                throw new IndexUnavailableException($"{_lastDrainFailure ?? "the index refuses the spooled batches"}; {collected.Count} items spooled");
            }
        }
        var chunks = collected.Chunk(BatchSize).ToList();
        for (int i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            IngestBatch batch;
            try
            {
                batch = await IngestChunkAsync(chunk, ct);
            }
            catch (IndexUnavailableException ex) when (spool is not null)
            {
                // This chunk and every later one go to the spool; earlier chunks are indexed already (writes are idempotent by id,
                // so a chunk half-written before the failure is simply written again by the drain).
                var rest = chunks.Skip(i).SelectMany(c => c).ToList();
                await spool.WriteAsync(rest, time, CancellationToken.None);
                Log.Spooled(log, rest.Count, ex.Message);
                throw new IndexUnavailableException($"{ex.Message}; {rest.Count} items spooled", ex);
            }
            added += batch.Added.Count;
            updated += batch.Updated.Count;
            changes += batch.LevelChanges.Count;
            unchanged += chunk.Length - batch.Added.Count - batch.Updated.Count;
        }
        return new IngestReport(collected.Count, added, updated, unchanged, changes);
    }

    private async Task<IngestBatch> IngestChunkAsync(IReadOnlyList<CollectedItem> chunk, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Last one wins when a batch holds the same item twice.
        var byId = new Dictionary<string, CollectedItem>();
        foreach (var c in chunk) byId[c.Id] = c;

        await _writer.WaitAsync(ct);
        var started = time.GetTimestamp();
        IngestBatch batch;
        try
        {
            var existing = await index.GetManyAsync(byId.Keys, ct);
            var fresh = new List<(CollectedItem Item, string Hash, RiskItem? Old)>();
            foreach (var (id, c) in byId)
            {
                var hash = ItemIds.ContentHash(c.Title, c.Text, c.RawLevel);
                existing.TryGetValue(id, out var old);
                if (old is not null && old.ContentHash == hash) continue;
                fresh.Add((c, hash, old));
            }
            if (fresh.Count == 0) return new IngestBatch([], [], []);

            var predictions = classifier.Classify(fresh.Select(f => new ClassifierInput(f.Item.Title, f.Item.Text, Language(f.Item), f.Item.Countries, f.Item.Source)).ToList());
            var added = new List<RiskItem>();
            var updated = new List<RiskItem>();
            var levelChanges = new List<LevelChange>();
            for (int i = 0; i < fresh.Count; i++)
            {
                var (c, hash, old) = fresh[i];
                var item = new RiskItem
                {
                    Id = c.Id,
                    Source = c.Source,
                    Title = TextTools.Squash(c.Title),
                    Url = c.Url,
                    Text = c.Text,
                    Published = c.Published ?? old?.Published ?? now,
                    Collected = old?.Collected ?? now,
                    RawLevel = c.RawLevel,
                    OfficialLevel = c.Level,
                    Countries = NormalizeCountries(c.Countries),
                    Language = Language(c),
                    ModelVersion = classifier.ModelVersion,
                    ContentHash = hash,
                    Regions = c.Regions,
                }.WithLabels(predictions[i], old?.AnalystCategory, old?.AnalystSeverity, old?.CorrectedBy); // an analyst's labels outlive a re-issue
                (old is null ? added : updated).Add(item);
                if (old is not null && c.Level is int lvl && old.OfficialLevel != lvl)
                {
                    foreach (var country in item.Countries)
                        levelChanges.Add(new LevelChange(c.Source, country, item.Id, old.RawLevel, old.OfficialLevel, c.RawLevel, lvl, now, item.Title, item.Url));
                }
            }
            await index.UpsertAsync([.. added, .. updated], ct);
            batch = new IngestBatch(added, updated, levelChanges);
            Telemetry.ItemsIndexed.Add(added.Count + updated.Count);
            Telemetry.LevelChanges.Add(levelChanges.Count);
            Telemetry.IngestSeconds.Record(time.GetElapsedTime(started).TotalSeconds);
        }
        finally
        {
            _writer.Release();
        }

        Log.Ingested(log, batch.Added.Count, batch.Updated.Count, batch.LevelChanges.Count);
        foreach (var listener in _listeners)
        {
            try
            {
                await listener.OnIngestedAsync(batch, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ListenerFailed(log, listener.GetType().Name, ex);
            }
        }
        return batch;
    }

    /// <summary>
    /// Indexes the spooled batches, oldest first, deleting each file only once its batch is indexed. Stops at the first batch
    /// the index still refuses (it stays for the next drain). Returns the number of items indexed from the spool.
    /// </summary>
    public async Task<int> DrainSpoolAsync(CancellationToken ct)
    {
        if (spool is null) return 0;
        // One drain at a time (the hosted drain and an ingest may both start one); a file is read, indexed and deleted by one of them.
        await _drainer.WaitAsync(ct);
        try
        {
            return await DrainLockedAsync(spool, ct);
        }
        finally
        {
            _drainer.Release();
        }
    }

    private async Task<int> DrainLockedAsync(IngestSpool spool, CancellationToken ct)
    {
        int drained = 0;
        foreach (var file in spool.Pending())
        {
            ct.ThrowIfCancellationRequested();
            IReadOnlyList<CollectedItem> items;
            try
            {
                items = IngestSpool.Read(file);
            }
            catch (System.Text.Json.JsonException ex)
            {
                // Written atomically, so this is damage from outside; kept aside rather than retried forever.
                Log.SpoolFileUnreadable(log, file, ex);
                File.Move(file, file + ".bad", overwrite: true);
                continue;
            }
            try
            {
                foreach (var chunk in items.Chunk(BatchSize)) await IngestChunkAsync(chunk, ct);
            }
            catch (IndexUnavailableException ex)
            {
                _lastDrainFailure = ex.Message;
                Log.DrainStopped(log, ex.Message);
                break;
            }
            File.Delete(file);
            drained += items.Count;
            Log.Drained(log, items.Count, Path.GetFileName(file));
        }
        return drained;
    }

    private static string Language(CollectedItem c) =>
        string.IsNullOrEmpty(c.Language) ? TextTools.DetectLanguage(c.Title + " " + c.Text) : c.Language;

    private static IReadOnlyList<string> NormalizeCountries(IReadOnlyList<string> codes) =>
        codes.Select(c => CountryTable.ByIso2(c)?.Iso2).OfType<string>().Distinct().ToList();

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {Added} new and {Updated} updated items, {Changes} level changes")]
        public static partial void Ingested(ILogger logger, int added, int updated, int changes);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Index unavailable: {Count} items spooled ({Reason})")]
        public static partial void Spooled(ILogger logger, int count, string reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Indexed {Count} spooled items from {File}")]
        public static partial void Drained(ILogger logger, int count, string file);

        [LoggerMessage(Level = LogLevel.Information, Message = "Spool drain stopped: index still unavailable ({Reason})")]
        public static partial void DrainStopped(ILogger logger, string reason);

        [LoggerMessage(Level = LogLevel.Error, Message = "Spool file {File} cannot be read; moved aside as .bad")]
        public static partial void SpoolFileUnreadable(ILogger logger, string file, Exception ex);

        [LoggerMessage(Level = LogLevel.Error, Message = "Item listener {Listener} failed; ingest goes on")]
        public static partial void ListenerFailed(ILogger logger, string listener, Exception ex);
    }
}

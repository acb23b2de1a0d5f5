using System.Text.Json;

namespace RiskWatch.Core;

/// <summary>
/// A durable queue of collected batches that could not be indexed because the index was unavailable: one JSON file per
/// batch under the data folder's <c>spool</c> folder, written to a temporary file, flushed to disk and then renamed, so a
/// crash leaves either the whole batch or nothing. Files are named by the time they were written plus a counter, so
/// ordinal order is oldest first. A file is deleted only after its batch is indexed (<see cref="IngestPipeline.DrainSpoolAsync"/>).
/// </summary>
public sealed class IngestSpool
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private long _counter;

    public IngestSpool(string folder)
    {
        Folder = folder;
        Directory.CreateDirectory(folder);
        // A temporary file left by a crash mid-write never became a batch: its items are collected again on the next run.
        foreach (var tmp in Directory.EnumerateFiles(folder, "*.tmp")) File.Delete(tmp);
    }

    public string Folder { get; }

    /// <summary>
    /// Writes one batch; returns its file, or null when every item already waits in the spool with the same content (a
    /// source polled again during an outage brings the same feed: it is spooled once, not once per poll). The file is on
    /// disk (fsynced) when this returns.
    /// </summary>
    public async Task<string?> WriteAsync(IReadOnlyList<CollectedItem> items, TimeProvider time, CancellationToken ct)
    {
        var waiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Pending())
        {
            try { foreach (var w in Read(file)) waiting.Add(Key(w)); }
            catch (Exception ex) when (ex is JsonException or IOException) { } // the drain moves unreadable files aside
        }
        items = items.Where(i => waiting.Add(Key(i))).ToList();
        if (items.Count == 0) return null;
        var name = $"{time.GetUtcNow().UtcTicks:D20}-{Interlocked.Increment(ref _counter):D8}-{Guid.NewGuid():N}.json";
        var final = Path.Combine(Folder, name);
        var tmp = final + ".tmp";
        await using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
        {
            await JsonSerializer.SerializeAsync(fs, items, Json, ct);
            await fs.FlushAsync(ct);
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, final);
        return final;
    }

    /// <summary>The spooled batch files, oldest first.</summary>
    public IReadOnlyList<string> Pending() =>
        Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal).ToList();

    /// <summary>True when at least one batch waits.</summary>
    public bool HasPending() => Directory.EnumerateFiles(Folder, "*.json").Any();

    /// <summary>How many items wait in the spool.</summary>
    public int PendingItems() => Pending().Sum(f => Read(f).Count);

    private static string Key(CollectedItem i) => i.Id + "\u0001" + ItemIds.ContentHash(i.Title, i.Text, i.RawLevel);

    public static IReadOnlyList<CollectedItem> Read(string file)
    {
        using var fs = File.OpenRead(file);
        return JsonSerializer.Deserialize<List<CollectedItem>>(fs, Json) ?? [];
    }
}

using System.Diagnostics;
using Lucene.Net.Index;
using Lucene.Net.Store;
using RiskWatch.Core;

namespace RiskWatch.Search.Lucene;

/// <summary>What <see cref="LuceneRebuild.RunAsync"/> did.</summary>
public sealed record RebuildReport(long Items, int Unreadable, int FromFormat, int ToFormat, string Backup, double Seconds);

/// <summary>
/// Rebuilds an index folder in the current format and analysis from the items it stores (every document keeps its item
/// as JSON), through the bulk path: an index made by an earlier version (format 1) or with another Chinese analysis is
/// upgraded without collecting anything again. The new index is built beside the old one and swapped in only when it
/// holds every readable item; the old folder is kept as a backup. The index must not be open in a running RiskWatch.
/// </summary>
public static class LuceneRebuild
{
    private static readonly ISet<string> JsonOnly = new HashSet<string> { Fields.Json };

    public static async Task<RebuildReport> RunAsync(string path, LuceneIndexOptions options, TimeProvider time, TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var sw = Stopwatch.StartNew();
        path = Path.GetFullPath(path);
        if (!System.IO.Directory.Exists(path)) throw new IOException($"no index folder at {path}");
        var target = path + ".rebuild";
        if (System.IO.Directory.Exists(target)) System.IO.Directory.Delete(target, recursive: true); // a rebuild stopped half-way
        long items = 0, expected;
        int unreadable = 0, fromFormat;
        int toFormat;
        using (var dir = FSDirectory.Open(path))
        {
            if (!DirectoryReader.IndexExists(dir)) throw new IOException($"{path} holds no Lucene index");
            if (IndexWriter.IsLocked(dir))
                throw new IOException($"the index at {path} is open for writing (a running RiskWatch holds its lock): stop it, then rebuild");
            using var reader = DirectoryReader.Open(dir);
            expected = reader.NumDocs;
            fromFormat = Fields.FormatOf(reader.IndexCommit.UserData);
            using var fresh = new LuceneRiskIndex(target, new LuceneIndexOptions
            {
                ChineseAnalysis = options.ChineseAnalysis,
                IndexingThreads = options.IndexingThreads,
                RamBufferMb = options.RamBufferMb,
            });
            toFormat = fresh.Format;
            var batch = new List<RiskItem>(5_000);
            foreach (var leaf in reader.Leaves)
            {
                var r = leaf.AtomicReader;
                var live = r.LiveDocs;
                for (int d = 0; d < r.MaxDoc; d++)
                {
                    ct.ThrowIfCancellationRequested();
                    if (live is not null && !live.Get(d)) continue;
                    var stored = r.Document(d, JsonOnly).GetBinaryValue(Fields.Json);
                    try
                    {
                        batch.Add(ItemJson.Deserialize(stored.Bytes.AsSpan(stored.Offset, stored.Length)));
                    }
                    catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException or NullReferenceException)
                    {
                        unreadable++; // stays in the backup; reported
                        continue;
                    }
                    if (batch.Count == batch.Capacity)
                    {
                        await fresh.BulkUpsertAsync(batch, 200_000, ct);
                        items += batch.Count;
                        batch.Clear();
                        if (items % 100_000 == 0) log.WriteLine($"  {items:N0} of {expected:N0} items, {sw.Elapsed.TotalSeconds:F0} s");
                    }
                }
            }
            if (batch.Count > 0) { await fresh.BulkUpsertAsync(batch, 200_000, ct); items += batch.Count; }
            await fresh.CommitAsync(ct);
            var count = await fresh.CountAsync(ct);
            if (count != expected - unreadable)
                throw new InvalidOperationException($"the rebuilt index holds {count:N0} items, not {expected - unreadable:N0}; the old index is untouched and {target} can be removed");
        }
        var backup = $"{path}.before-rebuild-{time.GetUtcNow():yyyyMMdd-HHmmss}";
        System.IO.Directory.Move(path, backup);
        System.IO.Directory.Move(target, path);
        return new RebuildReport(items, unreadable, fromFormat, toFormat, backup, Math.Round(sw.Elapsed.TotalSeconds, 1));
    }
}

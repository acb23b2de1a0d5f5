using System.Buffers;
using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace RiskWatch.Search.Lucene;

/// <summary>
/// 64-bit hashes of every id ever written to this index (a superset of the ids it holds: deletes are not removed).
/// An id whose hash is absent is certainly new, so its document is added with <c>AddDocument</c>; otherwise (present, or a
/// hash collision) it goes through <c>UpdateDocument</c>, whose delete-by-term Lucene resolves against every segment at
/// each commit. Upserts stay idempotent; only the cost of proving newness changes. About 20 bytes per id.
/// Not thread-safe: used under the index's write lock.
/// </summary>
internal sealed class KnownIds
{
    private readonly HashSet<long> _hashes;

    private KnownIds(HashSet<long> hashes) => _hashes = hashes;

    public int Count => _hashes.Count;

    /// <summary>Reads the id terms of every segment (deleted documents' ids included: a superset is safe).</summary>
    public static KnownIds Load(IndexReader reader)
    {
        var set = new HashSet<long>(Math.Max(16, reader.MaxDoc));
        foreach (var leaf in reader.Leaves)
        {
            var terms = leaf.AtomicReader.GetTerms(Fields.Id);
            if (terms is null) continue;
            var e = terms.GetEnumerator();
            while (e.MoveNext())
            {
                var t = e.Term;
                set.Add(Hash(t.Bytes.AsSpan(t.Offset, t.Length)));
            }
        }
        return new KnownIds(set);
    }

    /// <summary>Records the id; true when it was certainly not in the index before.</summary>
    public bool AddIsNew(string id)
    {
        var max = Encoding.UTF8.GetMaxByteCount(id.Length);
        byte[]? rented = null;
        Span<byte> buf = max <= 512 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = Encoding.UTF8.GetBytes(id, buf);
            return _hashes.Add(Hash(buf[..n]));
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>FNV-1a 64 over the UTF-8 bytes of the id, as the id term holds them.</summary>
    private static long Hash(ReadOnlySpan<byte> bytes)
    {
        ulong h = 14695981039346656037UL;
        foreach (var b in bytes) { h ^= b; h *= 1099511628211UL; }
        return (long)h;
    }
}

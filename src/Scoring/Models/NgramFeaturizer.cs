using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RiskWatch.Scoring.Models;

/// <summary>
/// Word uni- and bigram TF-IDF of <see cref="TextPrep"/>'s output, where tokens are separated by spaces and every CJK
/// ideograph is a token of its own (so Chinese gets character uni- and bigrams). N-grams are keyed by a 64-bit hash of
/// their characters: featurizing allocates no strings, and a text costs one pass and one dictionary lookup per n-gram.
/// It replaces ML.NET's FeaturizeText, whose per-row cost was most of prediction and training time.
/// </summary>
/// <remarks>
/// The dictionary is fitted on training texts (document frequency at least <c>minDocs</c>, the <c>maxSlots</c> most
/// frequent kept). Vectors are L2-normalised over every known n-gram of the text; <see cref="Select"/> then keeps only
/// some slots in the output (a feature-selected head) without changing the normalisation, as selection after ML.NET's
/// featurizer did. Two n-grams that share a 64-bit hash would share a slot: at 10^6 n-grams the chance is about 10^-7.
/// </remarks>
internal sealed class NgramFeaturizer
{
    /// <summary>One known n-gram: its hash (0 marks an empty cell), its output slot (−1: counts only in the norm), its idf.</summary>
    private struct Entry
    {
        public ulong Key;
        public int Slot;
        public float Idf;
    }

    /// <summary>
    /// Open addressing with linear probing, at most half full: a lookup is usually one cache line, where a
    /// Dictionary takes two dependent reads (bucket, then entry).
    /// </summary>
    private readonly Entry[] _table;
    private readonly int _mask;

    /// <summary>Width of the output vector.</summary>
    public int Dimension { get; }

    /// <summary>Number of n-grams the featurizer knows (emitted or not).</summary>
    public int Known { get; }

    private NgramFeaturizer(IReadOnlyList<(ulong Key, int Slot, float Idf)> grams, int dimension)
    {
        int capacity = 16;
        while (capacity < grams.Count * 2) capacity *= 2;
        _table = new Entry[capacity];
        _mask = capacity - 1;
        foreach (var (key, slot, idf) in grams)
        {
            int i = (int)(Nonzero(key) & (uint)_mask);
            while (_table[i].Key != 0)
            {
                if (_table[i].Key == Nonzero(key)) throw new InvalidDataException("an n-gram hash is listed twice");
                i = (i + 1) & _mask;
            }
            _table[i] = new Entry { Key = Nonzero(key), Slot = slot, Idf = idf };
        }
        Known = grams.Count;
        Dimension = dimension;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Nonzero(ulong h) => h == 0 ? 1 : h;

    /// <summary>The cell of <paramref name="h"/>, or −1 when the n-gram is unknown.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(ulong h)
    {
        h = Nonzero(h);
        var table = _table;
        int i = (int)(h & (uint)_mask);
        while (true)
        {
            var k = table[i].Key;
            if (k == h) return i;
            if (k == 0) return -1;
            i = (i + 1) & _mask;
        }
    }

    private IEnumerable<(ulong Key, int Slot, float Idf)> Entries() =>
        _table.Where(e => e.Key != 0).Select(e => (e.Key, e.Slot, e.Idf));

    /// <summary>Fits the dictionary: n-grams in at least <paramref name="minDocs"/> texts, the <paramref name="maxSlots"/> most frequent.</summary>
    /// <param name="smoothIdf">
    /// True: idf = ln((1+N)/(1+df)) + 1, so an n-gram in every text still counts; false: ln(N/df), as ML.NET's TF-IDF,
    /// so it counts nothing. Chosen per head by `train`'s figures: the severity head measured better smoothed, the category
    /// head plain (and its L-BFGS then converges sooner).
    /// </param>
    public static NgramFeaturizer Fit(IReadOnlyList<string> texts, int minDocs, int maxSlots, bool smoothIdf)
    {
        ArgumentNullException.ThrowIfNull(texts);
        // Document frequencies per core, merged: counting is the whole cost of fitting.
        var parts = new List<Dictionary<ulong, int>>();
        Parallel.ForEach(Ranges(texts.Count), () => new Dictionary<ulong, int>(), (range, loop, df) =>
        {
            var seen = new HashSet<ulong>();
            var grams = new List<ulong>();
            for (int i = range.Item1; i < range.Item2; i++)
            {
                grams.Clear();
                Grams(texts[i], grams);
                seen.Clear();
                foreach (var h in grams)
                    if (seen.Add(h)) CollectionsMarshal.GetValueRefOrAddDefault(df, h, out _)++;
            }
            return df;
        }, df => { lock (parts) parts.Add(df); });
        var total = parts.Count == 0 ? new Dictionary<ulong, int>() : parts.MaxBy(p => p.Count)!;
        foreach (var p in parts)
        {
            if (ReferenceEquals(p, total)) continue;
            foreach (var (h, c) in p) CollectionsMarshal.GetValueRefOrAddDefault(total, h, out _) += c;
        }
        var kept = total.Where(kv => kv.Value >= minDocs)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key)
            .Take(maxSlots).ToArray();
        double n = texts.Count;
        return new NgramFeaturizer(kept.Select((kv, i) => (kv.Key, i, smoothIdf ? (float)Math.Log((1.0 + n) / (1.0 + kv.Value)) + 1f : (float)Math.Log(n / kv.Value))).ToList(), kept.Length);
    }

    /// <summary>
    /// The same featurizer emitting only <paramref name="slots"/> (renumbered in the given order); the n-grams of the
    /// other slots still count in each vector's norm, as with selection after featurizing.
    /// </summary>
    public NgramFeaturizer Select(IReadOnlyList<int> slots)
    {
        var map = new Dictionary<int, int>(slots.Count);
        for (int i = 0; i < slots.Count; i++) map[slots[i]] = i;
        return new NgramFeaturizer(Entries().Select(e => (e.Key, e.Slot >= 0 && map.TryGetValue(e.Slot, out var to) ? to : -1, e.Idf)).ToList(), slots.Count);
    }

    [ThreadStatic] private static Scratch? t_scratch;

    /// <summary>
    /// Appends the text's L2-normalised TF-IDF vector to <paramref name="indices"/>/<paramref name="values"/> (sorted by
    /// slot, each slot shifted by <paramref name="offset"/>) and returns how many entries it appended.
    /// </summary>
    public int Transform(string text, List<int> indices, List<float> values, int offset = 0)
    {
        var s = t_scratch ??= new Scratch();
        s.Grams.Clear();
        Grams(text, s.Grams);
        // Term counts per known n-gram in a small table of the text's own (cell of the big table → count): it stays in cache.
        int size = 64;
        while (size < s.Grams.Count * 2) size *= 2;
        if (s.Cells.Length < size) { s.Cells = new int[size]; s.Counts = new int[size]; Array.Fill(s.Cells, -1); }
        var cells = s.Cells; var counts = s.Counts;
        int mask = size - 1;
        s.Touched.Clear();
        foreach (var h in s.Grams)
        {
            int cell = Find(h);
            if (cell < 0) continue;
            int j = (int)((uint)cell * 2654435761u) & mask;
            while (cells[j] != -1 && cells[j] != cell) j = (j + 1) & mask;
            if (cells[j] == -1) { cells[j] = cell; counts[j] = 0; s.Touched.Add(j); }
            counts[j]++;
        }
        double norm = 0;
        s.Out.Clear();
        foreach (var j in s.Touched)
        {
            ref readonly var e = ref _table[cells[j]];
            var w = counts[j] * e.Idf;
            norm += (double)w * w;
            // Slot and weight packed in one long: sorting primitives is several times cheaper than sorting tuples by a comparer.
            if (e.Slot >= 0) s.Out.Add((long)e.Slot << 32 | BitConverter.SingleToUInt32Bits(w));
            cells[j] = -1;
        }
        if (s.Out.Count == 0) return 0;
        var packed = CollectionsMarshal.AsSpan(s.Out);
        packed.Sort();
        float scale = (float)(1 / Math.Sqrt(norm));
        foreach (var p in packed)
        {
            indices.Add(offset + (int)(p >> 32));
            values.Add(BitConverter.UInt32BitsToSingle((uint)p) * scale);
        }
        return packed.Length;
    }

    /// <summary>Per-thread working memory of <see cref="Transform"/>; the cell table is all −1 between calls.</summary>
    private sealed class Scratch
    {
        public int[] Cells = [];
        public int[] Counts = [];
        public readonly List<ulong> Grams = new(1024);
        public readonly List<int> Touched = new(512);
        public readonly List<long> Out = new(512);
    }

    /// <summary>Appends the hash of every unigram and bigram of the space-separated text.</summary>
    internal static void Grams(string text, List<ulong> into)
    {
        ulong prev = 0;
        bool havePrev = false;
        int i = 0, n = text.Length;
        while (i < n)
        {
            while (i < n && text[i] == ' ') i++;
            if (i >= n) break;
            ulong h = 14695981039346656037UL;
            while (i < n && text[i] != ' ') { h = (h ^ text[i]) * 1099511628211UL; i++; }
            h = Mix(h);
            into.Add(h);
            if (havePrev) into.Add(Mix(prev * 0x9E3779B97F4A7C15UL ^ RotateLeft(h, 29) ^ 0xB16B00B5UL));
            prev = h;
            havePrev = true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong RotateLeft(ulong x, int r) => (x << r) | (x >> (64 - r));

    /// <summary>A 64-bit finaliser (SplitMix64): spreads FNV's low-entropy high bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static IEnumerable<Tuple<int, int>> Ranges(int count) =>
        System.Collections.Concurrent.Partitioner.Create(0, count, Math.Max(64, count / (4 * Environment.ProcessorCount) + 1)).GetDynamicPartitions();

    public void Write(BinaryWriter w)
    {
        w.Write(Dimension);
        w.Write(Known);
        foreach (var (key, slot, idf) in Entries()) { w.Write(key); w.Write(slot); w.Write(idf); }
    }

    public static NgramFeaturizer Read(BinaryReader r)
    {
        int dim = r.ReadInt32(), count = r.ReadInt32();
        if (dim < 0 || count < 0 || count > 50_000_000) throw new InvalidDataException($"featurizer header is invalid ({dim} slots, {count} n-grams)");
        var grams = new List<(ulong, int, float)>(count);
        for (int i = 0; i < count; i++)
        {
            var key = r.ReadUInt64(); var slot = r.ReadInt32(); var idf = r.ReadSingle();
            if (slot >= dim || slot < -1 || !float.IsFinite(idf)) throw new InvalidDataException($"featurizer n-gram {i} is invalid");
            grams.Add((key, slot, idf));
        }
        return new NgramFeaturizer(grams, dim);
    }
}

using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace RiskWatch.Search.Lucene;

/// <summary>
/// The facet values of every document of one segment as plain arrays (ordinals, level, day), read once from doc values
/// when the searcher is opened (<see cref="WarmingSearcherFactory"/>) and kept while the segment is: counting a match is
/// then a few array reads, where going through the doc-values API costs a virtual call and a packed-ints decode per
/// field (most of the time of a search that facets over many matches). The sorts by level and time read them too.
/// About 26 bytes per document.
/// </summary>
internal sealed class SegmentFacets
{
    private static readonly ConditionalWeakTable<object, SegmentFacets> Cache = new();

    /// <summary>Ordinal of the document's category and source (-1: none), its level, its published day (days since 1970).</summary>
    public readonly short[] Category, Source;
    public readonly int[] Level;
    /// <summary>Published time in ms (0: none), for the sorts by newest and by severity (<see cref="ArraySortSource"/>).</summary>
    public readonly long[] Published;
    /// <summary>Published day (days since 1970) for the histogram; a DateTimeOffset's days always fit an int.</summary>
    public readonly int[] Day;
    /// <summary>Country ordinals of document d: CountryOrds[CountryStart[d] .. CountryStart[d + 1]).</summary>
    public readonly int[] CountryStart;
    public readonly short[] CountryOrds;
    public readonly string[] CategoryNames, SourceNames, CountryNames;

    public static SegmentFacets For(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => new SegmentFacets(reader));

    private SegmentFacets(AtomicReader r)
    {
        var n = r.MaxDoc;
        var categoryDv = r.GetSortedDocValues(Fields.Category);
        var sourceDv = r.GetSortedDocValues(Fields.Source);
        var countryDv = r.GetSortedSetDocValues(Fields.Country);
        var levelDv = r.GetNumericDocValues(Fields.Level);
        var publishedDv = r.GetNumericDocValues(Fields.Published);
        CategoryNames = categoryDv is null ? [] : Names(categoryDv.ValueCount, (i, t) => categoryDv.LookupOrd((int)i, t));
        SourceNames = sourceDv is null ? [] : Names(sourceDv.ValueCount, (i, t) => sourceDv.LookupOrd((int)i, t));
        CountryNames = countryDv is null ? [] : Names(countryDv.ValueCount, countryDv.LookupOrd);
        if (CategoryNames.Length > short.MaxValue || SourceNames.Length > short.MaxValue || CountryNames.Length > short.MaxValue)
            throw new InvalidOperationException("More than 32,767 distinct facet values in one segment.");
        Category = new short[n];
        Source = new short[n];
        Level = new int[n];
        Published = new long[n];
        Day = new int[n];
        CountryStart = new int[n + 1];
        var countries = new List<short>(n + n / 8);
        for (int d = 0; d < n; d++)
        {
            Category[d] = (short)(categoryDv?.GetOrd(d) ?? -1);
            Source[d] = (short)(sourceDv?.GetOrd(d) ?? -1);
            Level[d] = (int)(levelDv?.Get(d) ?? 0);
            var ms = publishedDv?.Get(d) ?? 0;
            Published[d] = ms;
            Day[d] = (int)Math.Clamp(Buckets.StartDay(ms, week: false), int.MinValue, int.MaxValue);
            CountryStart[d] = countries.Count;
            if (countryDv is not null)
            {
                countryDv.SetDocument(d);
                long ord;
                while ((ord = countryDv.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS) countries.Add((short)ord);
            }
        }
        CountryStart[n] = countries.Count;
        CountryOrds = [.. countries];
    }

    /// <summary>The values of a sorted (set) doc-values field by ordinal.</summary>
    private static string[] Names(long count, Action<long, BytesRef> lookup)
    {
        var names = new string[count];
        var term = new BytesRef();
        for (int i = 0; i < names.Length; i++)
        {
            lookup(i, term);
            names[i] = term.Utf8ToString();
        }
        return names;
    }
}

/// <summary>Builds the facet arrays of new segments when the searcher is reopened (on the writing thread), not in the
/// first search that needs them.</summary>
internal sealed class WarmingSearcherFactory : SearcherFactory
{
    public override IndexSearcher NewSearcher(IndexReader reader)
    {
        foreach (var leaf in reader.Leaves) SegmentFacets.For(leaf.AtomicReader);
        return new IndexSearcher(reader);
    }
}

/// <summary>
/// Sorts by level or by published time from the <see cref="SegmentFacets"/> arrays, as Lucene's Int32/Int64 comparators
/// do from doc values (a missing value is 0), without a doc-values decode per compared document: a sorted search over
/// 100,000 matches compares most of them with the queue's bottom. Values are J2N numbers like Lucene's, so cursors and
/// <c>searchAfter</c> work unchanged.
/// </summary>
internal sealed class ArraySortSource(bool published) : FieldComparerSource
{
    public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) =>
        published ? new PublishedComparer(numHits) : new LevelComparer(numHits);

    private sealed class PublishedComparer(int numHits) : ArrayComparer<long, J2N.Numerics.Int64>(numHits)
    {
        protected override long[] Segment(SegmentFacets f) => f.Published;
        protected override long Unbox(J2N.Numerics.Int64 value) => value.ToInt64();
        protected override J2N.Numerics.Int64 Box(long value) => J2N.Numerics.Int64.GetInstance(value);
    }

    private sealed class LevelComparer(int numHits) : ArrayComparer<int, J2N.Numerics.Int32>(numHits)
    {
        protected override int[] Segment(SegmentFacets f) => f.Level;
        protected override int Unbox(J2N.Numerics.Int32 value) => value.ToInt32();
        protected override J2N.Numerics.Int32 Box(int value) => J2N.Numerics.Int32.GetInstance(value);
    }

    /// <summary>One comparer over a per-segment array of <typeparamref name="T"/>, boxed as Lucene's J2N number <typeparamref name="TBoxed"/>.</summary>
    private abstract class ArrayComparer<T, TBoxed>(int numHits) : FieldComparer<TBoxed>
        where T : struct, IComparable<T>
        where TBoxed : class
    {
        private readonly T[] _values = new T[numHits];
        private T[] _current = [];
        private T _bottom, _top;

        protected abstract T[] Segment(SegmentFacets facets);
        protected abstract T Unbox(TBoxed value);
        protected abstract TBoxed Box(T value);

        public override int Compare(int slot1, int slot2) => _values[slot1].CompareTo(_values[slot2]);

        public override void SetBottom(int slot) => _bottom = _values[slot];

        public override void SetTopValue(TBoxed value) => _top = Unbox(value);

        public override TBoxed this[int slot] => Box(_values[slot]);

        public override int CompareBottom(int doc) => _bottom.CompareTo(_current[doc]);

        public override int CompareTop(int doc) => _top.CompareTo(_current[doc]);

        public override void Copy(int slot, int doc) => _values[slot] = _current[doc];

        public override FieldComparer SetNextReader(AtomicReaderContext context)
        {
            _current = Segment(SegmentFacets.For(context.AtomicReader));
            return this;
        }
    }
}

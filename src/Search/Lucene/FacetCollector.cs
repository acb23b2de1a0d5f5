using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace RiskWatch.Search.Lucene;

/// <summary>
/// Counts every matching document by country, category, level and source, and by date bucket, straight from doc values:
/// per segment by ordinal into arrays, turned into names once per segment, so no stored field is read.
/// </summary>
internal sealed class FacetCollector(bool facets, bool? weekHistogram) : ICollector
{
    private readonly Dictionary<string, long> _country = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _category = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _source = new(StringComparer.Ordinal);
    private readonly Dictionary<long, long> _level = [];
    private readonly Dictionary<long, long> _days = [];

    private SortedSetDocValues? _countryDv;
    private SortedDocValues? _categoryDv, _sourceDv;
    private NumericDocValues? _levelDv, _publishedDv;
    private long[] _countryCounts = [];
    private int[] _categoryCounts = [], _sourceCounts = [];

    public long Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer) { }

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        var r = context.AtomicReader;
        if (facets)
        {
            _countryDv = r.GetSortedSetDocValues(Fields.Country);
            _categoryDv = r.GetSortedDocValues(Fields.Category);
            _sourceDv = r.GetSortedDocValues(Fields.Source);
            _levelDv = r.GetNumericDocValues(Fields.Level);
            _countryCounts = new long[_countryDv?.ValueCount ?? 0];
            _categoryCounts = new int[_categoryDv?.ValueCount ?? 0];
            _sourceCounts = new int[_sourceDv?.ValueCount ?? 0];
        }
        _publishedDv = weekHistogram is null ? null : r.GetNumericDocValues(Fields.Published);
    }

    public void Collect(int doc)
    {
        Total++;
        if (_countryDv is { } cdv)
        {
            cdv.SetDocument(doc);
            long ord;
            while ((ord = cdv.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS) _countryCounts[ord]++;
        }
        if (_categoryDv?.GetOrd(doc) is int cat and >= 0) _categoryCounts[cat]++;
        if (_sourceDv?.GetOrd(doc) is int src and >= 0) _sourceCounts[src]++;
        if (_levelDv is { } ldv)
        {
            var level = ldv.Get(doc);
            if ((ulong)level < (ulong)_levelCounts.Length) _levelCounts[level]++;
            else _level[level] = _level.GetValueOrDefault(level) + 1;
        }
        if (_publishedDv is { } pdv)
        {
            // Documents arrive roughly in ingest order, so runs of the same bucket are common: count a run, then add it.
            var ms = pdv.Get(doc);
            if (ms < _runFrom || ms >= _runTo)
            {
                FlushRun();
                _runDay = Buckets.StartDay(ms, weekHistogram == true);
                _runFrom = _runDay * 86_400_000L;
                _runTo = _runFrom + (weekHistogram == true ? 7 : 1) * 86_400_000L;
            }
            _runCount++;
        }
    }

    private readonly long[] _levelCounts = new long[16];
    private long _runFrom = long.MaxValue, _runTo = long.MinValue, _runDay, _runCount;

    private void FlushRun()
    {
        if (_runCount > 0) _days[_runDay] = _days.GetValueOrDefault(_runDay) + _runCount;
        _runCount = 0;
    }

    private void FlushSegment()
    {
        FlushRun();
        for (int i = 0; i < _levelCounts.Length; i++)
            if (_levelCounts[i] > 0) { _level[i] = _level.GetValueOrDefault(i) + _levelCounts[i]; _levelCounts[i] = 0; }
        var term = new BytesRef();
        for (int i = 0; i < _countryCounts.Length; i++)
            if (_countryCounts[i] > 0) { _countryDv!.LookupOrd(i, term); Add(_country, term.Utf8ToString(), _countryCounts[i]); }
        for (int i = 0; i < _categoryCounts.Length; i++)
            if (_categoryCounts[i] > 0) { _categoryDv!.LookupOrd(i, term); Add(_category, term.Utf8ToString(), _categoryCounts[i]); }
        for (int i = 0; i < _sourceCounts.Length; i++)
            if (_sourceCounts[i] > 0) { _sourceDv!.LookupOrd(i, term); Add(_source, term.Utf8ToString(), _sourceCounts[i]); }
        _countryCounts = [];
        _categoryCounts = [];
        _sourceCounts = [];

        static void Add(Dictionary<string, long> d, string key, long n) => d[key] = d.GetValueOrDefault(key) + n;
    }

    /// <summary>Facet name → key → count, largest first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Facets()
    {
        FlushSegment();
        if (!facets) return new Dictionary<string, IReadOnlyDictionary<string, long>>();
        return new Dictionary<string, IReadOnlyDictionary<string, long>>
        {
            ["country"] = Ordered(_country),
            ["category"] = Ordered(_category),
            ["level"] = Ordered(_level.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value)),
            ["source"] = Ordered(_source),
        };

        static IReadOnlyDictionary<string, long> Ordered(Dictionary<string, long> d)
        {
            var o = new Dictionary<string, long>(d.Count, StringComparer.Ordinal);
            foreach (var kv in d.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)) o[kv.Key] = kv.Value;
            return o;
        }
    }

    public IReadOnlyList<Core.HistogramBucket> Histogram()
    {
        FlushSegment();
        return weekHistogram is null ? [] : Buckets.Fill(_days, weekHistogram.Value);
    }
}

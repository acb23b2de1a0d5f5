using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace RiskWatch.Search.Lucene;

/// <summary>
/// Counts every matching document by country, category, level and source, and by date bucket, from the segment's facet
/// arrays (<see cref="SegmentFacets"/>): per segment by ordinal into count arrays, turned into names once per segment.
/// </summary>
internal sealed class FacetCollector(bool facets, bool? weekHistogram) : ICollector
{
    private readonly Dictionary<string, long> _country = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _category = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _source = new(StringComparer.Ordinal);
    private readonly Dictionary<long, long> _level = [];
    private readonly Dictionary<long, long> _days = [];

    private SegmentFacets? _seg;
    private long[] _countryCounts = [];
    private int[] _categoryCounts = [], _sourceCounts = [];
    private readonly long[] _levelCounts = new long[16];
    private int _runFrom = int.MaxValue, _runTo = int.MinValue;
    private long _runDay, _runCount;
    private readonly bool _histogram = weekHistogram is not null;
    private readonly bool _week = weekHistogram == true;

    public long Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer) { }

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        var seg = facets || _histogram ? SegmentFacets.For(context.AtomicReader) : null;
        _seg = seg;
        if (facets && seg is not null)
        {
            _countryCounts = new long[seg.CountryNames.Length];
            _categoryCounts = new int[seg.CategoryNames.Length];
            _sourceCounts = new int[seg.SourceNames.Length];
        }
    }

    public void Collect(int doc)
    {
        Total++;
        var seg = _seg;
        if (seg is null) return;
        if (facets)
        {
            var starts = seg.CountryStart;
            for (int i = starts[doc], end = starts[doc + 1]; i < end; i++) _countryCounts[seg.CountryOrds[i]]++;
            var cat = seg.Category[doc];
            if (cat >= 0) _categoryCounts[cat]++;
            var src = seg.Source[doc];
            if (src >= 0) _sourceCounts[src]++;
            var level = seg.Level[doc];
            if ((uint)level < (uint)_levelCounts.Length) _levelCounts[level]++;
            else _level[level] = _level.GetValueOrDefault(level) + 1;
        }
        if (_histogram)
        {
            // Documents arrive roughly in ingest order, so runs of the same bucket are common: count a run, then add it.
            var day = seg.Day[doc];
            if (day < _runFrom || day >= _runTo)
            {
                FlushRun();
                _runDay = Buckets.StartDay(day * 86_400_000L, _week);
                _runFrom = (int)Math.Clamp(_runDay, int.MinValue, int.MaxValue);
                _runTo = (int)Math.Clamp(_runDay + (_week ? 7 : 1), int.MinValue, int.MaxValue);
            }
            _runCount++;
        }
    }

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
        if (_seg is { } seg)
        {
            for (int i = 0; i < _countryCounts.Length; i++)
                if (_countryCounts[i] > 0) Add(_country, seg.CountryNames[i], _countryCounts[i]);
            for (int i = 0; i < _categoryCounts.Length; i++)
                if (_categoryCounts[i] > 0) Add(_category, seg.CategoryNames[i], _categoryCounts[i]);
            for (int i = 0; i < _sourceCounts.Length; i++)
                if (_sourceCounts[i] > 0) Add(_source, seg.SourceNames[i], _sourceCounts[i]);
        }
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

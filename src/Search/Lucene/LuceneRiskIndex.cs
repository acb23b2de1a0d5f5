using System.Diagnostics;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RiskWatch.Core;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace RiskWatch.Search.Lucene;

/// <summary>
/// The embedded index: Lucene.NET on disk. One writer for the process; every upsert or delete is committed before it
/// returns (a killed process leaves the last committed batch) and the searcher is reopened, so the batch is searchable.
/// Searches run concurrently on reference-counted searchers.
/// </summary>
public sealed class LuceneRiskIndex : IRiskIndex, IDisposable
{
    private const int MaxPageSize = 1000;
    private const int MaxBooleanClauses = 1024;

    private readonly LuceneDirectory _dir;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly SearcherLifetimeManager _snapshots = new();
    private readonly PerFieldAnalyzerWrapper _analyzer;
    private readonly PerFieldAnalyzerWrapper _highlightAnalyzer;
    private readonly PerFieldAnalyzerWrapper _queryAnalyzer;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly LuceneIndexOptions _options;
    private readonly ILogger _log;
    private readonly KnownIds _known;
    private readonly IngestTimings _timings = new();
    private int _disposed;

    /// <summary>Where upsert time went since the index was opened (for the benchmark and diagnostics).</summary>
    public IngestTimings Timings => _timings;

    /// <summary>The Chinese analysis this index was built with (fixed for the life of the index folder).</summary>
    public ChineseAnalysis ChineseAnalysis { get; }

    /// <summary>The index format (<see cref="Fields.CurrentFormat"/> for a new index; an existing index keeps its own).</summary>
    public int Format { get; }

    public string Path { get; }

    public LuceneRiskIndex(string path, LuceneIndexOptions? options = null, ILogger<LuceneRiskIndex>? logger = null)
    {
        _options = options ?? new LuceneIndexOptions();
        _log = (ILogger?)logger ?? NullLogger.Instance;
        Path = System.IO.Path.GetFullPath(path);
        System.IO.Directory.CreateDirectory(Path);
        try
        {
            _dir = FSDirectory.Open(Path);
            var existing = ExistingAnalysis(_dir);
            ChineseAnalysis = existing?.Analysis ?? _options.ChineseAnalysis;
            Format = existing?.Format ?? _options.NewIndexFormat ?? Fields.CurrentFormat;
            if (ChineseAnalysis != _options.ChineseAnalysis)
                Log.AnalysisMismatch(_log, Path, ChineseAnalysis.ToString(), _options.ChineseAnalysis.ToString());
            _analyzer = Fields.PerField(ChineseAnalysis, format: Format);
            _queryAnalyzer = Fields.PerField(ChineseAnalysis, forQuery: true, format: Format);
            _highlightAnalyzer = Fields.PerField(ChineseAnalysis, format: Format, forHighlight: true);
            var config = new IndexWriterConfig(Fields.Version, _analyzer)
            {
                OpenMode = OpenMode.CREATE_OR_APPEND,
                RAMBufferSizeMB = _options.RamBufferMb,
                // Every batch is committed, so segments are many and small: copying each one again into a compound
                // file costs ingest time for no gain here (a few more open files is the price).
                UseCompoundFile = false,
                MergePolicy = new TieredMergePolicy { NoCFSRatio = 0.0 },
            };
            _writer = new IndexWriter(_dir, config);
            var format = Format;
            _builders = new ThreadLocal<DocBuilder>(() => new DocBuilder(format));
            _writer.SetCommitData(new Dictionary<string, string>
            {
                [Fields.AnalysisCommitKey] = ChineseAnalysis.ToString(),
                [Fields.FormatCommitKey] = Format.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            // An empty folder gets a first commit now, so a reader (and a process killed before its first batch) finds an index.
            _writer.Commit();
            _searchers = new SearcherManager(_writer, true, new WarmingSearcherFactory());
            var s = _searchers.Acquire();
            try { _known = KnownIds.Load(s.IndexReader); }
            finally { _searchers.Release(s); }
        }
        catch (Exception e) when (e is IOException or LockObtainFailedException or UnauthorizedAccessException)
        {
            throw new IndexUnavailableException($"The Lucene index at {Path} cannot be opened: {e.Message}", e);
        }
        Log.LuceneOpened(_log, Path, _writer.NumDocs, ChineseAnalysis.ToString());
    }

    private static (ChineseAnalysis Analysis, int Format)? ExistingAnalysis(LuceneDirectory dir)
    {
        if (!DirectoryReader.IndexExists(dir)) return null;
        using var reader = DirectoryReader.Open(dir);
        var data = reader.IndexCommit.UserData;
        var analysis = data.TryGetValue(Fields.AnalysisCommitKey, out var v) && Enum.TryParse<ChineseAnalysis>(v, out var a)
            ? a
            // Built before the choice was recorded: it was built with SmartCn, the only analysis then.
            : ChineseAnalysis.SmartCn;
        var format = Fields.FormatOf(data);
        if (format > Fields.CurrentFormat)
            throw new IndexUnavailableException($"The Lucene index has format {format}, newer than this program reads ({Fields.CurrentFormat}): open it with a newer version.");
        return (analysis, format);
    }

    // ---------------------------------------------------------------- writes

    public Task UpsertAsync(IReadOnlyCollection<RiskItem> items, CancellationToken ct) => WriteAsync(items, 0, ct);

    private long _uncommitted;

    private async Task<bool> WriteAsync(IReadOnlyCollection<RiskItem> items, int commitEvery, CancellationToken ct)
    {
        if (items.Count == 0) return false;
        // The last one wins when a batch holds the same id twice: documents are analysed in parallel, in no set order.
        var byId = new Dictionary<string, RiskItem>(items.Count, StringComparer.Ordinal);
        foreach (var i in items) byId[i.Id] = i;

        await _write.WaitAsync(ct);
        try
        {
            // Once started, a batch runs to its commit: stopping half way would leave documents in the writer's buffer
            // that the next commit would publish although the caller was told the batch failed.
            var sw = Stopwatch.StartNew();
            // Ids never seen by this index are added; the others replace their document (a delete by term per id,
            // resolved against every segment at the commit, which is what makes updates cost more than adds).
            var work = new (RiskItem Item, bool IsNew)[byId.Count];
            int k = 0, added = 0;
            foreach (var item in byId.Values)
            {
                var isNew = _known.AddIsNew(item.Id);
                if (isNew) added++;
                work[k++] = (item, isNew);
            }
            var threads = _options.IndexingThreads > 0 ? _options.IndexingThreads : Environment.ProcessorCount;
            if (threads <= 1 || work.Length < 32)
            {
                foreach (var w in work) Write(w);
            }
            else
            {
                // IndexWriter is thread-safe and analysis is most of the cost: one document writer per thread.
                Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = threads }, Write);
            }
            var written = sw.Elapsed;
            _uncommitted += work.Length;
            var commit = _uncommitted >= commitEvery;
            _commitTime = TimeSpan.Zero;
            if (commit) CommitAndRefresh();
            _timings.Record(work.Length, added, written, sw.Elapsed - written, _commitTime);
            Log.Indexed(_log, byId.Count, sw.ElapsedMilliseconds);
            return commit;
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>
    /// The bulk path (an import or a rebuild): writes the items like <see cref="UpsertAsync"/> (idempotent by id) but
    /// commits only when <paramref name="commitEvery"/> items are uncommitted, so most calls skip the commit and the
    /// searcher refresh. Items become searchable and durable at that commit, at <see cref="CommitAsync"/>, or at the next
    /// <see cref="UpsertAsync"/> or delete, whichever comes first; a process killed before then loses them (the index
    /// still opens at its last commit). Returns true when this call committed.
    /// </summary>
    public Task<bool> BulkUpsertAsync(IReadOnlyCollection<RiskItem> items, int commitEvery, CancellationToken ct) =>
        WriteAsync(items, commitEvery, ct);

    /// <summary>Commits and refreshes the searcher if a <see cref="BulkUpsertAsync"/> left items uncommitted.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        await _write.WaitAsync(ct);
        try
        {
            if (_uncommitted > 0) CommitAndRefresh();
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>Waits until the writer's background merges have finished, then refreshes the searcher so that it reads the
    /// merged segments and lets go of the files merged away (their mapped pages count in the resident set until then).</summary>
    /// <remarks>The searcher is near-real-time (it would show what the writer buffered), so it is not refreshed while a
    /// bulk load has uncommitted items: those become visible only at their commit.</remarks>
    public void WaitForMerges()
    {
        _writer.WaitForMerges();
        _write.Wait();
        try
        {
            if (_uncommitted == 0) _searchers.MaybeRefreshBlocking();
        }
        finally
        {
            _write.Release();
        }
    }

    private void Write((RiskItem Item, bool IsNew) w)
    {
        var doc = _builders.Value!.Build(w.Item);
        if (w.IsNew) _writer.AddDocument(doc);
        else _writer.UpdateDocument(new Term(Fields.Id, w.Item.Id), doc);
    }

    /// <summary>One per indexing thread: its fields are reused from document to document (Lucene allows it once
    /// AddDocument returned). A new field would make its own token stream for every document: for the keyword and numeric
    /// fields that was a good part of the per-document cost.</summary>
    private readonly ThreadLocal<DocBuilder> _builders;


    private sealed class DocBuilder(int format)
    {
        private readonly Document _doc = [];
        private readonly StringField _id = new(Fields.Id, "", Field.Store.NO);
        private readonly SortedDocValuesField _idDv = new(Fields.Id, new BytesRef());
        private readonly StoredField _json = new(Fields.Json, Array.Empty<byte>());
        private readonly TextField _titleZh = new(Fields.TitleZh, "", Field.Store.NO);
        private readonly TextField _textZh = new(Fields.TextZh, "", Field.Store.NO);
        private readonly TextField _titleEn = new(Fields.TitleEn, "", Field.Store.NO);
        private readonly TextField _textEn = new(Fields.TextEn, "", Field.Store.NO);
        private readonly List<(StringField Term, SortedSetDocValuesField Dv)> _countries = [];
        private readonly StringField _category = new(Fields.Category, "", Field.Store.NO);
        private readonly SortedDocValuesField _categoryDv = new(Fields.Category, new BytesRef());
        private readonly StringField _source = new(Fields.Source, "", Field.Store.NO);
        private readonly SortedDocValuesField _sourceDv = new(Fields.Source, new BytesRef());
        private readonly Int32Field _level = format >= 2 ? new(Fields.Level, 0, LevelType) : new(Fields.Level, 0, Field.Store.NO);
        private readonly NumericDocValuesField _levelDv = new(Fields.Level, 0L);
        private readonly Int64Field _published = format >= 2 ? new(Fields.Published, 0L, PublishedType) : new(Fields.Published, 0L, Field.Store.NO);
        private readonly NumericDocValuesField _publishedDv = new(Fields.Published, 0L);
        private readonly StringField _language = new(Fields.Language, "", Field.Store.NO);
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public Document Build(RiskItem item)
        {
            var doc = _doc;
            doc.Fields.Clear();
            _id.SetStringValue(item.Id);
            _idDv.SetBytesValue(new BytesRef(item.Id));
            _json.SetBytesValue(ItemJson.Serialize(item));
            doc.Add(_id);
            doc.Add(_idDv);
            doc.Add(_json);
            var zh = Keys.IsChinese(item.Language);
            var title = zh ? _titleZh : _titleEn;
            var text = zh ? _textZh : _textEn;
            title.SetStringValue(item.Title ?? "");
            text.SetStringValue(item.Text ?? "");
            doc.Add(title);
            doc.Add(text);
            _seen.Clear();
            var n = 0;
            foreach (var raw in item.Countries)
            {
                var c = Keys.Country(raw);
                if (!_seen.Add(c)) continue;
                if (n == _countries.Count)
                    _countries.Add((new StringField(Fields.Country, "", Field.Store.NO), new SortedSetDocValuesField(Fields.Country, new BytesRef())));
                var (term, dv) = _countries[n++];
                term.SetStringValue(c);
                dv.SetBytesValue(new BytesRef(c));
                doc.Add(term);
                doc.Add(dv);
            }
            var category = item.Category.Key();
            _category.SetStringValue(category);
            _categoryDv.SetBytesValue(new BytesRef(category));
            var source = Keys.Source(item.Source);
            _source.SetStringValue(source);
            _sourceDv.SetBytesValue(new BytesRef(source));
            _level.SetInt32Value(item.Level);
            _levelDv.SetInt64Value(item.Level);
            var ms = Keys.ToMs(item.Published);
            _published.SetInt64Value(ms);
            _publishedDv.SetInt64Value(ms);
            _language.SetStringValue(Keys.Language(item.Language));
            doc.Add(_category);
            doc.Add(_categoryDv);
            doc.Add(_source);
            doc.Add(_sourceDv);
            doc.Add(_level);
            doc.Add(_levelDv);
            doc.Add(_published);
            doc.Add(_publishedDv);
            doc.Add(_language);
            return doc;
        }
    }

    private static readonly FieldType LevelType = Frozen(new FieldType(Int32Field.TYPE_NOT_STORED) { NumericPrecisionStep = Fields.LevelStep(2) });
    private static readonly FieldType PublishedType = Frozen(new FieldType(Int64Field.TYPE_NOT_STORED) { NumericPrecisionStep = Fields.PublishedStep(2) });

    private static FieldType Frozen(FieldType t)
    {
        t.Freeze();
        return t;
    }

    private TimeSpan _commitTime;

    private void CommitAndRefresh()
    {
        var t0 = Stopwatch.GetTimestamp();
        _writer.Commit();
        _uncommitted = 0;
        _commitTime = Stopwatch.GetElapsedTime(t0);
        _searchers.MaybeRefreshBlocking();
    }

    public async Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var query = Fields.PublishedRange(Format, null, Keys.ToMs(cutoff), true, false);
        await _write.WaitAsync(ct);
        try
        {
            // Bulk items still uncommitted are published first, so the count below sees them.
            if (_uncommitted > 0) CommitAndRefresh();
            // Writes are serialised and each one refreshes the searcher, so this count is what the delete removes.
            var count = WithSearcher(s => (long)s.Search(new ConstantScoreQuery(query), 1).TotalHits);
            if (count == 0) return 0;
            _writer.DeleteDocuments(query);
            CommitAndRefresh();
            return count;
        }
        finally
        {
            _write.Release();
        }
    }

    // ---------------------------------------------------------------- reads

    public Task<long> CountAsync(CancellationToken ct) => Task.FromResult(WithSearcher(s => (long)s.IndexReader.NumDocs));

    public async Task<RiskItem?> GetAsync(string id, CancellationToken ct)
    {
        var many = await GetManyAsync([id], ct);
        return many.TryGetValue(id, out var item) ? item : null;
    }

    public Task<IReadOnlyDictionary<string, RiskItem>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var result = new Dictionary<string, RiskItem>(StringComparer.Ordinal);
        if (ids.Count == 0) return Task.FromResult<IReadOnlyDictionary<string, RiskItem>>(result);
        WithSearcher(s =>
        {
            foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(MaxBooleanClauses))
            {
                ct.ThrowIfCancellationRequested();
                var bq = new BooleanQuery(true);
                foreach (var id in chunk) bq.Add(new TermQuery(new Term(Fields.Id, id)), Occur.SHOULD);
                foreach (var sd in s.Search(new ConstantScoreQuery(bq), chunk.Length).ScoreDocs)
                {
                    var item = Load(s, sd.Doc);
                    result[item.Id] = item;
                }
            }
            return 0;
        });
        return Task.FromResult<IReadOnlyDictionary<string, RiskItem>>(result);
    }

    private static RiskItem Load(IndexSearcher s, int doc)
    {
        var stored = s.Doc(doc, JsonOnly).GetBinaryValue(Fields.Json);
        return ItemJson.Deserialize(stored.Bytes.AsSpan(stored.Offset, stored.Length));
    }

    private static readonly ISet<string> JsonOnly = new HashSet<string> { Fields.Json };

    private T WithSearcher<T>(Func<IndexSearcher, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var s = _searchers.Acquire();
        try { return work(s); }
        finally { _searchers.Release(s); }
    }

    public Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var interval = string.IsNullOrWhiteSpace(query.HistogramInterval) ? null : Buckets.Check(query.HistogramInterval);
        var cursor = SearchCursor.Decode(query.Cursor, query.Sort);
        var text = RiskQueryParser.ParseOrNull(query.Text, _queryAnalyzer, Format, Fields.CjkPrefixFields(ChineseAnalysis, Format));
        var filter = BuildFilter(query, Format);
        Query main = (text, filter) switch
        {
            (null, null) => new MatchAllDocsQuery(),
            (null, { } f) => new ConstantScoreQuery(f),
            ({ } t, null) => t,
            ({ } t, { } f) => new FilteredQuery(t, new QueryWrapperFilter(f)),
        };
        var size = Math.Clamp(query.Size, 0, MaxPageSize);

        // A cursor names the searcher its first page ran on: the next pages use that snapshot while it is kept, so
        // neither new items nor changed scores move items between pages.
        IndexSearcher? searcher = cursor?.Snapshot is long v ? _snapshots.Acquire(v) : null;
        var fromSnapshot = searcher is not null;
        long version;
        if (searcher is null)
        {
            _snapshots.Prune(new SearcherLifetimeManager.PruneByAge(_options.CursorSnapshotMinutes * 60.0));
            searcher = _searchers.Acquire();
            version = _snapshots.Record(searcher);
        }
        else
        {
            version = cursor!.Snapshot!.Value;
        }
        try
        {
            ct.ThrowIfCancellationRequested();
            return Task.FromResult(Run(searcher, version, main, text, query, cursor, size, interval));
        }
        finally
        {
            if (fromSnapshot) _snapshots.Release(searcher);
            else _searchers.Release(searcher);
        }
    }

    private SearchResult Run(IndexSearcher searcher, long version, Query main, Query? text, SearchQuery query, SearchCursor? cursor, int size, string? interval)
    {
        var sort = SortFor(query.Sort);
        TopFieldCollector? top = size > 0
            ? TopFieldCollector.Create(sort, size + 1, After(cursor), true, query.Sort == SearchSort.Relevance, false, false)
            : null;
        FacetCollector? facets = query.IncludeFacets || interval is not null
            ? new FacetCollector(query.IncludeFacets, interval is null ? null : interval == "week")
            : null;
        var counter = top is null && facets is null ? new TotalHitCountCollector() : null;
        searcher.Search(main, MultiCollector.Wrap(top, facets, counter));

        var total = facets?.Total ?? (long?)counter?.TotalHits ?? top!.TotalHits;
        var docs = top?.GetTopDocs().ScoreDocs ?? [];
        var hits = new List<SearchHit>(Math.Min(docs.Length, size));
        string? next = null;
        Highlighting? hl = query.Highlight && text is not null ? new Highlighting(text, _highlightAnalyzer) : null;
        for (int i = 0; i < docs.Length && i < size; i++)
        {
            var fd = (FieldDoc)docs[i];
            var item = Load(searcher, fd.Doc);
            var score = float.IsNaN(fd.Score) ? 0 : fd.Score;
            hits.Add(hl is null ? new SearchHit(item, score, null, null) : hl.Hit(item, score));
            if (i == size - 1 && docs.Length > size) next = CursorFor(query.Sort, fd, item.Id, version).Encode();
        }
        return new SearchResult(hits, total, facets?.Facets() ?? new Dictionary<string, IReadOnlyDictionary<string, long>>(),
            facets?.Histogram() ?? [], next);
    }

    private static readonly ArraySortSource PublishedSort = new(published: true);
    private static readonly ArraySortSource LevelSort = new(published: false);

    private static Sort SortFor(SearchSort sort) => sort switch
    {
        // Level and time come from the segment arrays (SegmentFacets), the id tie-breaker from its doc values.
        SearchSort.Newest => new Sort(new SortField(Fields.Published, PublishedSort, true), new SortField(Fields.Id, SortFieldType.STRING)),
        SearchSort.Severity => new Sort(new SortField(Fields.Level, LevelSort, true),
            new SortField(Fields.Published, PublishedSort, true), new SortField(Fields.Id, SortFieldType.STRING)),
        _ => new Sort(SortField.FIELD_SCORE, new SortField(Fields.Id, SortFieldType.STRING)),
    };

    /// <summary>The position after the cursor's hit. The id makes every sort key unique, so the doc number (meaningless in
    /// another searcher) never decides; int.MaxValue makes the cursor's own document count as already seen.</summary>
    private static FieldDoc? After(SearchCursor? c) => c is null ? null : c.Sort switch
    {
        // Lucene.NET's comparators hold J2N boxed numbers, not System ones.
        SearchSort.Newest => new FieldDoc(int.MaxValue, float.NaN, [J2N.Numerics.Int64.GetInstance(c.PublishedMs!.Value), new BytesRef(c.Id)]),
        SearchSort.Severity => new FieldDoc(int.MaxValue, float.NaN,
            [J2N.Numerics.Int32.GetInstance(c.Level!.Value), J2N.Numerics.Int64.GetInstance(c.PublishedMs!.Value), new BytesRef(c.Id)]),
        _ => new FieldDoc(int.MaxValue, (float)c.Score!.Value, [J2N.Numerics.Single.GetInstance((float)c.Score!.Value), new BytesRef(c.Id)]),
    };

    private static SearchCursor CursorFor(SearchSort sort, FieldDoc fd, string id, long version) => sort switch
    {
        SearchSort.Newest => new SearchCursor(sort, id, PublishedMs: Num(fd.Fields[0]).ToInt64(), Snapshot: version),
        SearchSort.Severity => new SearchCursor(sort, id, Level: Num(fd.Fields[0]).ToInt32(), PublishedMs: Num(fd.Fields[1]).ToInt64(), Snapshot: version),
        _ => new SearchCursor(sort, id, Score: Num(fd.Fields[0]).ToSingle(), Snapshot: version),
    };

    private static J2N.Numerics.Number Num(object o) => (J2N.Numerics.Number)o;

    private static Query? BuildFilter(SearchQuery q, int format)
    {
        var bq = new BooleanQuery();
        AnyOf(bq, Fields.Country, q.Countries.Select(Keys.Country));
        AnyOf(bq, Fields.Category, q.Categories.Select(c => c.Key()));
        AnyOf(bq, Fields.Source, q.Sources.Select(Keys.Source));
        if (!string.IsNullOrWhiteSpace(q.Language))
            bq.Add(new TermQuery(new Term(Fields.Language, Keys.Language(q.Language))), Occur.MUST);
        if (q.MinLevel is not null || q.MaxLevel is not null)
            bq.Add(Fields.LevelRange(format, q.MinLevel, q.MaxLevel), Occur.MUST);
        if (q.From is not null || q.To is not null)
            bq.Add(Fields.PublishedRange(format, q.From?.ToUnixTimeMilliseconds(), q.To?.ToUnixTimeMilliseconds()), Occur.MUST);
        return bq.Clauses.Count == 0 ? null : bq;

        static void AnyOf(BooleanQuery into, string field, IEnumerable<string> values)
        {
            var any = new BooleanQuery(true);
            foreach (var v in values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal))
                any.Add(new TermQuery(new Term(field, v)), Occur.SHOULD);
            if (any.Clauses.Count > 0) into.Add(any, Occur.MUST);
        }
    }

    /// <summary>HTML-escaped title and best text fragments, with &lt;mark&gt; around the terms the query matched.</summary>
    /// <remarks>
    /// The stored text is analysed again (no offsets or term vectors in the index: they would cost ingest time and disk for
    /// the 20 hits a page shows). Term and phrase queries are highlighted by their terms (TermHighlighter): every
    /// occurrence of a query term is marked, and the overlapping bigrams of a Chinese phrase merge into one mark. Lucene's
    /// position-exact QueryScorer builds an in-memory index of each hit's text for every phrase, and its Highlighter makes
    /// objects per token: together most of a search's CPU. They are kept only for wildcard, prefix, fuzzy and range
    /// queries, whose terms must be expanded against the text.
    /// </remarks>
    private sealed class Highlighting(Query query, Analyzer analyzer)
    {
        private const int FragmentChars = 160;
        private readonly Dictionary<string, Highlighter> _byField = [];
        private readonly TermHighlighter? _terms = NeedsExpansion(query) ? null : new TermHighlighter(query, analyzer, FragmentChars);

        public SearchHit Hit(RiskItem item, double score)
        {
            var zh = Keys.IsChinese(item.Language);
            var title = Best(zh ? Fields.TitleZh : Fields.TitleEn, item.Title, whole: true);
            var text = Best(zh ? Fields.TextZh : Fields.TextEn, item.Text, whole: false);
            return new SearchHit(item, score, title, text);
        }

        private static bool NeedsExpansion(Query q) => q switch
        {
            // One CJK character: its term is the character itself for the (every-character) highlight analysis.
            CjkCharQuery => false,
            MultiTermQuery => true,
            BooleanQuery b => b.Clauses.Any(c => !c.IsProhibited && NeedsExpansion(c.Query)),
            FilteredQuery f => NeedsExpansion(f.Query),
            ConstantScoreQuery c => c.Query is { } inner && NeedsExpansion(inner),
            _ => false,
        };

        private string? Best(string field, string? value, bool whole)
        {
            if (string.IsNullOrEmpty(value)) return null;
            if (_terms is not null) return _terms.Highlight(field, value, whole);
            if (!_byField.TryGetValue(field, out var h))
            {
                IScorer scorer = new QueryScorer(query, field);
                h = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), MinimalHtmlEncoder.Instance, scorer)
                {
                    MaxDocCharsToAnalyze = 100_000,
                };
                _byField[field] = h;
            }
            h.TextFragmenter = whole ? new NullFragmenter()
                : h.FragmentScorer is QueryScorer qs ? new SimpleSpanFragmenter(qs, FragmentChars) : new SimpleFragmenter(FragmentChars);
            try
            {
                using var ts = analyzer.GetTokenStream(field, value);
                var best = h.GetBestFragments(ts, value, whole ? 1 : 2, " … ");
                return string.IsNullOrEmpty(best) ? null : best;
            }
            catch (InvalidTokenOffsetsException)
            {
                return null;
            }
        }
    }

    private sealed class MinimalHtmlEncoder : IEncoder
    {
        public static readonly MinimalHtmlEncoder Instance = new();

        public string EncodeText(string originalText) => Html.Escape(originalText);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _snapshots.Dispose();
        _searchers.Dispose();
        // Dispose commits whatever is pending; every write already committed, so this only releases the lock.
        _writer.Dispose();
        _dir.Dispose();
        _analyzer.Dispose();
        _highlightAnalyzer.Dispose();
        _queryAnalyzer.Dispose();
        _write.Dispose();
        _builders.Dispose();
    }
}

namespace RiskWatch.Core;

/// <summary>How search results are ordered.</summary>
public enum SearchSort { Relevance, Newest, Severity }

/// <summary>A search over the index. Every filter is optional; empty text matches everything.</summary>
public sealed record SearchQuery
{
    public string? Text { get; init; }
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<RiskCategory> Categories { get; init; } = [];
    public int? MinLevel { get; init; }
    public int? MaxLevel { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public string? Language { get; init; }
    public SearchSort Sort { get; init; } = SearchSort.Relevance;
    public int Size { get; init; } = 20;
    /// <summary>An opaque cursor from <see cref="SearchResult.Next"/>: paging that stays stable while items are written.</summary>
    public string? Cursor { get; init; }
    public bool IncludeFacets { get; init; } = true;
    /// <summary>"day" or "week" for a date histogram of the filtered query; null for none.</summary>
    public string? HistogramInterval { get; init; }
    public bool Highlight { get; init; } = true;
}

public sealed record SearchHit(RiskItem Item, double Score, string? TitleHighlight, string? TextHighlight);

public sealed record HistogramBucket(DateTimeOffset Start, long Count);

public sealed record SearchResult(
    IReadOnlyList<SearchHit> Hits,
    long Total,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Facets,
    IReadOnlyList<HistogramBucket> Histogram,
    string? Next);

/// <summary>The query text cannot be parsed. The message says why, in words a person can act on.</summary>
public sealed class QuerySyntaxException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The index backend cannot be reached or refused the request.</summary>
public sealed class IndexUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The full-text index of every item. One implementation per backend (Lucene.NET embedded, Elasticsearch).
/// Failure contract: a query that cannot be parsed throws <see cref="QuerySyntaxException"/>;
/// a backend that cannot be reached throws <see cref="IndexUnavailableException"/>; writes are idempotent by id,
/// and an item is searchable once <see cref="UpsertAsync"/> has returned.
/// </summary>
public interface IRiskIndex
{
    Task UpsertAsync(IReadOnlyCollection<RiskItem> items, CancellationToken ct);
    Task<RiskItem?> GetAsync(string id, CancellationToken ct);
    Task<IReadOnlyDictionary<string, RiskItem>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct);
    Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct);
    /// <summary>Retention: removes items published before <paramref name="cutoff"/>; returns how many were removed.</summary>
    Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct);
    Task<long> CountAsync(CancellationToken ct);
}

/// <summary>
/// What the classifier judges: the text, the countries it is about (ISO-2, first = main), which let the severity head
/// weigh the country's structural indicators (stability, governance, peace indices) beside the words, and the source
/// that published it (publishers word the same level differently; a model may hold a head per publisher).
/// </summary>
public sealed record ClassifierInput(string Title, string Text, string Language, IReadOnlyList<string>? Countries = null, string? Source = null);

/// <summary>A prediction. A low confidence with a <see cref="Note"/> is how the classifier says it could not judge (empty text, unknown language...).</summary>
public sealed record Classification(RiskCategory Category, double CategoryConfidence, int Severity, double SeverityConfidence, string? Note = null);

/// <summary>
/// Judges an item's category and severity. Failure contract: never throws for any input text (empty, huge, other
/// languages): it answers a low-confidence classification with a note instead. Predicts in batches.
/// </summary>
public interface IItemClassifier
{
    string ModelVersion { get; }
    IReadOnlyList<Classification> Classify(IReadOnlyList<ClassifierInput> items);
}

/// <summary>What one ingest batch changed.</summary>
public sealed record IngestBatch(IReadOnlyList<RiskItem> Added, IReadOnlyList<RiskItem> Updated, IReadOnlyList<LevelChange> LevelChanges)
{
    public bool IsEmpty => Added.Count == 0 && Updated.Count == 0 && LevelChanges.Count == 0;
}

/// <summary>
/// Hears about every ingested batch after it is indexed (alerts, country scoring...).
/// Failure contract: an exception is caught, logged with the listener's name and never stops ingest or the other listeners.
/// </summary>
public interface IItemListener
{
    Task OnIngestedAsync(IngestBatch batch, CancellationToken ct);
}

/// <summary>A change of RiskWatch's own country risk level (1–5), up or down, with the drivers that explain it.</summary>
public sealed record CountryLevelChange(string Country, int OldLevel, int NewLevel, double OldScore, double NewScore, DateTimeOffset At, IReadOnlyList<string> Drivers);

/// <summary>
/// Hears about changes of RiskWatch's own country risk level (Scoring raises them after recording the day's snapshot;
/// Alerts turns them into messages and draft advisories).
/// Failure contract: an exception is caught and logged by the caller and never stops scoring or the other listeners.
/// </summary>
public interface ICountryLevelListener
{
    Task OnCountryLevelChangedAsync(CountryLevelChange change, CancellationToken ct);
}

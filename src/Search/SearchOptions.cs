using System.ComponentModel.DataAnnotations;

namespace RiskWatch.Search;

/// <summary>Which backend holds the index. Bound from <c>RiskWatch:Index</c>.</summary>
public sealed class SearchOptions
{
    public const string Section = "RiskWatch:Index";

    /// <summary>"Lucene" (default: embedded, on disk in the data folder) or "Elasticsearch".</summary>
    public string Provider { get; set; } = "Lucene";

    public LuceneIndexOptions Lucene { get; set; } = new();

    public ElasticsearchIndexOptions Elasticsearch { get; set; } = new();

    internal IEnumerable<string> Validate()
    {
        if (!string.Equals(Provider, "Lucene", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(Provider, "Elasticsearch", StringComparison.OrdinalIgnoreCase))
            yield return $"RiskWatch:Index:Provider must be Lucene or Elasticsearch, not '{Provider}'.";
        if (string.Equals(Provider, "Elasticsearch", StringComparison.OrdinalIgnoreCase))
            foreach (var e in Elasticsearch.Validate()) yield return e;
        else
            foreach (var e in Lucene.Validate()) yield return e;
    }
}

/// <summary>How Chinese text is cut into terms in the Lucene index.</summary>
public enum ChineseAnalysis
{
    /// <summary>Overlapping character pairs (Lucene's CJK bigrams, Elasticsearch's <c>cjk</c>): about 4x faster to index than SmartCn,
    /// and a phrase of bigrams finds every occurrence of a Chinese run, whatever the word segmentation.</summary>
    Bigram,

    /// <summary>Dictionary word segmentation (SmartCn, HMM): word-level terms, slower to index.</summary>
    SmartCn,
}

/// <summary>The embedded Lucene.NET index (<c>RiskWatch:Index:Lucene</c>).</summary>
public sealed class LuceneIndexOptions
{
    /// <summary>Index folder; empty means <c>&lt;data&gt;/index</c>.</summary>
    public string? Path { get; set; }

    /// <summary>Analysis of Chinese fields for a new index. An existing index keeps the analysis it was built with
    /// (recorded in its commit data): changing it needs a rebuild.</summary>
    public ChineseAnalysis ChineseAnalysis { get; set; } = ChineseAnalysis.Bigram;

    /// <summary>Threads that analyse one upsert batch; 0 means one per core. Analysis is the cost of ingest.</summary>
    [Range(0, 64)]
    public int IndexingThreads { get; set; }

    /// <summary>Writer RAM buffer before a segment is flushed.</summary>
    [Range(16, 2048)]
    public double RamBufferMb { get; set; } = 64;

    /// <summary>How long a searcher stays open for a cursor that points into it: paging within this window sees one
    /// unchanged snapshot; an older cursor falls back to the current index with the same sort values.</summary>
    [Range(1, 24 * 60)]
    public int CursorSnapshotMinutes { get; set; } = 10;

    /// <summary>The format a new index is created in; null for the current one. Only tests set it (to build an index as an
    /// older version of the program did).</summary>
    internal int? NewIndexFormat { get; set; }

    internal IEnumerable<string> Validate()
    {
        if (IndexingThreads is < 0 or > 64) yield return "RiskWatch:Index:Lucene:IndexingThreads must be 0..64.";
        if (RamBufferMb is < 16 or > 2048) yield return "RiskWatch:Index:Lucene:RamBufferMb must be 16..2048.";
        if (CursorSnapshotMinutes is < 1 or > 1440) yield return "RiskWatch:Index:Lucene:CursorSnapshotMinutes must be 1..1440.";
    }
}

/// <summary>An Elasticsearch cluster (<c>RiskWatch:Index:Elasticsearch</c>).</summary>
public sealed class ElasticsearchIndexOptions
{
    /// <summary>Cluster URL, e.g. http://localhost:9200.</summary>
    public string? Url { get; set; }

    /// <summary>API key (base64 "id:key" as Kibana shows it); takes precedence over user/password.</summary>
    public string? ApiKey { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Name prefix: the write alias is <c>&lt;prefix&gt;-items</c>, the index <c>&lt;prefix&gt;-items-v&lt;n&gt;</c>.</summary>
    public string IndexPrefix { get; set; } = "riskwatch";

    /// <summary>Retries of a bulk request's retryable failures (429, 5xx) per document, with backoff.</summary>
    [Range(0, 10)]
    public int BulkRetries { get; set; } = 3;

    /// <summary>Request timeout in seconds.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    internal IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Url) || !Uri.TryCreate(Url, UriKind.Absolute, out _))
            yield return "RiskWatch:Index:Elasticsearch:Url must be an absolute URL such as http://localhost:9200.";
        if (!string.IsNullOrEmpty(Username) && string.IsNullOrEmpty(Password))
            yield return "RiskWatch:Index:Elasticsearch:Password is required with Username.";
        if (string.IsNullOrWhiteSpace(IndexPrefix) || IndexPrefix != IndexPrefix.ToLowerInvariant())
            yield return "RiskWatch:Index:Elasticsearch:IndexPrefix must be non-empty and lower case.";
        if (BulkRetries is < 0 or > 10) yield return "RiskWatch:Index:Elasticsearch:BulkRetries must be 0..10.";
        if (TimeoutSeconds is < 1 or > 600) yield return "RiskWatch:Index:Elasticsearch:TimeoutSeconds must be 1..600.";
    }
}

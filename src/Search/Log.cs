using Microsoft.Extensions.Logging;

namespace RiskWatch.Search;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Lucene index opened at {Path}: {Count} items, Chinese analysis {Analysis}")]
    public static partial void LuceneOpened(ILogger logger, string path, int count, string analysis);

    [LoggerMessage(2, LogLevel.Warning, "Lucene index at {Path} was built with Chinese analysis {Existing}; configured {Configured} is ignored until the index is rebuilt")]
    public static partial void AnalysisMismatch(ILogger logger, string path, string existing, string configured);

    [LoggerMessage(3, LogLevel.Debug, "Indexed {Count} items in {Ms} ms")]
    public static partial void Indexed(ILogger logger, int count, long ms);

    [LoggerMessage(4, LogLevel.Information, "Elasticsearch: alias {Alias} over {Index}; Chinese analyzer {Analyzer}")]
    public static partial void EsReady(ILogger logger, string alias, string index, string analyzer);

    [LoggerMessage(5, LogLevel.Warning, "Elasticsearch bulk: {Failed} of {Total} documents failed, retrying {Retryable} (attempt {Attempt})")]
    public static partial void BulkRetry(ILogger logger, int failed, int total, int retryable, int attempt);

    [LoggerMessage(6, LogLevel.Error, "Elasticsearch bulk: document {Id} failed: {Reason}")]
    public static partial void BulkItemFailed(ILogger logger, string id, string reason);
}

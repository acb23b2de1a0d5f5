using Microsoft.Extensions.Logging;
using RiskWatch.Core;

namespace RiskWatch.Search.Elasticsearch;

/// <summary>Placeholder until the Elasticsearch backend lands.</summary>
public sealed class ElasticsearchRiskIndex
{
    internal static IRiskIndex Create(ElasticsearchIndexOptions options, ILogger<ElasticsearchRiskIndex> log, TimeProvider time) =>
        throw new NotSupportedException("Elasticsearch backend not built yet");
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RiskWatch.Collectors.Fetching;

/// <summary>Makes the fetcher of one source run over the one shared HTTP client and the shared per-host gates.</summary>
internal sealed class FetcherFactory(IOptions<CollectorsOptions> options, HostGates gates, TimeProvider time, ILogger<HttpFetcher> logger) : IDisposable
{
    private readonly HttpClient _client = new(HttpFetcher.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    public HttpFetcher Create(SourceOptions source, IDictionary<string, UrlValidators>? validators = null) =>
        new(_client, FetchPolicy.From(source, options.Value), options.Value, gates, time, logger, validators);

    public void Dispose() => _client.Dispose();
}

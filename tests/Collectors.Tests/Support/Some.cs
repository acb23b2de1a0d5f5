using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskWatch.Collectors.Fetching;

namespace RiskWatch.Collectors.Tests.Support;

/// <summary>Test data and parts with the defaults tests want (no waiting between requests, fast retries).</summary>
internal static class Some
{
    public static CollectorsOptions FastOptions(int retries = 0) => new()
    {
        MinIntervalPerHostSeconds = 0,
        MaxRetries = retries,
        RetryBaseDelaySeconds = 0.01,
        BreakerFailures = 100,
    };

    public static SourceOptions Loopback(int timeoutSeconds = 5, long maxBytes = 1024 * 1024) => new()
    {
        AllowPrivateNetwork = true,
        TimeoutSeconds = timeoutSeconds,
        MaxBytes = maxBytes,
    };

    public static FetcherFactory Fetchers(CollectorsOptions? options = null, TimeProvider? time = null) =>
        new(Options.Create(options ?? FastOptions()), new HostGates(time ?? TimeProvider.System), time ?? TimeProvider.System, NullLogger<HttpFetcher>.Instance);
}

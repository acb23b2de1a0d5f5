namespace RiskWatch.Collectors;

/// <summary>The body of one fetch, decoded to text. <see cref="NotModified"/> means the validators matched (HTTP 304) and <see cref="Content"/> is empty.</summary>
public sealed record FetchResult(Uri Url, int Status, string Content, bool NotModified, long Bytes, string? ContentType);

/// <summary>
/// Fetches a URL for a source with the safety and politeness rules applied (timeout, size limit, redirects, scheme and
/// address checks, conditional GET, retries, per-host interval and circuit breaker, charset detection).
/// Failure contract: throws <see cref="SourceFetchException"/> with a readable reason; never returns a partial body.
/// </summary>
public interface IFetcher
{
    Task<FetchResult> GetAsync(Uri url, CancellationToken ct);
}

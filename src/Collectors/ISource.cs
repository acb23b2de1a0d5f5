using RiskWatch.Core;

namespace RiskWatch.Collectors;

/// <summary>
/// One official source (a feed, an API, a website, a bulk file). Stateless: fetch state (validators, health) is kept by the runner.
/// Failure contract: <see cref="Parse"/> throws <see cref="SourceFormatException"/> with a readable reason for content it cannot
/// read (not its format, truncated, empty); <see cref="CollectAsync"/> may also throw <see cref="SourceFetchException"/>.
/// The runner records the reason in the source's state and health; other sources are never affected.
/// </summary>
public interface ISource
{
    /// <summary>The stable id used in configuration, the CLI and item ids (e.g. "us-state-dept").</summary>
    string Id { get; }

    /// <summary>True when <paramref name="content"/> looks like this source's format (used by <c>parse</c> without <c>--source</c> and by <c>train</c>).</summary>
    bool Recognizes(string content);

    /// <summary>Parses one captured document of this source.</summary>
    IReadOnlyList<CollectedItem> Parse(string content, Uri? location = null);

    /// <summary>Fetches what the source publishes now (through <paramref name="fetcher"/>, which applies the politeness and safety rules) and parses it.</summary>
    Task<IReadOnlyList<CollectedItem>> CollectAsync(IFetcher fetcher, CancellationToken ct);
}

/// <summary>The content was fetched but is not what the source publishes (malformed, truncated, empty...).</summary>
public sealed class SourceFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The content could not be fetched (timeout, HTTP error, too large, refused address...).</summary>
public sealed class SourceFetchException(string message, Exception? inner = null) : Exception(message, inner);

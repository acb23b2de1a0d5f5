using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Sources;

/// <summary>What most sources share: one URL, fetched once, parsed; HTTP 304 means nothing new.</summary>
internal abstract class SourceBase(string id, Uri url) : ISource
{
    public string Id { get; } = id;

    /// <summary>The URL fetched by <see cref="CollectAsync"/> (the official one unless configuration overrides it).</summary>
    public Uri Url { get; } = url;

    public abstract bool Recognizes(string content);

    /// <summary>
    /// Parses one document. Content of an unexpected shape (a number where an object was expected, a missing element) surfaces as
    /// <see cref="SourceFormatException"/> like any other unreadable content, as the <see cref="ISource"/> contract says.
    /// </summary>
    public IReadOnlyList<CollectedItem> Parse(string content, Uri? location = null)
    {
        if (string.IsNullOrWhiteSpace(content)) throw new SourceFormatException($"empty response: nothing for {Id} to read");
        try
        {
            return ParseCore(content, location);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or KeyNotFoundException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
        {
            throw new SourceFormatException($"unexpected structure for {Id}: {ex.Message}", ex);
        }
    }

    protected abstract IReadOnlyList<CollectedItem> ParseCore(string content, Uri? location);

    public virtual async Task<IReadOnlyList<CollectedItem>> CollectAsync(IFetcher fetcher, CancellationToken ct)
    {
        var result = await fetcher.GetAsync(Url, ct);
        return result.NotModified ? [] : Parse(result.Content, result.Url);
    }

    protected static IReadOnlyList<string> Iso2(params Country?[] countries) =>
        countries.OfType<Country>().Select(c => c.Iso2).Distinct().ToList();

    /// <summary>The start of a document, to recognise formats without parsing all of it.</summary>
    protected static ReadOnlySpan<char> Head(string content, int length = 4096) =>
        content.AsSpan(0, Math.Min(content.Length, length)).TrimStart('\uFEFF').TrimStart();
}

/// <summary>Helpers for the indicator-like sources that emit one item per country.</summary>
internal static class Indicators
{
    public static string Num(double v) => v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);

    public static string CountryName(string iso2) => CountryTable.ByIso2(iso2)?.NameEn ?? iso2;
}

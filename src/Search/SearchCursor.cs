using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using RiskWatch.Core;

namespace RiskWatch.Search;

/// <summary>
/// The opaque paging cursor: the last hit's sort values plus its id as tiebreaker, so the next page starts right after it
/// whatever was written meanwhile. <see cref="Snapshot"/> lets the Lucene index serve the next page from the same searcher.
/// </summary>
internal sealed record SearchCursor(
    [property: JsonPropertyName("o")] SearchSort Sort,
    [property: JsonPropertyName("i")] string Id,
    [property: JsonPropertyName("s")] double? Score = null,
    [property: JsonPropertyName("p")] long? PublishedMs = null,
    [property: JsonPropertyName("l")] int? Level = null,
    [property: JsonPropertyName("v")] long? Snapshot = null)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    /// <summary>Reads a cursor; a damaged one or one made for another sort is the caller's mistake, reported like a bad query.</summary>
    public static SearchCursor? Decode(string? text, SearchSort expectedSort)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        SearchCursor? c;
        try
        {
            c = JsonSerializer.Deserialize<SearchCursor>(Base64Url.DecodeFromChars(text.Trim()));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw new QuerySyntaxException("The paging cursor is damaged: start again from the first page.", e);
        }
        if (c is null || string.IsNullOrEmpty(c.Id))
            throw new QuerySyntaxException("The paging cursor is damaged: start again from the first page.");
        if (c.Sort != expectedSort)
            throw new QuerySyntaxException($"The paging cursor was made for sort '{c.Sort}', not '{expectedSort}': start again from the first page.");
        bool ok = c.Sort switch
        {
            SearchSort.Relevance => c.Score is not null,
            SearchSort.Newest => c.PublishedMs is not null,
            _ => c.PublishedMs is not null && c.Level is not null,
        };
        return ok ? c : throw new QuerySyntaxException("The paging cursor is damaged: start again from the first page.");
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using RiskWatch.Core;

namespace RiskWatch.Search;

/// <summary>The stored form of a whole <see cref="RiskItem"/>, so that a get returns exactly what was upserted.</summary>
internal static class ItemJson
{
    // Relaxed escaping keeps Chinese as UTF-8 (a third of the size of \uXXXX escapes); the bytes are never put in HTML.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize(RiskItem item) => JsonSerializer.SerializeToUtf8Bytes(item, Options);

    public static RiskItem Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<RiskItem>(json, Options) ?? throw new InvalidDataException("Stored item is null.");
}

/// <summary>Normalised filter values, shared by both backends so they index and query alike.</summary>
internal static class Keys
{
    /// <summary>"zh-CN" and "zh" are both "zh"; anything else is its lower-case primary subtag.</summary>
    public static string Language(string? language)
    {
        if (string.IsNullOrWhiteSpace(language)) return "en";
        var l = language.Trim().ToLowerInvariant();
        var dash = l.IndexOfAny(['-', '_']);
        return dash > 0 ? l[..dash] : l;
    }

    public static bool IsChinese(string? language) => Language(language) == "zh";

    public static string Country(string c) => c.Trim().ToUpperInvariant();

    public static string Source(string s) => s.Trim();

    public static long ToMs(DateTimeOffset d) => d.ToUnixTimeMilliseconds();
}

/// <summary>Date histogram buckets: UTC days, or ISO weeks starting on Monday.</summary>
internal static class Buckets
{
    private const long DayMs = 86_400_000L;

    public static bool IsValid(string? interval) => interval is null || interval is "day" or "week";

    public static string Check(string interval) => interval.Trim().ToLowerInvariant() switch
    {
        "day" or "1d" => "day",
        "week" or "1w" => "week",
        _ => throw new QuerySyntaxException($"Histogram interval '{interval}' is not known: use 'day' or 'week'."),
    };

    /// <summary>The day number (since 1970-01-01) of the bucket that holds <paramref name="ms"/>.</summary>
    public static long StartDay(long ms, bool week)
    {
        var day = Math.DivRem(ms, DayMs, out var rem);
        if (rem < 0) day--;
        if (!week) return day;
        // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
        var dow = ((day + 3) % 7 + 7) % 7;
        return day - dow;
    }

    /// <summary>Buckets from the first to the last non-empty one, empty ones included, as a chart wants them.</summary>
    public static IReadOnlyList<HistogramBucket> Fill(IReadOnlyDictionary<long, long> countsByDay, bool week)
    {
        if (countsByDay.Count == 0) return [];
        var step = week ? 7 : 1;
        var min = countsByDay.Keys.Min();
        var max = countsByDay.Keys.Max();
        var list = new List<HistogramBucket>();
        // A stray date decades away would make millions of empty buckets: then only the non-empty ones are returned.
        if ((max - min) / step > 5000)
            return [.. countsByDay.OrderBy(kv => kv.Key).Select(kv => new HistogramBucket(DateTimeOffset.FromUnixTimeMilliseconds(kv.Key * DayMs), kv.Value))];
        for (var d = min; d <= max; d += step)
            list.Add(new HistogramBucket(DateTimeOffset.FromUnixTimeMilliseconds(d * DayMs), countsByDay.GetValueOrDefault(d)));
        return list;
    }
}

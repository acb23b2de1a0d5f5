using System.Globalization;
using System.Text.RegularExpressions;

namespace RiskWatch.Collectors.Parsing;

/// <summary>Tolerant date parsing: RFC 822 with or without time and zone, ISO 8601, "27 May 2026 14:51:04", Chinese dates, Unix epochs.</summary>
internal static partial class Dates
{
    private static readonly string[] Rfc822 =
    [
        "ddd, dd MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss zzz", "ddd, dd MMM yyyy HH:mm zzz",
        "ddd, dd MMM yyyy HH:mm:ss", "ddd, d MMM yyyy HH:mm:ss", "ddd, dd MMM yyyy", "ddd, d MMM yyyy", "dd MMM yyyy HH:mm:ss", "d MMM yyyy HH:mm:ss", "dd MMM yyyy",
        "ddd, yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyyMMdd", "yyyyMMddHHmmss",
    ];

    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = Html.Squash(text);
        var zh = ChineseDate().Match(t);
        if (zh.Success)
            return Utc(int.Parse(zh.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(zh.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(zh.Groups[3].Value, CultureInfo.InvariantCulture));
        // RFC 822 zones by name, which .NET does not parse.
        t = ZoneName().Replace(t, m => m.Value.Trim() switch
        {
            "GMT" or "UT" or "UTC" or "Z" => " +00:00",
            "EST" => " -05:00", "EDT" => " -04:00", "CST" => " -06:00", "CDT" => " -05:00",
            "MST" => " -07:00", "MDT" => " -06:00", "PST" => " -08:00", "PDT" => " -07:00",
            _ => m.Value,
        });
        t = NumericZone().Replace(t, m => $" {m.Groups[1].Value}{m.Groups[2].Value}:{m.Groups[3].Value}");
        if (DateTimeOffset.TryParseExact(t, Rfc822, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var d)) return d;
        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out d)) return d;
        return null;
    }

    /// <summary>Unix time in seconds or milliseconds (values past year 5000 in seconds are taken as milliseconds).</summary>
    public static DateTimeOffset? FromEpoch(long value)
    {
        if (value <= 0) return null;
        return value > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(value) : DateTimeOffset.FromUnixTimeSeconds(value);
    }

    public static DateTimeOffset? Utc(int y, int m, int d)
    {
        try { return new DateTimeOffset(y, m, d, 0, 0, 0, TimeSpan.Zero); }
        catch (ArgumentOutOfRangeException) { return null; }
    }

    [GeneratedRegex(@"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")]
    internal static partial Regex ChineseDate();

    [GeneratedRegex(@"\s(GMT|UTC|UT|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT)$")]
    private static partial Regex ZoneName();

    [GeneratedRegex(@"\s([+-])(\d{2})(\d{2})$")]
    private static partial Regex NumericZone();
}

using System.Globalization;
using System.Text.RegularExpressions;
using RiskWatch.Core.Countries;

namespace RiskWatch.Scoring.Country;

/// <summary>
/// Country-level tables that are not feeds (no collector reads them): an OECD-style country-risk classification (the
/// label of the learned country model) and the Institute for Economics and Peace's index tables (features). Recognised by
/// their header; a peace-index table says which index it is only in its file name (GPI, GTI or PPI).
/// </summary>
public static partial class CountryTables
{
    public enum Kind { None, RiskClasses, PeaceIndex }

    /// <summary>What the file is, from its first line and name.</summary>
    public static Kind Recognize(string fileName, string firstLine)
    {
        var header = Csv.Split(firstLine.Trim('\uFEFF', ' ', '\r'));
        if (header.Count >= 3 && header[0].Trim().Equals("rank", StringComparison.OrdinalIgnoreCase)
            && header[1].Trim().Equals("country", StringComparison.OrdinalIgnoreCase) && header[2].Trim().Equals("score", StringComparison.OrdinalIgnoreCase))
            return Kind.PeaceIndex;
        if (header.Any(h => h.Trim().Equals("ISO", StringComparison.OrdinalIgnoreCase)) && header.Count(h => DateHeader().IsMatch(h.Trim())) >= 1)
            return Kind.RiskClasses;
        return Kind.None;
    }

    /// <summary>The indicator code of a peace-index file ("IEP.GPI"…), from its name; null when the name does not say.</summary>
    public static string? PeaceIndexCode(string fileName)
    {
        var m = PeaceName().Match(Path.GetFileNameWithoutExtension(fileName));
        return m.Success ? "IEP." + m.Groups[1].Value.ToUpperInvariant() : null;
    }

    /// <summary>
    /// (country, code, 0, score) for every row of a peace-index table (<c>rank,country,score</c>, English names) whose country
    /// is known; <paramref name="unknown"/> receives the names that are not.
    /// </summary>
    public static List<(string Country, string Indicator, int Year, double Value)> ReadPeaceIndex(string content, string code, List<string> unknown)
    {
        var result = new List<(string, string, int, double)>();
        using var reader = new StringReader(content);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var cells = Csv.Split(line);
            if (cells.Count < 3 || !double.TryParse(cells[2].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var score)) continue;
            var country = CountryTable.Resolve(cells[1].Trim());
            if (country is null) { unknown.Add(cells[1].Trim()); continue; }
            result.Add((country.Iso2, code, 0, score));
        }
        return result;
    }

    [GeneratedRegex(@"^\d{1,2}-[A-Za-z]{3}-\d{2,4}$")]
    private static partial Regex DateHeader();

    [GeneratedRegex(@"(?i)(?:^|[^a-z])(GPI|GTI|PPI)(?:[^a-z]|$)")]
    private static partial Regex PeaceName();
}

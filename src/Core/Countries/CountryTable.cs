using System.Globalization;
using System.Reflection;
using System.Text;

namespace RiskWatch.Core.Countries;

/// <summary>A country or territory with every code and name the sources use for it.</summary>
public sealed record Country(string Iso2, string Iso3, string? Fips, string NameEn, string NameZh, IReadOnlyList<string> Aliases)
{
    public string Name(string language) => language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? NameZh : NameEn;
}

/// <summary>
/// The country table: ISO alpha-2 / alpha-3, FIPS 10-4, English and Chinese names and aliases (countries.tsv, embedded).
/// Sources disagree on codes (the US feed's <c>AS</c> is Australia in FIPS, American Samoa in ISO): always say which kind of code you hold.
/// </summary>
public static class CountryTable
{
    private static readonly Lazy<Tables> Data = new(Load);

    public static IReadOnlyList<Country> All => Data.Value.All;

    public static Country? ByIso2(string? code) => code is null ? null : Data.Value.Iso2.GetValueOrDefault(code.Trim().ToUpperInvariant());
    public static Country? ByIso3(string? code) => code is null ? null : Data.Value.Iso3.GetValueOrDefault(code.Trim().ToUpperInvariant());
    public static Country? ByFips(string? code) => code is null ? null : Data.Value.Fips.GetValueOrDefault(code.Trim().ToUpperInvariant());

    /// <summary>By English, Chinese, German or other known name or alias; case, accents and punctuation do not matter.</summary>
    public static Country? ByName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        return Data.Value.Names.GetValueOrDefault(NormalizeName(name));
    }

    /// <summary>Resolves an ISO2, ISO3 or name (in that order). FIPS codes are never guessed: use <see cref="ByFips"/>.</summary>
    public static Country? Resolve(string? codeOrName)
    {
        if (string.IsNullOrWhiteSpace(codeOrName)) return null;
        var t = codeOrName.Trim();
        return (t.Length == 2 ? ByIso2(t) : null) ?? (t.Length == 3 ? ByIso3(t) : null) ?? ByName(t);
    }

    /// <summary>
    /// The gazetteer: countries mentioned in free text, in order of first mention. Chinese names match as substrings,
    /// English names as whole words (names shorter than four letters are ignored to avoid false hits).
    /// </summary>
    public static IReadOnlyList<string> FindMentions(string? text, int max = 10)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var found = new List<(int Pos, string Iso2)>();
        var d = Data.Value;
        // Longest names first, and each match is blanked out, so "South Sudan" is not also Sudan and 印度尼西亚 not also 印度.
        var rest = text.ToCharArray();
        foreach (var (name, c) in d.ChineseNames)
        {
            var s = new string(rest);
            for (int i = s.IndexOf(name, StringComparison.Ordinal); i >= 0; i = s.IndexOf(name, i + name.Length, StringComparison.Ordinal))
            {
                found.Add((i, c.Iso2));
                Array.Fill(rest, ' ', i, name.Length);
            }
        }
        foreach (var (name, c) in d.EnglishNames)
        {
            var s = new string(rest);
            for (int i = s.IndexOf(name, StringComparison.OrdinalIgnoreCase); i >= 0; i = s.IndexOf(name, i + name.Length, StringComparison.OrdinalIgnoreCase))
            {
                bool left = i == 0 || !char.IsLetter(s[i - 1]);
                bool right = i + name.Length >= s.Length || !char.IsLetter(s[i + name.Length]);
                if (!left || !right) continue;
                found.Add((i, c.Iso2));
                Array.Fill(rest, ' ', i, name.Length);
            }
        }
        return found.OrderBy(f => f.Pos).Select(f => f.Iso2).Distinct().Take(max).ToList();
    }

    public static string NormalizeName(string name)
    {
        var decomposed = name.Trim().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (cat == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(ch)) sb.Append(char.ToLowerInvariant(ch));
            else if (ch is '（' or '）' or '(' or ')') continue;
            else if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
        }
        return sb.ToString().Trim();
    }

    private sealed record Tables(
        List<Country> All,
        Dictionary<string, Country> Iso2,
        Dictionary<string, Country> Iso3,
        Dictionary<string, Country> Fips,
        Dictionary<string, Country> Names,
        List<(string, Country)> ChineseNames,
        List<(string, Country)> EnglishNames);

    private static Tables Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("RiskWatch.Core.Countries.countries.tsv")
            ?? throw new InvalidOperationException("countries.tsv is not embedded in RiskWatch.Core");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var all = new List<Country>();
        reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var f = line.Split('\t');
            if (f.Length < 5) continue;
            var aliases = f.Length > 5 ? f[5].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            all.Add(new Country(f[0].Trim(), f[1].Trim(), string.IsNullOrWhiteSpace(f[2]) ? null : f[2].Trim(), f[3].Trim(), f[4].Trim(), aliases));
        }
        var names = new Dictionary<string, Country>();
        var zh = new List<(string, Country)>();
        var en = new List<(string, Country)>();
        foreach (var c in all)
        {
            foreach (var n in new[] { c.NameEn, c.NameZh }.Concat(c.Aliases))
            {
                var key = NormalizeName(n);
                if (key.Length > 0) names.TryAdd(key, c);
                if (n.Any(ch => ch >= '\u4e00' && ch <= '\u9fff')) { if (n.Length >= 2) zh.Add((n, c)); }
                else if (n.Length >= 4 && !n.Contains(',') && !n.Contains('(')) en.Add((n, c));
            }
        }
        // Longest names first so "South Sudan" wins over "Sudan", "刚果（金）" over "刚果".
        zh.Sort((a, b) => b.Item1.Length.CompareTo(a.Item1.Length));
        en.Sort((a, b) => b.Item1.Length.CompareTo(a.Item1.Length));
        return new Tables(all,
            all.ToDictionary(c => c.Iso2, StringComparer.OrdinalIgnoreCase),
            all.Where(c => c.Iso3.Length == 3).GroupBy(c => c.Iso3).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase),
            all.Where(c => c.Fips is not null).GroupBy(c => c.Fips!).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase),
            names, zh, en);
    }
}

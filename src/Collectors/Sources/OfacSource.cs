using System.Text.RegularExpressions;
using RiskWatch.Collectors.Parsing;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Sources;

/// <summary>
/// OFAC SDN and consolidated (non-SDN) lists, legacy CSV without header: <c>ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
/// Tonnage, GRT, Vess_flag, Vess_owner, Remarks</c>; <c>-0-</c> is null. Countries come from the program (CUBA, IRAN…), the vessel flag and the
/// nationality / citizenship / place of birth in the remarks. One item per country with the counts.
/// </summary>
internal sealed partial class OfacSource(Uri? url = null) : SourceBase(SourceId, url ?? DefaultUrl)
{
    public const string SourceId = "ofac";
    public static readonly Uri DefaultUrl = new("https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV");

    /// <summary>Programs whose name is the country targeted.</summary>
    private static readonly (string Prefix, string Iso2)[] ProgramCountries =
    [
        ("CUBA", "CU"), ("IRAN", "IR"), ("IRGC", "IR"), ("IFSR", "IR"), ("SYRIA", "SY"), ("DPRK", "KP"), ("NKSPEA", "KP"), ("RUSSIA", "RU"),
        ("BELARUS", "BY"), ("VENEZUELA", "VE"), ("BURMA", "MM"), ("ZIMBABWE", "ZW"), ("SOUTH SUDAN", "SS"), ("SUDAN", "SD"), ("DARFUR", "SD"),
        ("LIBYA", "LY"), ("SOMALIA", "SO"), ("YEMEN", "YE"), ("IRAQ", "IQ"), ("LEBANON", "LB"), ("CAR", "CF"), ("DRCONGO", "CD"), ("MALI", "ML"),
        ("NICARAGUA", "NI"), ("HK-", "HK"), ("CMIC", "CN"), ("ETHIOPIA", "ET"), ("BALKANS", "RS"), ("AFGHANISTAN", "AF"), ("HAITI", "HT"),
    ];

    public override bool Recognizes(string content)
    {
        var first = Head(content, 2000);
        var nl = first.IndexOfAny('\r', '\n');
        var line = (nl >= 0 ? first[..nl] : first).ToString();
        return SdnLine().IsMatch(line);
    }

    protected override IReadOnlyList<CollectedItem> ParseCore(string content, Uri? location) => Build(content, null, location);

    /// <summary>The list and, when given, its address file (<c>ent_num, Add_num, Address, City, Country, Add_remarks</c>), whose countries are linked too.</summary>
    internal IReadOnlyList<CollectedItem> ParseWithAddresses(string list, string? addresses, Uri? location)
    {
        try
        {
            return Build(list, addresses, location);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new SourceFormatException($"unexpected structure for {Id}: {ex.Message}", ex);
        }
    }

    /// <summary>The address file next to the list: SDN.CSV → ADD.CSV, CONS_PRIM.CSV → CONS_ADD.CSV.</summary>
    internal static Uri? AddressUrl(Uri list)
    {
        var name = list.Segments[^1];
        var add = name.ToUpperInvariant() switch
        {
            "SDN.CSV" => "ADD.CSV",
            "CONS_PRIM.CSV" => "CONS_ADD.CSV",
            _ => null,
        };
        if (add is null) return null;
        if (name.Any(char.IsLower)) add = add.ToLowerInvariant();
        return new Uri(list, add);
    }

    public override async Task<IReadOnlyList<CollectedItem>> CollectAsync(IFetcher fetcher, CancellationToken ct)
    {
        var list = await fetcher.GetAsync(Url, ct);
        if (list.NotModified) return [];
        string? addresses = null;
        if (AddressUrl(list.Url) is { } addUrl)
        {
            try
            {
                // Not conditional in effect: a 304 here would only drop the address countries, never the list.
                var add = await fetcher.GetAsync(addUrl, ct);
                addresses = add.NotModified ? null : add.Content;
            }
            catch (SourceFetchException)
            {
                // The list alone still gives programme and remark countries.
            }
        }
        return ParseWithAddresses(list.Content, addresses, list.Url);
    }

    private static Dictionary<string, HashSet<string>> AddressCountries(string? addresses)
    {
        var map = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(addresses)) return map;
        foreach (var row in Csv.Read(addresses))
        {
            if (row.Count < 5 || Csv.NullIfOfacEmpty(row[4]) is not { } name || CountryTable.ByName(name) is not { } c) continue;
            var id = row[0].Trim();
            if (!map.TryGetValue(id, out var set)) map[id] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(c.Iso2);
        }
        return map;
    }

    private IReadOnlyList<CollectedItem> Build(string content, string? addresses, Uri? location)
    {
        if (string.IsNullOrWhiteSpace(content)) throw new SourceFormatException("empty response: no OFAC list rows in it");
        var byAddress = AddressCountries(addresses);
        var entries = new List<Sanctions.Entry>();
        foreach (var row in Csv.Read(content))
        {
            if (row.Count == 1 && row[0].Trim().Length == 0) continue;
            if (row.Count < 4 || !int.TryParse(row[0].Trim(), out _))
                throw new SourceFormatException($"not an OFAC list row (expected 12 comma-separated fields starting with ent_num): \"{Xml.Preview(string.Join(",", row))}\"");
            var kind = Csv.NullIfOfacEmpty(row[2])?.ToLowerInvariant() ?? "entity";
            var programs = (Csv.NullIfOfacEmpty(row[3]) ?? "").Split(']', '[').Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
            var countries = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in programs)
                foreach (var (prefix, iso2) in ProgramCountries)
                    if (p.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) { countries.Add(iso2); break; }
            if (row.Count > 9 && Csv.NullIfOfacEmpty(row[9]) is { } flag && CountryTable.ByName(flag) is { } f) countries.Add(f.Iso2);
            if (row.Count > 11 && Csv.NullIfOfacEmpty(row[11]) is { } remarks)
            {
                foreach (Match m in RemarkCountry().Matches(remarks))
                {
                    var value = m.Groups[2].Value.Trim();
                    // "POB Baghdad, Iraq": the country is the last part.
                    var last = value.Contains(',') ? value[(value.LastIndexOf(',') + 1)..].Trim() : value;
                    if ((CountryTable.ByName(last) ?? CountryTable.ByName(value)) is { } c) countries.Add(c.Iso2);
                }
            }
            if (byAddress.TryGetValue(row[0].Trim(), out var addressCountries)) countries.UnionWith(addressCountries);
            entries.Add(new Sanctions.Entry(row[0].Trim(), Html.Squash(row[1]), kind == "-0-" ? "entity" : kind, programs, countries));
        }
        if (entries.Count == 0) throw new SourceFormatException("the OFAC list has no rows");
        bool consolidated = location?.AbsolutePath.Contains("cons", StringComparison.OrdinalIgnoreCase) == true;
        var list = consolidated ? "OFAC Consolidated (non-SDN)" : "OFAC SDN";
        return Sanctions.PerCountry(SourceId, list, "https://sanctionssearch.ofac.treas.gov/", entries, null)
            .Select(i => consolidated ? i with { SourceItemId = "cons:" + i.SourceItemId } : i).ToList();
    }

    [GeneratedRegex("^\\d+,\"[^\"]*\",(-0- ?|\"[^\"]*\"),")]
    private static partial Regex SdnLine();

    [GeneratedRegex(@"\b(nationality|citizen|POB)\s+([^;]+)", RegexOptions.IgnoreCase)]
    private static partial Regex RemarkCountry();
}

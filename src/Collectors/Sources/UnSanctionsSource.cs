using System.Xml.Linq;
using RiskWatch.Collectors.Parsing;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Sources;

/// <summary>
/// UN Security Council consolidated list (XML, <c>CONSOLIDATED_LIST/INDIVIDUALS|ENTITIES</c>). Countries are English names in
/// nationality and address elements, plus the country a regime targets (<c>UN_LIST_TYPE</c> DPRK, Iran, Libya…). One item per country with the counts.
/// </summary>
internal sealed class UnSanctionsSource(Uri? url = null) : SourceBase(SourceId, url ?? DefaultUrl)
{
    public const string SourceId = "un-sanctions";
    public static readonly Uri DefaultUrl = new("https://scsanctions.un.org/resources/xml/en/consolidated.xml");

    private static readonly Dictionary<string, string> RegimeCountries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DPRK"] = "KP", ["Iraq"] = "IQ", ["DRC"] = "CD", ["Iran"] = "IR", ["Libya"] = "LY", ["Somalia"] = "SO", ["CAR"] = "CF",
        ["Yemen"] = "YE", ["Haiti"] = "HT", ["Sudan"] = "SD", ["SouthSudan"] = "SS", ["Mali"] = "ML", ["GB"] = "GW", ["Taliban"] = "AF", ["Lebanon"] = "LB",
    };

    public override bool Recognizes(string content) => Head(content, 2000).Contains("<CONSOLIDATED_LIST", StringComparison.Ordinal);

    protected override IReadOnlyList<CollectedItem> ParseCore(string content, Uri? location)
    {
        var doc = Xml.Load(content, "UN consolidated sanctions list");
        var root = doc.Root!;
        if (root.Name.LocalName != "CONSOLIDATED_LIST") throw new SourceFormatException($"not the UN consolidated list: root element is <{root.Name.LocalName}>");
        var entries = new List<Sanctions.Entry>();
        foreach (var e in root.Descendants().Where(d => d.Name.LocalName is "INDIVIDUAL" or "ENTITY"))
        {
            bool individual = e.Name.LocalName == "INDIVIDUAL";
            var name = Html.Squash(string.Join(" ", new[] { "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME" }.Select(n => e.Child(n)).Where(n => !string.IsNullOrWhiteSpace(n))));
            var regime = e.Child("UN_LIST_TYPE")?.Trim() ?? "";
            var countries = new HashSet<string>(StringComparer.Ordinal);
            if (RegimeCountries.TryGetValue(regime, out var regimeCountry)) countries.Add(regimeCountry);
            var names = e.Children("NATIONALITY").SelectMany(n => n.Children("VALUE")).Select(v => v.Value)
                .Concat(e.Elements().Where(x => x.Name.LocalName is "INDIVIDUAL_ADDRESS" or "ENTITY_ADDRESS").Select(a => a.Child("COUNTRY")));
            foreach (var n in names)
                if (!string.IsNullOrWhiteSpace(n) && CountryTable.ByName(n.Trim()) is { } c) countries.Add(c.Iso2);
            entries.Add(new Sanctions.Entry(e.Child("REFERENCE_NUMBER")?.Trim() ?? e.Child("DATAID") ?? name, name, individual ? "individual" : "entity",
                regime.Length > 0 ? [regime] : [], countries));
        }
        if (entries.Count == 0) throw new SourceFormatException("the UN consolidated list holds no individuals or entities");
        var generated = Dates.Parse((string?)root.Attribute("dateGenerated"));
        return Sanctions.PerCountry(SourceId, "UN Security Council sanctions", "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list", entries, generated);
    }
}

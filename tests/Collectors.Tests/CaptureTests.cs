using RiskWatch.Collectors.Sources;
using RiskWatch.Collectors.Tests.Support;
using RiskWatch.Core;
using Xunit.Abstractions;

namespace RiskWatch.Collectors.Tests;

/// <summary>Each built-in source over the real third-party capture, with counts a person can check by hand (see the capture READMEs).</summary>
public sealed class CaptureTests(ITestOutputHelper output)
{
    private static Dictionary<string, int> CountLevels(IEnumerable<CollectedItem> items, params string[] keys)
    {
        var counts = keys.ToDictionary(k => k, _ => 0);
        foreach (var i in items)
        {
            var raw = i.RawLevel ?? "";
            var k = keys.FirstOrDefault(x => raw.Contains(x, StringComparison.Ordinal));
            if (k is not null) counts[k]++;
        }
        return counts;
    }

    private static int[] Values(Dictionary<string, int> d, params string[] keys) => keys.Select(k => d[k]).ToArray();

    [Fact]
    public void Parse_UsFeedCapture_Gives211ItemsWithLevelCountsAndFipsMapped()
    {
        if (Paths.Capture(output, "us-state-travel-advisories/TAsTWs_2025-10-07.xml") is not { } path) return;
        var items = new UsStateDeptSource().Parse(File.ReadAllText(path));
        Assert.Equal(211, items.Count);
        Assert.Equal([86, 83, 22, 20], Values(CountLevels(items, "1", "2", "3", "4"), "1", "2", "3", "4"));
        Assert.Equal([86, 83, 22, 20], [items.Count(i => i.Level == 1), items.Count(i => i.Level == 2), items.Count(i => i.Level == 4), items.Count(i => i.Level == 5)]);
        Assert.Contains("CN", items.Single(i => i.Extra.GetValueOrDefault("countryTag") == "CH").Countries);
        Assert.Equal(["AU"], items.Single(i => i.Extra.GetValueOrDefault("countryTag") == "AS").Countries);
        Assert.Equal(["AT"], items.Single(i => i.Extra.GetValueOrDefault("countryTag") == "AU").Countries);
        Assert.StartsWith("Level 3: Reconsider Travel", items.First(i => i.Title.StartsWith("Nigeria", StringComparison.Ordinal)).RawLevel);
        var nigeria = items.First(i => i.Title.StartsWith("Nigeria", StringComparison.Ordinal));
        Assert.Contains(nigeria.Regions, r => r.Region.StartsWith("Borno", StringComparison.Ordinal) && r.Level == 5);
        Assert.DoesNotContain(items, i => i.Text.Contains('<'));
        Assert.All(items, i => Assert.NotNull(i.Published));
        // Every item resolves to at least one country once the country table knows them.
        output.WriteLine($"items without a country: {string.Join(", ", items.Where(i => i.Countries.Count == 0).Select(i => i.Title))}");
    }

    [Fact]
    public void Parse_ChinaDestinationsCapture_Gives141CountriesWithFirstColour()
    {
        if (Paths.Capture(output, "china-mfa-consular/mfa-country-info_2026-06-16_excl-africa.json") is not { } path) return;
        var items = new ChinaMfaDestinationsSource().Parse(File.ReadAllText(path));
        Assert.Equal(141, items.Count);
        Assert.Equal([83, 35, 11, 12], Values(CountLevels(items, "蓝", "黄", "橙", "红"), "蓝", "黄", "橙", "红"));
        var myanmar = items.Single(i => i.Extra["countryName"] == "缅甸");
        Assert.StartsWith("红色", myanmar.RawLevel);
        Assert.Equal(5, myanmar.Level);
        Assert.Contains(myanmar.Regions, r => r.Region == "实皆省" && r.RawLevel == "红色");
        Assert.Contains(myanmar.Regions, r => r.Region == "若开邦" && r.RawLevel == "橙色");
        Assert.Contains(myanmar.Regions, r => r.Region == "其他地区" && r.RawLevel == "黄色");
        Assert.Equal(141, items.Count(i => i.Countries.Count == 1));
    }

    [Fact]
    public void Parse_AustraliaCapture_Gives180DestinationsWithLevelCounts()
    {
        if (Paths.Capture(output, "australia-smartraveller/destinations-export_snapshot_2026-03.json") is not { } path) return;
        var items = new AustraliaSmartravellerSource().Parse(File.ReadAllText(path));
        Assert.Equal(180, items.Count);
        string[] keys = ["normal", "high degree", "Reconsider", "Do not"];
        Assert.Equal([65, 74, 11, 29], Values(CountLevels(items, keys), keys));
        Assert.Single(items, i => i.Level is null);
    }

    [Fact]
    public void Parse_CanadaIndexCapture_Gives229DestinationsWithAdvisoryStates()
    {
        if (Paths.Capture(output, "canada-travel-advisories/index-alpha-eng_2014-10-02.json") is not { } path) return;
        var items = new CanadaTravelSource().Parse(File.ReadAllText(path));
        Assert.Equal(229, items.Count);
        Assert.Equal([107, 97, 13, 12], Values(CountLevels(items, "0", "1", "2", "3"), "0", "1", "2", "3"));
        Assert.Equal(["AF"], items.Single(i => i.SourceItemId == "AF").Countries);
    }

    [Fact]
    public void Parse_CanadaCountryCapture_GivesOneItemWithState()
    {
        if (Paths.Capture(output, "canada-travel-advisories/cta-cap-fr_2026-10-05_trimmed.json") is not { } path) return;
        var item = Assert.Single(new CanadaTravelSource().Parse(File.ReadAllText(path)));
        Assert.Equal("1", item.RawLevel);
        Assert.Equal(["FR"], item.Countries);
        Assert.Contains("terrorism", item.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_UkHaitiCapture_GivesOneItemAgainstAllTravel()
    {
        if (Paths.Capture(output, "uk-fcdo-travel-advice/content-api_haiti_2026-10-07_trimmed.json") is not { } path) return;
        var item = Assert.Single(new UkFcdoSource().Parse(File.ReadAllText(path)));
        Assert.Equal("avoid_all_travel_to_whole_country", item.RawLevel);
        Assert.Equal(5, item.Level);
        Assert.Equal(["HT"], item.Countries);
    }

    [Fact]
    public void Parse_UkSchemaExamples_ReadIndexAndCountryWithoutParts()
    {
        if (Paths.Capture(output, "uk-fcdo-travel-advice/govuk-schema-example_travel_advice_index_frontend_index.json") is not { } index) return;
        Assert.Equal(7, new UkFcdoSource().Parse(File.ReadAllText(index)).Count);
        if (Paths.Capture(output, "uk-fcdo-travel-advice/govuk-schema-example_travel_advice_frontend_no-parts.json") is not { } noParts) return;
        Assert.Single(new UkFcdoSource().Parse(File.ReadAllText(noParts)));
        if (Paths.Capture(output, "uk-fcdo-travel-advice/govuk-schema-example_travel_advice_frontend_alt-country.json") is not { } turkey) return;
        var tr = Assert.Single(new UkFcdoSource().Parse(File.ReadAllText(turkey)));
        Assert.Contains(tr.Regions, r => r.Region.Contains("Siirt", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_GdacsRssCapture_GivesFourGreenAlerts()
    {
        if (Paths.Capture(output, "gdacs/rss_2019-12-30.xml") is not { } path) return;
        var items = new GdacsSource().Parse(File.ReadAllText(path));
        Assert.Equal(4, items.Count);
        Assert.All(items, i => Assert.Equal("Green", i.RawLevel));
        Assert.Contains(items, i => i.Countries.Contains("MU"));
    }

    [Fact]
    public void Parse_GdacsGeoJsonCapture_GivesOneItemPerEvent()
    {
        if (Paths.Capture(output, "gdacs/gdacs.geojson_2026-05-30_centroids-only.json") is not { } path) return;
        var items = new GdacsSource().Parse(File.ReadAllText(path));
        Assert.Equal(20, items.Count);
        Assert.All(items, i => Assert.NotNull(i.Level));
    }

    [Fact]
    public void Parse_WhoCapture_ReadsNationalRiskAndCountry()
    {
        if (Paths.Capture(output, "who-don/diseaseoutbreaknews_2026-08_trimmed-capture.json") is not { } path) return;
        var items = new WhoDonSource().Parse(File.ReadAllText(path));
        Assert.Equal(2, items.Count);
        Assert.Equal("national risk high", items[0].RawLevel);
        Assert.Equal(["CD"], items[0].Countries);
    }

    [Fact]
    public void Parse_WorldBankWgiCapture_GivesOneItemPerCountryWithSixEstimates()
    {
        if (Paths.Capture(output, "worldbank/WGIData_estimates-only_1996-2022.csv") is not { } path) return;
        var items = new WorldBankSource().Parse(File.ReadAllText(path));
        Assert.InRange(items.Count, 180, 214);
        var af = items.Single(i => i.SourceItemId == "AF");
        Assert.Equal("-1.1838", af.Extra["CC.EST"]);
        Assert.Equal("2022", af.Extra["CC.EST:year"]);
        Assert.Equal(6, af.Extra.Keys.Count(k => !k.EndsWith(":year", StringComparison.Ordinal)));
    }

    [Fact]
    public void Parse_WorldBankGdpCapture_SkipsPreambleAndAggregates()
    {
        if (Paths.Capture(output, "worldbank/API_NY.GDP.PCAP.CD_DS2_en_csv_v2_10181232.csv") is not { } path) return;
        var items = new WorldBankSource().Parse(File.ReadAllText(path));
        Assert.InRange(items.Count, 150, 217);
        Assert.Contains(items, i => i.SourceItemId == "AW" || i.SourceItemId == "AF");
    }

    [Fact]
    public void Parse_OfacCapture_CountsListedPerCountry()
    {
        if (Paths.Capture(output, "sanctions-ofac/sdn_first400.csv") is not { } path) return;
        var items = new OfacSource().Parse(File.ReadAllText(path));
        var cuba = items.Single(i => i.SourceItemId == "CU");
        Assert.StartsWith("OFAC SDN: ", cuba.Title);
        Assert.Contains("linked to Cuba", cuba.Title);
        Assert.True(int.Parse(cuba.Extra["listed"]) > 10);
        output.WriteLine(string.Join("\n", items.Select(i => i.Title)));
    }

    [Fact]
    public void Parse_OfacCaptureWithAddresses_LinksAddressCountries()
    {
        if (Paths.Capture(output, "sanctions-ofac/sdn_first400.csv") is not { } path) return;
        if (Paths.Capture(output, "sanctions-ofac/add_for_first400.csv") is not { } add) return;
        var source = new OfacSource();
        var alone = source.Parse(File.ReadAllText(path)).ToDictionary(i => i.SourceItemId);
        var linked = source.ParseWithAddresses(File.ReadAllText(path), File.ReadAllText(add), null).ToDictionary(i => i.SourceItemId);
        Assert.True(int.Parse(linked[Sources.Sanctions.NoCountry].Extra["listed"]) < int.Parse(alone[Sources.Sanctions.NoCountry].Extra["listed"]));
        Assert.True(linked.Count > alone.Count);
        output.WriteLine($"unattributed: {alone[Sources.Sanctions.NoCountry].Extra["listed"]} alone, {linked[Sources.Sanctions.NoCountry].Extra["listed"]} with addresses; {linked.Count} countries");
    }

    [Fact]
    public void Parse_OfacConsolidatedCapture_ReadsCrlfRows()
    {
        if (Paths.Capture(output, "sanctions-ofac/cons_prim_first150.csv") is not { } path) return;
        var items = new OfacSource().Parse(File.ReadAllText(path), new Uri(path));
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.StartsWith("OFAC Consolidated", i.Title));
    }

    [Fact]
    public void Parse_UnCapture_CountsIndividualsAndEntitiesPerCountry()
    {
        if (Paths.Capture(output, "sanctions-un/consolidated_2026-02-27_sample.xml") is not { } path) return;
        var items = new UnSanctionsSource().Parse(File.ReadAllText(path));
        var kp = items.Single(i => i.SourceItemId == "KP");
        Assert.True(int.Parse(kp.Extra["listed"]) >= 3);
        Assert.Contains(items, i => i.SourceItemId == "CD");
        output.WriteLine(string.Join("\n", items.Select(i => i.Title)));
    }

    [Fact]
    public void Parse_GdeltCapture_CountsConflictEventsPerCountryAndDay()
    {
        if (Paths.Capture(output, "gdelt/20250807220000.export_17rows.CSV") is not { } path) return;
        var items = new GdeltSource().Parse(File.ReadAllText(path));
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal("2025-08-07", i.Extra["day"]));
        Assert.Equal(17, items.Sum(i => int.Parse(i.Extra["events"])) + 1); // one row has no geo country at all
        output.WriteLine(string.Join("\n", items.Select(i => i.Title)));
    }

    [Fact]
    public void Registry_RecognizesEveryCapture()
    {
        if (Paths.SharedSources() is not { } root) { output.WriteLine("SKIPPED: ../shared/reference/sources is absent"); return; }
        var registry = SourceRegistry.CreateDefault();
        (string File, string Id)[] cases =
        [
            ("us-state-travel-advisories/TAsTWs_2025-10-07.xml", "us-state-dept"),
            ("china-mfa-consular/mfa-country-info_2026-06-16_excl-africa.json", "cn-mfa-destinations"),
            ("australia-smartraveller/destinations-export_snapshot_2026-03.json", "au-smartraveller"),
            ("canada-travel-advisories/index-alpha-eng_2014-10-02.json", "ca-travel"),
            ("uk-fcdo-travel-advice/content-api_haiti_2026-10-07_trimmed.json", "uk-fcdo"),
            ("gdacs/rss_2019-12-30.xml", "gdacs"),
            ("gdacs/gdacs.geojson_2026-05-30_centroids-only.json", "gdacs"),
            ("who-don/diseaseoutbreaknews_2026-08_trimmed-capture.json", "who-don"),
            ("worldbank/WGIData_estimates-only_1996-2022.csv", "worldbank"),
            ("sanctions-ofac/sdn_first400.csv", "ofac"),
            ("sanctions-un/consolidated_2026-02-27_sample.xml", "un-sanctions"),
            ("gdelt/20250807220000.export_17rows.CSV", "gdelt"),
        ];
        foreach (var (file, id) in cases)
            Assert.Equal(id, registry.Recognize(File.ReadAllText(Path.Combine(root, file)))?.Id);
    }
}

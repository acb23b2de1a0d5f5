using RiskWatch.Collectors.Sources;
using RiskWatch.Collectors.Tests.Support;

namespace RiskWatch.Collectors.Tests;

/// <summary>Each built-in source over the project's own fixtures (written in the real formats).</summary>
public sealed class ParserTests
{
    [Fact]
    public void Parse_UsFeed_MapsFipsCountryTagToIso()
    {
        var items = new UsStateDeptSource().Parse(Paths.ReadFixture("us-state-dept.a.xml"));
        Assert.Equal(3, items.Count);
        Assert.Equal(["CN"], items[0].Countries);
        Assert.Equal(["AU"], items[1].Countries);
        Assert.Equal(["AT"], items[2].Countries);
    }

    [Fact]
    public void Parse_UsFeedWithStrayAmpersand_IsReadByTheTolerantFallback()
    {
        var item = new UsStateDeptSource().Parse(Paths.ReadFixture("us-state-dept.a.xml"))[0];
        Assert.Equal("Mainland China, Hong Kong & Macau - See Summaries - Level 2: Exercise Increased Caution", item.Title);
        Assert.Equal("Level 2: Exercise Increased Caution", item.RawLevel);
        Assert.Equal(2, item.Level);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), item.Published);
    }

    [Fact]
    public void Parse_UsFeed_ReadsDoNotTravelAndReconsiderAreasAsRegions()
    {
        var item = new UsStateDeptSource().Parse(Paths.ReadFixture("us-state-dept.a.xml"))[0];
        Assert.Equal(3, item.Regions.Count);
        Assert.Contains(item.Regions, r => r.Region == "The border area with Testland" && r.RawLevel == "Level 4: Do Not Travel" && r.Level == 5);
        Assert.Contains(item.Regions, r => r.Region == "Sample Province" && r.Level == 5);
        Assert.Contains(item.Regions, r => r.Region == "Example City" && r.Level == 4);
        Assert.DoesNotContain("<", item.Text);
        Assert.Contains("arbitrary enforcement", item.Text);
    }

    [Theory]
    [InlineData("<html><body>Service unavailable</body></html>", "not an RSS feed")]
    [InlineData("<html><body><p>Bad gateway<br></body></html>", "not well-formed")]
    [InlineData("{\"error\": 1}", "not XML")]
    [InlineData("", "empty")]
    public void Parse_UsFeedNotRss_ThrowsFormatExceptionWithReason(string content, string reason)
    {
        var ex = Assert.ThrowsAny<Exception>(() => new UsStateDeptSource().Parse(content));
        Assert.IsType<SourceFormatException>(ex);
        Assert.Contains(reason, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_UsFeedTruncated_SaysTruncated()
    {
        var full = Paths.ReadFixture("us-state-dept.a.xml");
        var ex = Assert.Throws<SourceFormatException>(() => new UsStateDeptSource().Parse(full[..(full.Length / 2)]));
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Parse_ChinaDestinations_TakesFirstColourAndListsRegions()
    {
        var items = new ChinaMfaDestinationsSource().Parse(Paths.ReadFixture("cn-mfa-destinations.json"));
        Assert.Equal(3, items.Count);
        var th = items[0];
        Assert.Equal("黄色（中风险）", th.RawLevel);
        Assert.Equal(2, th.Level);
        Assert.Equal(["TH"], th.Countries);
        Assert.Equal(["示例府", "测试府", "其他地区"], th.Regions.Select(r => r.Region));
        Assert.Equal("蓝色", th.Regions.Single(r => r.Region == "其他地区").RawLevel);
        var il = items[1];
        Assert.Equal("红色(极高风险)", il.RawLevel); // ASCII brackets as the page states them
        Assert.Equal(5, il.Level);
        Assert.Contains(il.Regions, r => r.Region == "南部边境地区（含测试区、示例区）" && r.Level == 5);
        Assert.Contains(il.Regions, r => r.Region == "其他地区" && r.RawLevel == "橙色" && r.Level == 4);
        Assert.Equal("蓝色（低风险）", items[2].RawLevel);
        Assert.Empty(items[2].Regions);
    }

    [Fact]
    public void Parse_ChinaDestinationPage_ReadsSectionConA7()
    {
        var source = new ChinaMfaDestinationsSource();
        var html = Paths.ReadFixture("cn-mfa-destination-page.html");
        Assert.True(source.Recognizes(html));
        var item = Assert.Single(source.Parse(html, new Uri("https://cs.mfa.gov.cn/zggmcg/ljmdd/yz_645708/md_000003/")));
        Assert.Equal("红色（极高风险）", item.RawLevel);
        Assert.Equal(["MM"], item.Countries);
        Assert.Equal(["示例省", "测试邦", "其他地区"], item.Regions.Select(r => r.Region));
        Assert.Contains("注意防范抢劫", item.Text);
    }

    [Fact]
    public void Parse_ChinaAlertsRss_TakesVerbLevelAndValidity()
    {
        var items = new ChinaMfaAlertsSource().Parse(Paths.ReadFixture("cn-mfa-alerts.xml"));
        Assert.Equal(2, items.Count);
        Assert.Equal("暂勿前往", items[0].RawLevel);
        Assert.Equal(5, items[0].Level);
        Assert.Equal(["HT"], items[0].Countries);
        Assert.Equal("2027-05-02", items[0].Extra["validUntil"]);
        Assert.Equal("注意安全", items[1].RawLevel);
        Assert.Equal(2, items[1].Level);
        Assert.Equal(["TH"], items[1].Countries);
    }

    [Fact]
    public void Parse_ChinaAlertsListPage_GivesLinkedAlertsWithDates()
    {
        var items = new ChinaMfaAlertsSource().Parse(Paths.ReadFixture("cn-mfa-alerts-list.html"), new Uri("https://cs.mfa.gov.cn/gyls/lsgz/lsyj/"));
        Assert.Equal(2, items.Count);
        Assert.Equal("https://cs.mfa.gov.cn/gyls/lsgz/lsyj/202611/t20261105_00000003.shtml", items[0].Url);
        Assert.Equal("谨慎前往", items[0].RawLevel);
        Assert.Equal(4, items[0].Level);
        Assert.Equal(new DateTimeOffset(2026, 11, 5, 0, 0, 0, TimeSpan.Zero), items[0].Published);
        Assert.Equal(["FR"], items[1].Countries);
    }

    [Fact]
    public void Parse_Australia_MapsFourLevelsAndNoAdvice()
    {
        var items = new AustraliaSmartravellerSource().Parse(Paths.ReadFixture("au-smartraveller.json"));
        Assert.Equal([5, 1, 2, null], items.Select(i => i.Level));
        Assert.Equal("Do not travel", items[0].RawLevel);
        Assert.Equal(["JP"], items[1].Countries);
        Assert.Equal("https://www.smartraveller.gov.au/destinations/asia/japan", items[1].Url);
        Assert.DoesNotContain("&**", items[0].Text);
    }

    [Fact]
    public void Parse_CanadaIndex_RawLevelIsTheAdvisoryStateDigit()
    {
        var items = new CanadaTravelSource().Parse(Paths.ReadFixture("ca-travel-index.json"));
        Assert.Equal(["1", "1", "3"], items.Select(i => i.RawLevel));
        Assert.Equal([2, 2, 5], items.Select(i => i.Level));
        Assert.Equal(["SY"], items[2].Countries);
    }

    [Fact]
    public void Parse_CanadaCountryFile_ReadsRegionalAdvisories()
    {
        var item = Assert.Single(new CanadaTravelSource().Parse(Paths.ReadFixture("cta-cap-PE.json")));
        Assert.Equal(["PE"], item.Countries);
        Assert.Equal(2, item.Regions.Count);
        Assert.Contains(item.Regions, r => r.Region == "VRAEM" && r.Level == 4);
        Assert.Contains(item.Regions, r => r.Region == "Border with Colombia" && r.Level == 5);
    }

    [Fact]
    public void Parse_UkCountry_FoldsAlertStatusesAndListsAreas()
    {
        var item = Assert.Single(new UkFcdoSource().Parse(Paths.ReadFixture("uk-fcdo-country.json")));
        Assert.Equal("avoid_all_travel_to_parts, avoid_all_but_essential_travel_to_parts", item.RawLevel);
        Assert.Equal(4, item.Level);
        Assert.Equal(["PE"], item.Countries);
        Assert.Contains(item.Regions, r => r.Region == "the VRAEM" && r.Level == 4);
        Assert.Contains(item.Regions, r => r.Region == "the border with Colombia" && r.Level == 3);
        var france = Assert.Single(new UkFcdoSource().Parse(Paths.ReadFixture("uk-fcdo-france.json")));
        Assert.Equal(1, france.Level);
    }

    [Fact]
    public void Parse_GermanyAa_NamesSetFlagsAndMapsLevel()
    {
        var items = new GermanyAaSource().Parse(Paths.ReadFixture("de-aa.json"));
        Assert.Equal(2, items.Count);
        Assert.Equal("warning", items[0].RawLevel);
        Assert.Equal(5, items[0].Level);
        Assert.Equal(["AF"], items[0].Countries);
        Assert.Equal("situationPartWarning", items[1].RawLevel);
        Assert.Equal(3, items[1].Level);
        // Seconds and milliseconds epochs both give the same day.
        Assert.Equal(items[0].Published, items[1].Published);
        Assert.Contains("Terrorismus", items[1].Text);
    }

    [Fact]
    public void Parse_GermanyAaEmptyObject_IsAnErrorNotNoWarnings()
    {
        var ex = Assert.Throws<SourceFormatException>(() => new GermanyAaSource().Parse("{}"));
        Assert.Contains("empty JSON object", ex.Message);
    }

    [Fact]
    public void Parse_GdacsRss_ReadsColourScoreAndCountries()
    {
        var items = new GdacsSource().Parse(Paths.ReadFixture("gdacs.xml"));
        Assert.Equal(2, items.Count);
        Assert.Equal(("Red", 5), (items[0].RawLevel, items[0].Level));
        Assert.Equal(["PH"], items[0].Countries);
        Assert.Equal("1200000", items[0].Extra["population"]);
        Assert.Equal(("Orange", 3), (items[1].RawLevel, items[1].Level));
        Assert.Equal(["BD", "IN"], items[1].Countries);
        Assert.Equal("EQ1500001", items[0].SourceItemId);
    }

    [Fact]
    public void Parse_GdacsGeoJson_KeepsOneFeaturePerEvent()
    {
        var items = new GdacsSource().Parse(Paths.ReadFixture("gdacs.geojson"));
        Assert.Equal(2, items.Count);
        Assert.Equal(["JP"], items[0].Countries);
        Assert.Empty(items[1].Countries);
        Assert.Equal(1, items[1].Level);
    }

    [Fact]
    public void Parse_WhoDon_ReadsNationalRiskAndPlace()
    {
        var items = new WhoDonSource().Parse(Paths.ReadFixture("who-don.json"));
        Assert.Equal("national risk very high", items[0].RawLevel);
        Assert.Equal(5, items[0].Level);
        Assert.Equal(["YE"], items[0].Countries);
        Assert.Equal("https://www.who.int/emergencies/disease-outbreak-news/item/2026-DON700", items[0].Url);
        Assert.Null(items[1].Level);
        Assert.Contains("KH", items[1].Countries);
    }

    [Fact]
    public void Parse_WorldBankApiJson_KeepsLatestValuePerCountryAndDropsAggregates()
    {
        var items = new WorldBankSource().Parse(Paths.ReadFixture("worldbank-api.json"));
        Assert.Equal(["FR", "SY"], items.Select(i => i.SourceItemId));
        Assert.Equal("0.31", items[0].Extra["GOV_WGI_PV.EST"]);
        Assert.Equal("2025", items[0].Extra["GOV_WGI_PV.EST:year"]);
    }

    [Fact]
    public void Parse_WorldBankBulkCsv_HandlesQuotedCommasAndMissingYears()
    {
        var items = new WorldBankSource().Parse(Paths.ReadFixture("worldbank-wgi.csv"));
        Assert.Equal(["BS", "FR"], items.Select(i => i.SourceItemId));
        var fr = items[1];
        Assert.Equal("1.25", fr.Extra["RL.EST"]);
        Assert.Equal(("1.2", "2021"), (fr.Extra["CC.EST"], fr.Extra["CC.EST:year"]));
    }

    [Fact]
    public void Parse_OfacSdn_CountsPerCountryFromProgramsFlagsAndRemarks()
    {
        var items = new OfacSource().Parse(Paths.ReadFixture("ofac-sdn.csv"));
        var byId = items.ToDictionary(i => i.SourceItemId);
        Assert.Equal("OFAC SDN: 2 listed persons/entities linked to Cuba", byId["CU"].Title);
        Assert.Equal("1", byId["IR"].Extra["listed"]);
        Assert.Equal("1", byId["IQ"].Extra["individuals"]);
        Assert.Equal("1", byId["KP"].Extra["vessels"]);
        Assert.Equal("1", byId[Sources.Sanctions.NoCountry].Extra["listed"]);
        Assert.Empty(byId[Sources.Sanctions.NoCountry].Countries);
    }

    [Fact]
    public void Parse_UnList_CountsRegimeNationalityAndAddressCountries()
    {
        var items = new UnSanctionsSource().Parse(Paths.ReadFixture("un-consolidated.xml"));
        var byId = items.ToDictionary(i => i.SourceItemId);
        Assert.Equal("2", byId["KP"].Extra["listed"]);
        Assert.Equal("1", byId["KP"].Extra["entities"]);
        Assert.Equal("1", byId["CN"].Extra["listed"]);
        Assert.Equal("1", byId["IQ"].Extra["listed"]);
        Assert.Contains("linked to", byId["KP"].Title);
    }

    [Fact]
    public void Parse_Gdelt_CountsConflictEventsAndMeanGoldsteinPerCountryDay()
    {
        var items = new GdeltSource().Parse(Paths.ReadFixture("gdelt.export.CSV"));
        var byId = items.ToDictionary(i => i.SourceItemId);
        Assert.Equal(2, byId.Count);
        var ua = byId["UA:20261102"];
        Assert.Equal(("2", "1", "-4.5"), (ua.Extra["events"], ua.Extra["conflictEvents"], ua.Extra["meanGoldstein"]));
        Assert.Equal("1", byId["SY:20261102"].Extra["conflictEvents"]);
    }

    [Fact]
    public void Parse_GdeltWithWrongColumnCount_SaysSo()
    {
        var ex = Assert.Throws<SourceFormatException>(() => new GdeltSource().Parse("1\t2\t3\n"));
        Assert.Contains("61", ex.Message);
    }

    [Fact]
    public void Registry_RecognizesEveryFixtureAsItsSource()
    {
        var registry = SourceRegistry.CreateDefault();
        (string File, string Id)[] cases =
        [
            ("us-state-dept.a.xml", "us-state-dept"), ("cn-mfa-destinations.json", "cn-mfa-destinations"), ("cn-mfa-destination-page.html", "cn-mfa-destinations"),
            ("cn-mfa-alerts.xml", "cn-mfa-alerts"), ("cn-mfa-alerts-list.html", "cn-mfa-alerts"), ("au-smartraveller.json", "au-smartraveller"),
            ("ca-travel-index.json", "ca-travel"), ("cta-cap-PE.json", "ca-travel"), ("uk-fcdo-country.json", "uk-fcdo"), ("uk-fcdo-index.json", "uk-fcdo"),
            ("de-aa.json", "de-aa"), ("gdacs.xml", "gdacs"), ("gdacs.geojson", "gdacs"), ("who-don.json", "who-don"), ("worldbank-api.json", "worldbank"),
            ("worldbank-wgi.csv", "worldbank"), ("ofac-sdn.csv", "ofac"), ("un-consolidated.xml", "un-sanctions"), ("gdelt.export.CSV", "gdelt"),
        ];
        foreach (var (file, id) in cases) Assert.Equal((file, id), (file, registry.Recognize(Paths.ReadFixture(file))?.Id));
        Assert.Null(registry.Recognize("hello"));
    }
}

using RiskWatch.Collectors.Generic;
using RiskWatch.Collectors.Sources;
using RiskWatch.Collectors.Tests.Support;

namespace RiskWatch.Collectors.Tests;

/// <summary>Sources that fetch more than one document (index then details, list then articles), over a loopback server.</summary>
public sealed class CollectTests : IAsyncLifetime
{
    private readonly LoopbackServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IFetcher Fetcher() => Some.Fetchers().Create(Some.Loopback());

    [Fact]
    public async Task Collect_UkIndex_FetchesEachCountryDocument()
    {
        _server.MapFixture("api/content/foreign-travel-advice", "uk-fcdo-index.json", "application/json");
        _server.MapFixture("api/content/foreign-travel-advice/peru", "uk-fcdo-peru.json", "application/json");
        _server.MapFixture("api/content/foreign-travel-advice/france", "uk-fcdo-france.json", "application/json");
        var items = await new UkFcdoSource(_server.Url("api/content/foreign-travel-advice")).CollectAsync(Fetcher(), CancellationToken.None);
        Assert.Equal(["PE", "FR"], items.SelectMany(i => i.Countries));
        Assert.Equal([4, 1], items.Select(i => i.Level ?? 0));
    }

    [Fact]
    public async Task Collect_UkIndexWithOneCountryMissing_KeepsTheOthers()
    {
        _server.MapFixture("api/content/foreign-travel-advice", "uk-fcdo-index.json", "application/json");
        _server.MapFixture("api/content/foreign-travel-advice/france", "uk-fcdo-france.json", "application/json");
        var items = await new UkFcdoSource(_server.Url("api/content/foreign-travel-advice")).CollectAsync(Fetcher(), CancellationToken.None);
        Assert.Equal(["FR"], items.SelectMany(i => i.Countries));
    }

    [Fact]
    public async Task Collect_CanadaIndex_ReadsTheCountryFileWhereRegionalAdvisoriesExist()
    {
        _server.MapFixture("travel-voyage/index-alpha-eng.json", "ca-travel-index.json", "application/json");
        _server.MapFixture("travel-voyage/cta-cap-PE.json", "cta-cap-PE.json", "application/json");
        var items = await new CanadaTravelSource(_server.Url("travel-voyage/index-alpha-eng.json")).CollectAsync(Fetcher(), CancellationToken.None);
        Assert.Equal(3, items.Count);
        Assert.Equal(2, items.Single(i => i.SourceItemId == "PE").Regions.Count);
        Assert.Equal(1, _server.Count("travel-voyage/cta-cap-PE.json"));
        Assert.Equal(0, _server.Count("travel-voyage/cta-cap-FR.json"));
    }

    [Fact]
    public async Task Collect_ChinaAlertsListPage_FollowsArticlesForTextAndValidity()
    {
        _server.MapFixture("gyls/lsgz/lsyj/", "cn-mfa-alerts-list.html", "text/html; charset=utf-8");
        _server.MapFixture("gyls/lsgz/lsyj/202611/t20261105_00000003.shtml", "cn-mfa-alert-article.html", "text/html; charset=utf-8");
        // The second article is missing (404): its list entry must stay.
        var items = await new ChinaMfaAlertsSource(_server.Url("gyls/lsgz/lsyj/")).CollectAsync(Fetcher(), CancellationToken.None);
        Assert.Equal(2, items.Count);
        Assert.Equal("2027-02-05", items[0].Extra["validUntil"]);
        Assert.Contains("冲突加剧", items[0].Text);
        Assert.Equal(["MM"], items[0].Countries);
    }

    [Fact]
    public async Task Collect_ChinaDestinations_CrawlsIndexContinentsAndCountryPages()
    {
        _server.MapText("zggmcg/ljmdd/", "<html><body><a href=\"yz_645708/\">亚洲</a><a href=\"/elsewhere/\">x</a></body></html>", "text/html; charset=utf-8");
        _server.MapText("zggmcg/ljmdd/yz_645708/", "<html><body><a href=\"md_000003/\">缅甸</a><a href=\"../oz_1/\">欧洲</a></body></html>", "text/html; charset=utf-8");
        _server.MapFixture("zggmcg/ljmdd/yz_645708/md_000003/", "cn-mfa-destination-page.html", "text/html; charset=utf-8");
        var items = await new ChinaMfaDestinationsSource(_server.Url("zggmcg/ljmdd/")).CollectAsync(Fetcher(), CancellationToken.None);
        var item = Assert.Single(items);
        Assert.Equal(["MM"], item.Countries);
        Assert.Equal(_server.Url("zggmcg/ljmdd/yz_645708/md_000003/").ToString(), item.Url);
    }

    [Fact]
    public async Task Collect_ConfiguredJsonSource_ReadsFieldPaths()
    {
        _server.MapText("api/news", """
            {"data": {"items": [
              {"headline": "Port strike in Chittagong", "link": "https://example.org/n/1", "published": "2026-11-02T08:00:00Z",
               "body": "<p>Container traffic halted.</p>", "geo": {"countries": ["BGD"]}, "severity": "Orange"},
              {"headline": "No title country", "link": "https://example.org/n/2", "body": "Flooding reported in Viet Nam."}
            ]}}
            """, "application/json");
        var source = new ConfiguredSource("analyst-json", new SourceOptions
        {
            Kind = "json", Url = _server.Url("api/news").ToString(), Item = "data.items", Title = "headline", Link = "link", Date = "published",
            Body = "body", Country = "geo.countries", Level = "severity",
        });
        var items = await source.CollectAsync(Fetcher(), CancellationToken.None);
        Assert.Equal(2, items.Count);
        Assert.Equal(["BD"], items[0].Countries);
        Assert.Equal(("Orange", 3, "Container traffic halted."), (items[0].RawLevel, items[0].Level ?? 0, items[0].Text));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero), items[0].Published);
        Assert.Equal(["VN"], items[1].Countries);
    }

    [Fact]
    public async Task Collect_ConfiguredHtmlSource_UsesSelectorsAndFollowsLinks()
    {
        _server.MapText("news/", """
            <html><body><ul class="news">
              <li><a href="a1.html">提醒在泰中国公民注意安全</a><span class="date">2026-11-02</span></li>
              <li><a href="a2.html">Embassy notice: Nepal roads closed</a><span class="date">2026-11-01</span></li>
            </ul></body></html>
            """, "text/html; charset=utf-8");
        _server.MapText("news/a1.html", "<html><body><div id=\"main\"><p>泰国曼谷将举行集会。</p></div></body></html>", "text/html; charset=utf-8");
        _server.MapText("news/a2.html", "<html><body><div id=\"main\"><p>Landslides closed roads near Pokhara, Nepal.</p></div></body></html>", "text/html; charset=utf-8");
        var options = new SourceOptions
        {
            Kind = "html", Url = _server.Url("news/").ToString(), Item = "ul.news li", Title = "a", Date = ".date", FollowLinks = true, ArticleBody = "#main",
        };
        options.LevelMap["注意安全"] = 2;
        var items = await new ConfiguredSource("embassy", options).CollectAsync(Fetcher(), CancellationToken.None);
        Assert.Equal(2, items.Count);
        Assert.Equal(_server.Url("news/a1.html").ToString(), items[0].Url);
        Assert.Equal(("注意安全", 2), (items[0].RawLevel, items[0].Level ?? 0));
        Assert.Equal("泰国曼谷将举行集会。", items[0].Text);
        Assert.Equal(["TH"], items[0].Countries);
        Assert.Equal(["NP"], items[1].Countries);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), items[1].Published);
    }

    [Fact]
    public async Task Collect_Gb2312Rss_IsDecodedFromItsXmlDeclaration()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var xml = File.ReadAllText(Paths.Fixture("cn-mfa-alerts.xml")).Replace("encoding=\"UTF-8\"", "encoding=\"gb2312\"");
        _server.MapBytes("lsyj/rss.xml", System.Text.Encoding.GetEncoding("GB18030").GetBytes(xml), "application/xml");
        var items = await new ChinaMfaAlertsSource(_server.Url("lsyj/rss.xml")).CollectAsync(Fetcher(), CancellationToken.None);
        Assert.Equal("提醒中国公民近期暂勿前往海地", items[0].Title);
        Assert.Equal("2027-05-02", items[0].Extra["validUntil"]);
    }

    [Fact]
    public async Task Collect_OfacList_AlsoReadsTheAddressFile()
    {
        _server.MapFixture("exports/SDN.CSV", "ofac-sdn.csv", "text/csv");
        _server.MapFixture("exports/ADD.CSV", "ofac-add.csv", "text/csv");
        var items = await new OfacSource(_server.Url("exports/SDN.CSV")).CollectAsync(Fetcher(), CancellationToken.None);
        Assert.Contains(items, i => i.SourceItemId == "VE" && i.Extra["listed"] == "1");
        Assert.DoesNotContain(items, i => i.SourceItemId == Sanctions.NoCountry);
    }

    [Fact]
    public async Task Collect_GermanyAaEmptyObjectWith200_FailsWithReason()
    {
        _server.MapText("opendata/travelwarning", "{}", "text/json;charset=UTF-8");
        var ex = await Assert.ThrowsAsync<SourceFormatException>(() => new GermanyAaSource(_server.Url("opendata/travelwarning")).CollectAsync(Fetcher(), CancellationToken.None));
        Assert.Contains("{}", ex.Message);
    }

    [Fact]
    public async Task Collect_GdeltLastUpdate_FetchesAndUnzipsTheExport()
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = archive.CreateEntry("20261102120000.export.CSV");
            await using var s = entry.Open();
            await s.WriteAsync(await File.ReadAllBytesAsync(Paths.Fixture("gdelt.export.CSV")));
        }
        _server.MapBytes("gdeltv2/20261102120000.export.CSV.zip", zip.ToArray(), "application/zip");
        _server.MapText("gdeltv2/lastupdate.txt", $"12345 abcdef {_server.Url("gdeltv2/20261102120000.export.CSV.zip")}\n999 ff {_server.Url("gdeltv2/x.mentions.CSV.zip")}\n", "text/plain");
        var source = new GdeltSource(_server.Url("gdeltv2/lastupdate.txt"));
        var items = await source.CollectAsync(Fetcher(), CancellationToken.None);
        Assert.Equal(2, items.Count);
        Assert.Equal("2", items.Single(i => i.SourceItemId == "UA:20261102").Extra["events"]);

        // The next 15-minute file adds to the same day; the same file is never counted twice.
        Assert.Empty(await source.CollectAsync(Fetcher(), CancellationToken.None));
        _server.MapBytes("gdeltv2/20261102121500.export.CSV.zip", zip.ToArray(), "application/zip");
        _server.MapText("gdeltv2/lastupdate.txt", $"12345 abcdef {_server.Url("gdeltv2/20261102121500.export.CSV.zip")}\n", "text/plain");
        items = await source.CollectAsync(Fetcher(), CancellationToken.None);
        Assert.Equal(("4", "2"), (items.Single(i => i.SourceItemId == "UA:20261102").Extra["events"], items.Single(i => i.SourceItemId == "UA:20261102").Extra["conflictEvents"]));
    }
}

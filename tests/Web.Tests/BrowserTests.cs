using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RiskWatch.Core;
using RiskWatch.Web.Hosting;
using RiskWatch.Web.Tests.Support;

namespace RiskWatch.Web.Tests;

/// <summary>What people do in the browser, in Debian's Chromium.</summary>
public sealed class BrowserTests
{
    private static CollectedItem Item(string id, string title, string text, string country, int level) => new()
    {
        Source = "us-state-dept", SourceItemId = id, Title = title, Text = text, Countries = [country], RawLevel = $"Level {level}", Level = level,
        Url = "https://travel.state.gov/" + id, Published = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero),
    };

    /// <summary>Fills and submits the sign-in form the page is on.</summary>
    private static async Task SeedAsync(RiskWatchApp app, params CollectedItem[] items) =>
        await app.Services.GetRequiredService<IngestPipeline>().IngestAsync(items, default);

    [Fact]
    public async Task Search_NarrowedByCountryFacet_ShowsOnlyThatCountry()
    {
        await using var browser = await Browser.LaunchAsync();
        if (browser is null) return;
        await using var app = new RiskWatchApp();
        var url = Browser.Serve(app);
        await SeedAsync(app,
            Item("th", "Thailand - Level 2: Exercise Increased Caution", "Demonstrations in Bangkok blocked roads.", "TH", 2),
            Item("ke", "Kenya - Level 3: Reconsider Travel", "Protests turned violent in Nairobi.", "KE", 4),
            Item("mm", "Burma - Level 4: Do Not Travel", "Armed conflict continues.", "MM", 5));

        var page = await browser.NewPageAsync();
        await page.GotoAsync(url + "/search?q=");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(3, await page.Locator("article.hit").CountAsync());
        await page.Locator("ul[data-facet=country] a[data-key=TH]").ClickAsync();
        await page.WaitForURLAsync("**country=TH**");
        var hits = page.Locator("article.hit");
        Assert.Equal(1, await hits.CountAsync());
        Assert.Contains("Thailand", await hits.First.InnerTextAsync());

        // The country page draws the score's trend from the daily snapshots the scoring listener recorded.
        await page.GotoAsync(url + "/countries/KE");
        Assert.Contains("肯尼亚", await page.Locator("h1").InnerTextAsync());
        await page.Locator("#trend-chart[data-ready]").WaitForAsync();
        Assert.NotNull(await page.Locator("#trend-chart canvas").ElementHandleAsync());
    }

    [Fact]
    public async Task ItemWithScriptTag_IsShownAsText_AndNothingRuns()
    {
        await using var browser = await Browser.LaunchAsync();
        if (browser is null) return;
        await using var app = new RiskWatchApp();
        var url = Browser.Serve(app);
        await SeedAsync(app, Item("xss", "泰国 <script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">",
            "曼谷示威 <script>window.__pwned = 3</script>", "TH", 2));

        var page = await browser.NewPageAsync();
        foreach (var path in new[] { "/search?q=泰国", "/search?q=", "/", "/countries/TH" })
        {
            await page.GotoAsync(url + path);
            Assert.Equal("undefined", await page.EvaluateAsync<string>("typeof window.__pwned"));
        }
        await page.GotoAsync(url + "/search?q=");
        Assert.Contains("<script>", await page.Locator("article.hit").First.InnerTextAsync());
    }

    [Fact]
    public async Task Subscriber_SubscribesAndConfirmsThroughTheEmailedLink()
    {
        await using var browser = await Browser.LaunchAsync();
        if (browser is null) return;
        await using var smtp = new SmtpSink();
        await using var app = new RiskWatchApp(new()
        {
            ["RiskWatch:Alerts:Smtp:Host"] = "127.0.0.1",
            ["RiskWatch:Alerts:Smtp:Port"] = smtp.Port.ToString(),
        });
        var url = Browser.Serve(app);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(url + "/subscribe");
        await page.FillAsync("#email", "browser@example.test");
        await page.FillAsync("#org", "示例矿业有限公司");
        await page.FillAsync("#countries", "泰国, Kenya");
        await page.SelectOptionAsync("#minLevel", "3");
        await page.ClickAsync("#subscribe button[type=submit]");
        await page.Locator("#accepted").WaitForAsync();

        var mail = await smtp.WaitForAsync(m => m.To.ToString().Contains("browser@example.test"), TimeSpan.FromSeconds(30));
        var link = EndToEndTests.Links(mail).First(l => l.Contains("/subscriptions/confirm"));
        await page.GotoAsync(url + new Uri(link).PathAndQuery);
        await page.Locator("#confirmed").WaitForAsync();
    }

    [Fact]
    public async Task Analyst_SignsIn_WritesAndPublishesAnAdvisory()
    {
        await using var browser = await Browser.LaunchAsync();
        if (browser is null) return;
        await using var app = new RiskWatchApp();
        var url = Browser.Serve(app);
        var (ok, message) = await AccountVerbs.EnsureUserAsync(app.Services, "analyst@example.test", "correct-horse-battery", Roles.Analyst);
        Assert.True(ok, message);

        var page = await browser.NewPageAsync();
        await page.GotoAsync(url + "/advisories/edit");
        Assert.Contains("/login", page.Url);
        await Browser.SignInAsync(page, "analyst@example.test", "correct-horse-battery");
        await page.WaitForURLAsync("**/advisories/edit**");

        await page.FillAsync("#title", "关于泰国南部安全形势的预警提示");
        await page.FillAsync("#countries", "TH");
        await page.FillAsync("#body", "近期泰国南部边境三府**安全形势严峻**，请在泰企业加强防范。");
        await page.ClickAsync("#save");
        await page.Locator("#saved").WaitForAsync();
        await page.ClickAsync("#publish");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/advisories/\\d+$"));
        Assert.Contains("关于泰国南部安全形势的预警提示", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("安全形势严峻", await page.Locator(".body strong").InnerTextAsync());
    }
}

public sealed class ReportBrowserTests
{
    [Fact]
    public async Task BriefingOfficer_DownloadsAPdfBriefing()
    {
        await using var browser = await Browser.LaunchAsync();
        if (browser is null) return;
        await using var app = new RiskWatchApp();
        var url = Browser.Serve(app);
        await app.Services.GetRequiredService<IngestPipeline>().IngestAsync([new CollectedItem
        {
            Source = "us-state-dept", SourceItemId = "ke", Title = "Kenya - Level 3: Reconsider Travel", Text = "Protests turned violent in Nairobi.",
            Countries = ["KE"], RawLevel = "Level 3: Reconsider Travel", Level = 4, Published = DateTimeOffset.UtcNow.AddDays(-1),
        }], default);
        var page = await browser.SignedInPageAsync(app, url, "officer@example.test", Roles.BriefingOfficer, "/reports");
        await page.FillAsync("#countries", "KE");
        await page.SelectOptionAsync("#format", "pdf");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export"));
        var path = await download.PathAsync();
        var head = new byte[4];
        await using (var f = File.OpenRead(path)) await f.ReadExactlyAsync(head);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(head));
        Assert.EndsWith(".pdf", download.SuggestedFilename);
    }
}

using Microsoft.Extensions.DependencyInjection;
using RiskWatch.Core;
using RiskWatch.Scoring;
using RiskWatch.Web.Hosting;
using RiskWatch.Web.Tests.Support;

namespace RiskWatch.Web.Tests;

/// <summary>The search page's correction form in Debian's Chromium: Chinese by default, anti-forgery, back to the same results.</summary>
public sealed class CorrectionBrowserTests
{
    [Fact]
    public async Task Analyst_CorrectsAHitsCategoryAndLevel_OnTheSearchPage()
    {
        await using var browser = await Browser.LaunchAsync();
        if (browser is null) return;
        await using var app = new RiskWatchApp();
        var url = Browser.Serve(app);
        var news = new CollectedItem
        {
            Source = "cn-embassy-ne", SourceItemId = "n1", Title = "尼日尔首都尼亚美爆发大规模抗议", Countries = ["NE"], Language = "zh",
            Text = "数千人在尼亚美街头集会抗议，警方发射催泪瓦斯，部分道路封闭。", Published = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero),
        };
        await app.Services.GetRequiredService<IngestPipeline>().IngestAsync([news], default);
        var page = await browser.SignedInPageAsync(app, url, "analyst@example.test", Roles.Analyst, "/search");
        await page.GotoAsync(url + "/search?q=" + Uri.EscapeDataString("尼亚美"));

        var hit = page.Locator($"article.hit[data-id='{news.Id}']");
        await hit.Locator("details.label-form summary").ClickAsync();
        Assert.Contains("修正类别/等级", await hit.Locator("details.label-form summary").InnerTextAsync());
        await hit.Locator("select[name=category]").SelectOptionAsync("unrest");
        await hit.Locator("select[name=severity]").SelectOptionAsync("3");
        await hit.Locator("input[name=note]").FillAsync("集会，非恐袭");
        await hit.Locator("details.label-form button[type=submit]").ClickAsync();

        hit = page.Locator($"article.hit[data-id='{news.Id}']");
        await hit.Locator(".label-result").WaitForAsync();
        Assert.Contains("修正已保存", await hit.Locator(".label-result").InnerTextAsync());
        Assert.Contains("q=", page.Url); // back on the same results
        Assert.Contains("社会动荡", await hit.InnerTextAsync());
        Assert.Contains("已由研判人员修正", await hit.InnerTextAsync());
        Assert.Equal("unrest", await hit.Locator("select[name=category]").InputValueAsync());

        var stored = await app.Services.GetRequiredService<LabelCorrectionService>().GetAsync(news.Id, default);
        Assert.Equal(("unrest", 3, "集会，非恐袭", "analyst@example.test"), (stored!.Category, stored.Severity!.Value, stored.Note, stored.Analyst));
    }
}

using RiskWatch.Web.Hosting;
using RiskWatch.Web.Tests.Support;

namespace RiskWatch.Web.Tests;

/// <summary>The sources and weekly-briefing forms in Debian's Chromium: anti-forgery, form errors, Chinese by default.</summary>
public sealed class AdminBrowserTests
{
    [Fact]
    public async Task Admin_DisablesASource_AndAddsOneAfterFixingABadUrl()
    {
        await using var browser = await Browser.LaunchAsync();
        if (browser is null) return;
        await using var app = new RiskWatchApp(new()
        {
            ["RiskWatch:Sources:us-state-dept:Enabled"] = "true",
            ["RiskWatch:Sources:us-state-dept:Cron"] = "0 0 0 1 1 ? 2099",
        });
        var url = Browser.Serve(app);
        var page = await browser.SignedInPageAsync(app, url, "admin@example.test", Roles.Admin, "/sources");
        Assert.Contains("优先于配置", await page.Locator("#override-note").InnerTextAsync());

        var row = page.Locator("tr[data-source='us-state-dept']");
        Assert.Equal("true", await row.GetAttributeAsync("data-enabled"));
        await row.Locator("button.switch").ClickAsync();
        await page.Locator("#change-result").WaitForAsync();
        row = page.Locator("tr[data-source='us-state-dept']");
        Assert.Equal("false", await row.GetAttributeAsync("data-enabled"));
        Assert.Contains("未启用", await row.Locator("td.state").InnerTextAsync());
        Assert.Contains("管理员", await row.InnerTextAsync());

        await page.FillAsync("#src-id", "embassy-th");
        await page.FillAsync("#src-name", "驻泰国使馆");
        await page.FillAsync("#src-url", "ftp://th.example.org/rss.xml");
        await page.FillAsync("#src-countries", "泰国");
        await page.ClickAsync("#add");
        var errors = page.Locator("#add-errors [data-field=url]");
        await errors.WaitForAsync();
        Assert.Contains("http", await errors.InnerTextAsync());
        Assert.Equal("embassy-th", await page.InputValueAsync("#src-id"));
        Assert.Equal("泰国", await page.InputValueAsync("#src-countries"));

        await page.FillAsync("#src-url", "https://th.example.org/rss.xml");
        await page.ClickAsync("#add");
        await page.Locator("#change-result").WaitForAsync();
        var added = page.Locator("tr[data-source='embassy-th']");
        Assert.Equal("true", await added.GetAttributeAsync("data-enabled"));
        await added.Locator("button.remove").ClickAsync();
        await page.Locator("#change-result").WaitForAsync();
        Assert.Equal(0, await page.Locator("tr[data-source='embassy-th']").CountAsync());
    }

    [Fact]
    public async Task BriefingOfficer_SavesRecipients_AndSendsTheWeeklyBriefingNow()
    {
        await using var browser = await Browser.LaunchAsync();
        if (browser is null) return;
        await using var smtp = new SmtpSink();
        await using var app = new RiskWatchApp(new()
        {
            ["RiskWatch:Alerts:Smtp:Host"] = "127.0.0.1",
            ["RiskWatch:Alerts:Smtp:Port"] = smtp.Port.ToString(),
            ["RiskWatch:Reports:WeeklyBriefing:Format"] = "Docx",
            ["RiskWatch:Reports:WeeklyBriefing:Countries:0"] = "TH",
        });
        var url = Browser.Serve(app);
        var page = await browser.SignedInPageAsync(app, url, "officer@example.test", Roles.BriefingOfficer, "/reports");
        Assert.Contains("未启用", await page.Locator("#weekly-schedule").InnerTextAsync());
        await page.FillAsync("#recipients", "leader@example.test\nnot-an-address");
        await page.ClickAsync("#save-recipients");
        await page.Locator("#recipients-errors").WaitForAsync();
        Assert.Contains("leader@example.test", await page.InputValueAsync("#recipients"));
        await page.FillAsync("#recipients", "leader@example.test");
        await page.ClickAsync("#save-recipients");
        await page.Locator("#recipients-saved").WaitForAsync();
        await page.ClickAsync("#send-now");
        Assert.Contains("已排队 1 封", await page.Locator("#weekly-sent").InnerTextAsync());
        var mail = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "leader@example.test"), TimeSpan.FromSeconds(60));
        Assert.Contains("泰国", mail.Subject);
    }
}

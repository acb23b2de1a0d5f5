using Microsoft.EntityFrameworkCore;
using RiskWatch.Alerts.Tests.Support;
using RiskWatch.Core;

namespace RiskWatch.Alerts.Tests;

public sealed class AlertListenerTests
{
    [Fact]
    public async Task Ingest_MatchesCountryLevelCategoryAndKeywords_PerSubscriber()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var all = Some.Request(countries: []);
        var afHigh = Some.Request(countries: ["AF"], minLevel: 4);
        var health = Some.Request(categories: ["health"]);
        var kabul = Some.Request(countries: ["AF"], keywords: ["kabul"]);
        foreach (var r in new[] { all, afHigh, health, kabul }) await h.SubscribeConfirmedAsync(r);

        await h.IngestAsync(Some.Item("AF", 3, RiskCategory.Crime, "Robbery in Herat"));
        await h.IngestAsync(Some.Item("IQ", 5, RiskCategory.Health, "Cholera outbreak"));
        await h.IngestAsync(Some.Item("AF", 5, RiskCategory.ArmedConflict, "Fighting", text: "Clashes near Kabul"));

        async Task<int> Alerts(SubscribeRequest r) => (await h.OutboxAsync("alert", r.Email)).Count;
        Assert.Equal(2, await Alerts(all)); // AF twice hits the re-alert limit: the second AF waits for the digest
        Assert.Equal(1, await Alerts(afHigh));
        Assert.Equal(1, await Alerts(health));
        Assert.Equal(1, await Alerts(kabul));
        await using var db = h.Db();
        Assert.Equal(1, await db.DigestEntries.CountAsync());
    }

    [Fact]
    public async Task Ingest_SameItemTwice_OneAlert_ChangedContent_IsANewEvent()
    {
        await using var h = await AlertsHarness.CreateAsync(extra: new() { ["RiskWatch:Alerts:RealertInterval"] = "00:00:00" });
        var req = Some.Request(countries: ["AF"]);
        await h.SubscribeConfirmedAsync(req);
        var item = Some.Item("AF", 4);
        await h.IngestAsync(item);
        await h.IngestUpdatedAsync(item);
        Assert.Single(await h.OutboxAsync("alert", req.Email));
        await h.IngestUpdatedAsync(item with { Title = item.Title + " (updated)", ContentHash = "changed" });
        Assert.Equal(2, (await h.OutboxAsync("alert", req.Email)).Count);
    }

    [Fact]
    public async Task Ingest_NearDuplicatesFromSeveralPublishers_AreOneEntryListingAllSources()
    {
        await using var h = await AlertsHarness.CreateAsync(extra: new() { ["RiskWatch:Alerts:RealertInterval"] = "00:00:00" });
        var req = Some.Request(countries: ["SD"]);
        await h.SubscribeConfirmedAsync(req);
        await h.IngestAsync(
            Some.Item("SD", 5, title: "Do not travel to Sudan", source: "us-state", url: "https://travel.state.gov/sd"),
            Some.Item("SD", 5, title: "苏丹安全提醒", source: "cn-mfa", url: "https://cs.mfa.gov.cn/sd"));
        var alert = Assert.Single(await h.OutboxAsync("alert", req.Email));
        var text = AlertsHarness.Parse(alert).TextBody;
        Assert.Contains("https://travel.state.gov/sd", text);
        Assert.Contains("https://cs.mfa.gov.cn/sd", text);
        Assert.Contains("us-state, cn-mfa reported on Sudan", text);

        // A third publisher within the window: folded, nothing sent.
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.IngestAsync(Some.Item("SD", 5, source: "uk-fcdo"));
        Assert.Single(await h.OutboxAsync("alert", req.Email));
        // The same publisher again with another item is a new event.
        await h.IngestAsync(Some.Item("SD", 5, source: "us-state"));
        Assert.Equal(2, (await h.OutboxAsync("alert", req.Email)).Count);
    }

    [Fact]
    public async Task Ingest_RealertLimit_OneImmediateEmailPerCountryPerInterval_RestWaitsForDigest()
    {
        await using var h = await AlertsHarness.CreateAsync(extra: new() { ["RiskWatch:Alerts:RealertInterval"] = "06:00:00" });
        var req = Some.Request(countries: ["AF", "IQ"]);
        var id = await h.SubscribeConfirmedAsync(req);
        await h.IngestAsync(Some.Item("AF", 4), Some.Item("AF", 3, RiskCategory.Crime, source: "gdelt"));
        Assert.Single(await h.OutboxAsync("alert", req.Email)); // both AF items in the one email

        h.Time.Advance(TimeSpan.FromHours(1));
        await h.IngestAsync(Some.Item("AF", 5, source: "uk-fcdo"), Some.Item("IQ", 4));
        var alerts = await h.OutboxAsync("alert", req.Email);
        Assert.Equal(2, alerts.Count); // IQ goes out, AF waits
        Assert.DoesNotContain("Afghanistan", AlertsHarness.Parse(alerts[1]).Subject);
        await using (var db = h.Db())
            Assert.Equal("AF", (await db.DigestEntries.SingleAsync(d => d.SubscriptionId == id)).Country);

        h.Time.Advance(TimeSpan.FromHours(6));
        await h.IngestAsync(Some.Item("AF", 4, source: "de-aa"));
        Assert.Equal(3, (await h.OutboxAsync("alert", req.Email)).Count);
    }

    [Fact]
    public async Task LevelChange_AlertsFollowersOfTheCountry_AndDraftsAnAdvisoryOnARise()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var req = Some.Request(countries: ["NE"], minLevel: 3, categories: ["health"], language: "zh-CN");
        await h.SubscribeConfirmedAsync(req);
        var change = new LevelChange("us-state", "NE", "us-state-1", "Level 2: Exercise Increased Caution", 2, "Level 4: Do Not Travel", 5,
            h.Time.GetUtcNow(), "Niger Travel Advisory", "https://travel.state.gov/ne");
        await h.Listener.OnIngestedAsync(new IngestBatch([], [], [change]), default);

        var mail = AlertsHarness.Parse(Assert.Single(await h.OutboxAsync("alert", req.Email)));
        Assert.Contains("尼日尔", mail.Subject);
        Assert.Contains("极高", mail.Subject);
        Assert.Contains("Level 4: Do Not Travel", mail.TextBody);
        var drafts = await h.Advisories.ListAsync(["advisory"], "draft", null, 0, 10, default);
        var draft = Assert.Single(drafts);
        Assert.Equal(["NE"], draft.Countries);
        Assert.Contains("Level 4: Do Not Travel", draft.BodyMarkdown);
    }

    [Fact]
    public async Task Alert_UntrustedTitleAndLink_AreEscaped()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var req = Some.Request(countries: ["AF"]);
        await h.SubscribeConfirmedAsync(req);
        await h.IngestAsync(Some.Item("AF", 4, title: "<script>alert(1)</script><img src=x onerror=y>", url: "javascript:alert(2)"));
        var html = AlertsHarness.Parse(Assert.Single(await h.OutboxAsync("alert", req.Email))).HtmlBody;
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("href=\"javascript:", html);
    }
}

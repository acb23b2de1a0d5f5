using Microsoft.EntityFrameworkCore;
using RiskWatch.Alerts.Tests.Support;
using RiskWatch.Core;

namespace RiskWatch.Alerts.Tests;

/// <summary>RiskWatch's own country risk level changes (ICountryLevelListener) → alerts, digests and draft advisories.</summary>
public sealed class CountryLevelAlertTests
{
    private static readonly string[] Drivers = ["cn-mfa: 橙色 (level 4, 2026-01-04)", "14 civil unrest items in 90 days; top: Protests in Beijing"];

    private static CountryLevelChange Change(AlertsHarness h, string country = "CN", int from = 2, int to = 4) =>
        new(country, from, to, 31.5, 68.2, h.Time.GetUtcNow(), Drivers);

    private static async Task DrainAsync(AlertsHarness h)
    {
        while ((await h.Sender.SendDueAsync(default)).Claimed > 0) { }
    }

    [Fact]
    public async Task Rise_EmailsFollowersOfTheCountryOnce_InTheirLanguage_WithLevelsScoresAndDrivers_AndDraftsAnAdvisory()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var h = await AlertsHarness.CreateAsync(smtp.Port);
        var zh = Some.Request(countries: ["CN"], language: "zh-CN", categories: ["health"]); // category filters do not hide a level change
        var en = Some.Request(countries: ["CN", "JP"], language: "en");
        var other = Some.Request(countries: ["JP"]);
        foreach (var r in new[] { zh, en, other }) await h.SubscribeConfirmedAsync(r);
        var listener = h.Get<ICountryLevelListener>();

        var change = Change(h);
        await listener.OnCountryLevelChangedAsync(change, default);
        await listener.OnCountryLevelChangedAsync(change, default); // delivered twice: still one event
        await DrainAsync(h);

        var received = smtp.Messages();
        var toZh = Assert.Single(received, m => m.To.Mailboxes.Any(a => a.Address == zh.Email) && (m.Subject ?? "").StartsWith("【风险预警】", StringComparison.Ordinal));
        Assert.Contains("中国", toZh.Subject);
        Assert.Contains($"{RiskLevels.Name(2, "zh-CN")} → {RiskLevels.Name(4, "zh-CN")}", toZh.TextBody);
        Assert.Contains("31.5 分", toZh.TextBody);
        Assert.Contains("68.2 分", toZh.TextBody);
        Assert.Contains("上调", toZh.TextBody);
        foreach (var d in Drivers) Assert.Contains(d, toZh.TextBody);
        Assert.Contains("Protests in Beijing", toZh.HtmlBody);
        Assert.Contains(AlertsHarness.BaseUrl + "/countries/CN", toZh.TextBody);

        var toEn = Assert.Single(received, m => m.To.Mailboxes.Any(a => a.Address == en.Email) && (m.Subject ?? "").StartsWith("[RiskWatch alert]", StringComparison.Ordinal));
        Assert.Contains("China", toEn.Subject);
        Assert.Contains($"from {RiskLevels.Name(2, "en")} (score 31.5) to {RiskLevels.Name(4, "en")} (score 68.2)", toEn.TextBody);
        Assert.Contains("Drivers: " + string.Join("; ", Drivers), toEn.TextBody);

        Assert.DoesNotContain(received, m => m.To.Mailboxes.Any(a => a.Address == other.Email) && (m.Subject ?? "").StartsWith("[RiskWatch alert]", StringComparison.Ordinal));
        Assert.Empty(await h.OutboxAsync("alert", other.Email));

        var draft = Assert.Single(await h.Advisories.ListAsync(["advisory"], "draft", null, 0, 10, default));
        Assert.Equal(["CN"], draft.Countries);
        Assert.Equal("system", draft.Author);
        Assert.Contains("31.5", draft.BodyMarkdown);
        Assert.Contains("68.2", draft.BodyMarkdown);
        Assert.Contains("Protests in Beijing", draft.BodyMarkdown);
        Assert.Contains("Protests in Beijing", draft.BodyHtml);
    }

    [Fact]
    public async Task Fall_ReachesSubscriptionsUpToTheOldLevel_WithoutADraft()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var watchesHigh = Some.Request(countries: ["CN"], minLevel: 4);  // the country leaves the range it watches: told
        var watchesExtreme = Some.Request(countries: ["CN"], minLevel: 5); // never in its range: not told
        var all = Some.Request(countries: [], language: "zh-CN");
        foreach (var r in new[] { watchesHigh, watchesExtreme, all }) await h.SubscribeConfirmedAsync(r);

        await h.Get<ICountryLevelListener>().OnCountryLevelChangedAsync(Change(h, from: 4, to: 2), default);

        var mail = AlertsHarness.Parse(Assert.Single(await h.OutboxAsync("alert", watchesHigh.Email)));
        Assert.Contains("lowered", mail.Subject);
        Assert.Contains("lowered China from", mail.TextBody);
        Assert.Contains("下调", AlertsHarness.Parse(Assert.Single(await h.OutboxAsync("alert", all.Email))).TextBody);
        Assert.Empty(await h.OutboxAsync("alert", watchesExtreme.Email));
        Assert.Empty(await h.Advisories.ListAsync(["advisory"], null, null, 0, 10, default));
    }

    [Fact]
    public async Task Change_RespectsDigestFrequencyAndTheRealertLimit()
    {
        await using var h = await AlertsHarness.CreateAsync(extra: new() { ["RiskWatch:Alerts:RealertInterval"] = "06:00:00" });
        var daily = Some.Request(countries: ["CN"], frequency: "daily");
        var immediate = Some.Request(countries: ["CN"]);
        var dailyId = await h.SubscribeConfirmedAsync(daily);
        var immediateId = await h.SubscribeConfirmedAsync(immediate);

        // An item about CN an hour earlier used up the immediate email for CN.
        await h.IngestAsync(Some.Item("CN", 4));
        Assert.Single(await h.OutboxAsync("alert", immediate.Email));
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.Get<ICountryLevelListener>().OnCountryLevelChangedAsync(Change(h), default);

        Assert.Single(await h.OutboxAsync("alert", immediate.Email)); // held back for the digest
        Assert.Empty(await h.OutboxAsync("alert", daily.Email));
        await using var db = h.Db();
        var waiting = await db.DigestEntries.AsNoTracking().Where(d => d.Country == "CN" && d.Category == "").ToListAsync();
        Assert.Equal([dailyId, immediateId], waiting.Select(d => d.SubscriptionId).Order());
        Assert.All(waiting, d => Assert.Contains("Protests in Beijing", d.Reason));
    }

    [Fact]
    public async Task LaterRiseOfTheSameCountry_IsANewEventAndANewDraft()
    {
        await using var h = await AlertsHarness.CreateAsync(extra: new() { ["RiskWatch:Alerts:RealertInterval"] = "00:00:00" });
        var req = Some.Request(countries: ["CN"]);
        await h.SubscribeConfirmedAsync(req);
        var listener = h.Get<ICountryLevelListener>();
        await listener.OnCountryLevelChangedAsync(Change(h, from: 2, to: 3), default);
        h.Time.Advance(TimeSpan.FromDays(1));
        await listener.OnCountryLevelChangedAsync(Change(h, from: 3, to: 2), default);
        h.Time.Advance(TimeSpan.FromDays(1));
        await listener.OnCountryLevelChangedAsync(Change(h, from: 2, to: 3), default);
        Assert.Equal(3, (await h.OutboxAsync("alert", req.Email)).Count);
        Assert.Equal(2, (await h.Advisories.ListAsync(["advisory"], "draft", "CN", 0, 10, default)).Count);
    }
}

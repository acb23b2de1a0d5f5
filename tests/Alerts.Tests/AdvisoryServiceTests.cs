using RiskWatch.Alerts.Tests.Support;

namespace RiskWatch.Alerts.Tests;

public sealed class AdvisoryServiceTests
{
    [Fact]
    public async Task Draft_Preview_Publish_EmailsConfirmedFollowersOfItsCountriesOnce()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var af = Some.Request(countries: ["AF"], language: "zh-CN");
        var all = Some.Request(countries: []);
        var de = Some.Request(countries: ["DE"]);
        var unconfirmed = Some.Request(countries: ["AF"]);
        await h.SubscribeConfirmedAsync(af);
        await h.SubscribeConfirmedAsync(all);
        await h.SubscribeConfirmedAsync(de);
        await h.Subscriptions.SubscribeAsync(unconfirmed, "x", default);

        var created = await h.Advisories.CreateDraftAsync(new AdvisoryInput
        {
            Kind = "case", Title = "某企业员工在喀布尔遇袭", Countries = ["AF"], Categories = ["terrorism"],
            BodyMarkdown = "## 经过\n\n**注意**安全。<script>alert(1)</script> [link](javascript:alert(2))",
        }, "analyst", default);
        Assert.Equal(AdvisoryStatus.Ok, created.Status);
        var id = created.Advisory!.Id;
        Assert.DoesNotContain("<script>", created.Advisory.BodyHtml);
        Assert.Contains("<strong>注意</strong>", created.Advisory.BodyHtml);

        var preview = await h.Advisories.PreviewAsync(id, "zh-CN", default);
        Assert.Contains("典型案例通报", preview!.Subject);
        Assert.DoesNotContain("<script>", preview.Html);
        Assert.DoesNotContain("javascript:", preview.Html);
        Assert.Empty(await h.OutboxAsync("case"));

        var updated = await h.Advisories.UpdateAsync(id, new AdvisoryInput { Kind = "case", Title = "某企业员工在喀布尔遇袭（更新）", Countries = ["AF"], BodyMarkdown = "正文" }, default);
        Assert.Equal(AdvisoryStatus.Ok, updated.Status);

        var published = await h.Advisories.PublishAsync(id, default);
        Assert.Equal(AdvisoryStatus.Ok, published.Status);
        Assert.Equal(2, published.Advisory!.Recipients);
        var sent = await h.OutboxAsync("case");
        Assert.Equal(new[] { af.Email!, all.Email! }.Order(), sent.Select(m => m.To).Order());
        Assert.Contains("典型案例通报", AlertsHarness.Parse(sent.Single(m => m.To == af.Email)).Subject);

        Assert.Equal(AdvisoryStatus.AlreadyPublished, (await h.Advisories.PublishAsync(id, default)).Status);
        Assert.Equal(AdvisoryStatus.AlreadyPublished, (await h.Advisories.UpdateAsync(id, new AdvisoryInput { Title = "x" }, default)).Status);
        Assert.Equal(2, (await h.OutboxAsync("case")).Count);
        Assert.Single(await h.Advisories.ListAsync(["case"], "published", "AF", 0, 10, default));
    }

    [Fact]
    public async Task Create_WithoutTitleOrWithUnknownKind_IsInvalid()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var r = await h.Advisories.CreateDraftAsync(new AdvisoryInput { Kind = "rumour", Countries = ["ZZZ"] }, null, default);
        Assert.Equal(AdvisoryStatus.Invalid, r.Status);
        Assert.Equal(["countries", "kind", "title"], r.Errors!.Keys.Order().ToArray());
    }
}

using System.Security.Cryptography;
using MimeKit;
using MimeKit.Cryptography;
using RiskWatch.Alerts.Tests.Support;
using RiskWatch.Core;

namespace RiskWatch.Alerts.Tests;

public sealed class EmailTests
{
    [Fact]
    public async Task Alert_CarriesMessageIdListIdAndOneClickUnsubscribe()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var req = Some.Request(countries: ["AF"]);
        await h.SubscribeConfirmedAsync(req);
        await h.IngestAsync(Some.Item("AF", 4));
        Assert.Equal(2, (await h.Sender.SendDueAsync(default)).Sent);

        foreach (var file in Directory.GetFiles(h.MailDir, "*.eml"))
        {
            var raw = await File.ReadAllTextAsync(file);
            Assert.Matches("(?m)^List-Unsubscribe:\\s+<" + AlertsHarness.BaseUrl + "/subscriptions/unsubscribe\\?token=[^>]+>,\\s+<mailto:", raw);
            Assert.Matches("(?m)^List-Unsubscribe-Post: List-Unsubscribe=One-Click", raw);
            var msg = MimeMessage.Load(file);
            Assert.False(string.IsNullOrEmpty(msg.MessageId));
            Assert.Contains("<alerts.riskwatch.local>", msg.Headers["List-Id"]);
            Assert.Contains("/subscriptions/manage?token=", msg.TextBody);
            Assert.Contains("/subscriptions/manage?token=", msg.HtmlBody);
        }
        var alert = AlertsHarness.Parse(Assert.Single(await h.OutboxAsync("alert")));
        Assert.Contains("Afghanistan", alert.Subject);
        Assert.Contains("High", alert.Subject);
        Assert.Contains("relevant=true", alert.TextBody);
        Assert.Contains("relevant=false", alert.HtmlBody);
    }

    [Fact]
    public async Task ChineseAlert_SubjectAndBodyDecodeToTheSameChinese()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var req = Some.Request(countries: ["AF"], language: "zh-CN");
        await h.SubscribeConfirmedAsync(req);
        await h.IngestAsync(Some.Item("AF", 5, title: "喀布尔机场附近发生爆炸", source: "cn-mfa"));
        await h.Sender.SendDueAsync(default);
        var file = Directory.GetFiles(h.MailDir, "*.eml").Select(f => (f, m: MimeMessage.Load(f))).Single(x => (x.m.Subject ?? "").Contains("【风险预警】")).f;
        var raw = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain("阿富汗", raw); // encoded on the wire (RFC 2047 / transfer encoding)
        var msg = MimeMessage.Load(file);
        Assert.Equal("【风险预警】阿富汗：极高风险 — 喀布尔机场附近发生爆炸", msg.Subject);
        Assert.Contains("喀布尔机场附近发生爆炸", msg.TextBody);
        Assert.Contains("阿富汗 — 最高极高风险", msg.HtmlBody);
        Assert.Contains("退订", msg.TextBody);
    }

    [Fact]
    public async Task Dkim_WhenAKeyIsConfigured_MessagesAreSignedAndVerify()
    {
        using var rsa = RSA.Create(2048);
        var dir = Path.Combine(Path.GetTempPath(), "rw-dkim-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var keyFile = Path.Combine(dir, "dkim.pem");
        await File.WriteAllTextAsync(keyFile, rsa.ExportRSAPrivateKeyPem());
        try
        {
            await using var h = await AlertsHarness.CreateAsync(extra: new()
            {
                ["RiskWatch:Alerts:Dkim:PrivateKeyPath"] = keyFile, ["RiskWatch:Alerts:Dkim:Domain"] = "riskwatch.local", ["RiskWatch:Alerts:Dkim:Selector"] = "s1",
            });
            await h.Subscriptions.SubscribeAsync(Some.Request(language: "zh-CN"), "c", default);
            var msg = AlertsHarness.Parse(Assert.Single(await h.OutboxAsync()));
            var index = msg.Headers.IndexOf(HeaderId.DkimSignature);
            Assert.True(index >= 0);
            var verifier = new DkimVerifier(new FixedKeyLocator(Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())));
            Assert.True(await verifier.VerifyAsync(msg, msg.Headers[index]));
        }
        finally { Directory.Delete(dir, true); }
    }

    private sealed class FixedKeyLocator(string publicKey) : DkimPublicKeyLocatorBase
    {
        public override Org.BouncyCastle.Crypto.AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            GetPublicKey("v=DKIM1; k=rsa; p=" + publicKey);

        public override Task<Org.BouncyCastle.Crypto.AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }
}

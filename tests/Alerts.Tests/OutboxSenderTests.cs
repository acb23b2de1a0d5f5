using Microsoft.EntityFrameworkCore;
using RiskWatch.Alerts.Tests.Support;

namespace RiskWatch.Alerts.Tests;

public sealed class OutboxSenderTests
{
    [Fact]
    public async Task TemporaryFailureThenSuccess_DeliversExactlyOnce()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var h = await AlertsHarness.CreateAsync(smtp.Port);
        smtp.Next.Enqueue(SmtpBehaviour.TemporaryFailure);
        var req = Some.Request();
        await h.Subscriptions.SubscribeAsync(req, "c", default);

        var first = await h.Sender.SendDueAsync(default);
        Assert.Equal(new Outbox.OutboxRound(1, 0, 1, 0), first);
        var row = Assert.Single(await h.OutboxAsync());
        Assert.StartsWith("451", row.LastError);
        Assert.Null(row.SentAt);

        Assert.Equal(0, (await h.Sender.SendDueAsync(default)).Claimed); // not due yet: backoff
        h.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, (await h.Sender.SendDueAsync(default)).Sent);
        Assert.Equal(0, (await h.Sender.SendDueAsync(default)).Claimed);
        h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, (await h.Sender.SendDueAsync(default)).Claimed);
        Assert.Equal(1, smtp.Count);
        Assert.Equal(req.Email, smtp.Messages()[0].To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task PermanentFailure_IsRecordedWithTheReason_AndNotRetried()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var h = await AlertsHarness.CreateAsync(smtp.Port);
        smtp.ByRecipient["nobody@example.test"] = SmtpBehaviour.PermanentFailure;
        await h.Subscriptions.SubscribeAsync(Some.Request("nobody@example.test"), "c", default);
        await h.Subscriptions.SubscribeAsync(Some.Request("somebody@example.test"), "c", default);

        var round = await h.Sender.SendDueAsync(default);
        Assert.Equal(1, round.Failed);
        Assert.Equal(1, round.Sent);
        var failed = Assert.Single(await h.OutboxAsync(to: "nobody@example.test"));
        Assert.True(failed.PermanentFailure);
        Assert.Contains("550", failed.LastError);
        h.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await h.Sender.SendDueAsync(default)).Claimed);
        Assert.Equal(1, smtp.Count);
    }

    [Fact]
    public async Task LostConnection_IsRetried_AndTheNextMessagesStillGoOut()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var h = await AlertsHarness.CreateAsync(smtp.Port, new() { ["RiskWatch:Alerts:Smtp:PoolSize"] = "1" });
        smtp.Next.Enqueue(SmtpBehaviour.DropConnection);
        for (int i = 0; i < 3; i++) await h.Subscriptions.SubscribeAsync(Some.Request(), "c" + i, default);

        var round = await h.Sender.SendDueAsync(default);
        Assert.Equal(1, round.Retrying);
        Assert.Equal(2, round.Sent);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await h.Sender.SendDueAsync(default)).Sent);
        Assert.Equal(3, smtp.Count);
        Assert.Equal(3, smtp.Messages().Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task NoSmtpHost_WritesCompleteEmlFilesToThePickupFolder()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var req = Some.Request();
        await h.Subscriptions.SubscribeAsync(req, "c", default);
        Assert.Equal(1, (await h.Sender.SendDueAsync(default)).Sent);
        var file = Assert.Single(Directory.GetFiles(h.MailDir));
        Assert.EndsWith(".eml", file);
        var msg = MimeKit.MimeMessage.Load(file);
        Assert.Equal(req.Email, msg.To.Mailboxes.Single().Address);
        Assert.Contains(AlertsHarness.BaseUrl + "/subscriptions/confirm?token=", msg.TextBody);
    }

    [Fact]
    public async Task Restart_SendsWhatWasUnsent_IncludingACrashedClaim_AndNeverWhatWasSent()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var h = await AlertsHarness.CreateAsync(smtp.Port, new() { ["RiskWatch:Alerts:Outbox:BatchSize"] = "4" });
        for (int i = 0; i < 10; i++) await h.Subscriptions.SubscribeAsync(Some.Request(), "c" + i, default);
        Assert.Equal(4, (await h.Sender.SendDueAsync(default)).Sent);

        // A sender that died mid-send: a row claimed but never recorded.
        await using (var db = h.Db())
        {
            var victim = await db.Outbox.Where(m => m.SentAt == null).OrderBy(m => m.Id).FirstAsync();
            victim.ClaimToken = Guid.NewGuid();
            victim.ClaimedUntil = h.Time.GetUtcNow() + TimeSpan.FromMinutes(5);
            await db.SaveChangesAsync();
        }
        await h.RestartAsync();
        int sent = 0;
        for (int i = 0; i < 5; i++) sent += (await h.Sender.SendDueAsync(default)).Sent;
        Assert.Equal(5, sent); // the claimed one waits for its lease to expire
        h.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, (await h.Sender.SendDueAsync(default)).Sent);
        Assert.Equal(0, (await h.Sender.SendDueAsync(default)).Claimed);

        Assert.Equal(10, smtp.Count);
        Assert.Equal(10, smtp.Messages().Select(m => m.MessageId).Distinct().Count());
        Assert.All(await h.OutboxAsync(), m => Assert.NotNull(m.SentAt));
    }

    [Fact]
    public async Task BackgroundSender_WakesWhenRowsAreQueued()
    {
        await using var h = await AlertsHarness.CreateAsync(extra: new() { ["RiskWatch:Alerts:Outbox:PollInterval"] = "00:01:00" });
        var sender = h.Sender;
        await sender.StartAsync(default);
        try
        {
            await Task.Delay(200);
            await h.Subscriptions.SubscribeAsync(Some.Request(), "c", default);
            for (int i = 0; i < 100 && Directory.GetFiles(h.MailDir, "*.eml").Length == 0; i++) await Task.Delay(50);
            Assert.Single(Directory.GetFiles(h.MailDir, "*.eml"));
        }
        finally { await sender.StopAsync(default); }
    }
}

using Quartz;
using RiskWatch.Alerts.Tests.Support;

namespace RiskWatch.Alerts.Tests;

public sealed class DigestJobTests
{
    [Fact]
    public async Task AddAlerts_RegistersDailyAndWeeklyDigestTriggers_AndTheJobRunsTheDigest()
    {
        await using var h = await AlertsHarness.CreateAsync(extra: new() { ["RiskWatch:Alerts:DailyDigestCron"] = "0 30 7 * * ?" });
        var daily = Some.Request(frequency: "daily");
        await h.SubscribeConfirmedAsync(daily);
        await h.IngestAsync(Some.Item("AF", 4));

        var scheduler = await h.Get<ISchedulerFactory>().GetScheduler();
        var trigger = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey("alerts-digest-daily-trigger", "alerts")));
        Assert.Equal("0 30 7 * * ?", trigger.CronExpressionString);
        Assert.Equal("Asia/Shanghai", trigger.TimeZone.Id);
        Assert.NotNull(await scheduler.GetTrigger(new TriggerKey("alerts-digest-weekly-trigger", "alerts")));

        await scheduler.Start();
        try
        {
            await scheduler.TriggerJob(new JobKey("alerts-digest-daily", "alerts"), null, CancellationToken.None);
            for (int i = 0; i < 200 && (await h.OutboxAsync("digest")).Count == 0; i++)
            {
                await Task.Delay(50);
                h.Time.Advance(TimeSpan.FromMilliseconds(50)); // Quartz reads the host's TimeProvider
            }
            Assert.Single(await h.OutboxAsync("digest", daily.Email));
        }
        finally { await scheduler.Shutdown(true); }
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;
using RiskWatch.Collectors.State;
using RiskWatch.Collectors.Tests.Support;

namespace RiskWatch.Collectors.Tests;

/// <summary>AddCollectors as the host calls it: defaults, configuration, validation and the Quartz schedule.</summary>
public sealed class CompositionTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task AddCollectors_Defaults_EnableOnlyUsStateDeptHourlyWithOfficialUrls()
    {
        await using var host = new CollectorsHost([]);
        try
        {
            var registry = host.Services.GetRequiredService<SourceRegistry>();
            Assert.Equal(SourceRegistry.BuiltInIds, registry.Ids);
            var statuses = await host.Runner.GetStatusesAsync(CancellationToken.None);
            Assert.Equal(["us-state-dept"], statuses.Where(s => s.Enabled).Select(s => s.Id));
            var us = statuses.Single(s => s.Id == "us-state-dept");
            Assert.Equal(("0 0 * * * ?", "https://travel.state.gov/_res/rss/TAsTWs.xml"), (us.Cron, us.Url));
            Assert.Equal("not run yet", us.Reason);
            Assert.All(statuses, s => Assert.StartsWith("http", s.Url));
            Assert.All(statuses.Where(s => !s.Enabled), s => Assert.Equal("0 0 */6 * * ?", s.Cron));
            // The host's table creator finds the context as a service.
            using var scope = host.Services.CreateScope();
            Assert.NotNull(scope.ServiceProvider.GetService<CollectorsDbContext>());
        }
        finally
        {
            host.DeleteData();
        }
    }

    [Fact]
    public async Task AddCollectors_SchedulesOneCronJobPerEnabledSource()
    {
        await using var host = new CollectorsHost(new()
        {
            ["RiskWatch:Sources:gdacs:Enabled"] = "true",
            ["RiskWatch:Sources:gdacs:Cron"] = "0 */15 * * * ?",
            ["RiskWatch:Sources:us-state-dept:Enabled"] = "false",
        });
        try
        {
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var jobs = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(CollectorsServiceCollectionExtensions.JobGroup));
            Assert.Equal(["gdacs"], jobs.Select(j => j.Name));
            var detail = await scheduler.GetJobDetail(jobs.Single());
            Assert.Equal("gdacs", detail!.JobDataMap.GetString("sourceId"));
            Assert.True(detail.ConcurrentExecutionDisallowed);
            var trigger = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey("gdacs", CollectorsServiceCollectionExtensions.JobGroup)));
            Assert.Equal("0 */15 * * * ?", trigger.CronExpressionString);
            Assert.Equal((int)CronTriggerMisfireInstruction.DoNothing, (int)trigger.MisfireInstruction);
            await scheduler.Shutdown();
        }
        finally
        {
            host.DeleteData();
        }
    }

    [Fact]
    public async Task Scheduler_RunsTheCollectorJobOnItsCron()
    {
        await using var server = new LoopbackServer();
        server.MapFixture("us.xml", "us-state-dept.a.xml", "application/rss+xml");
        await using var host = new CollectorsHost(new()
        {
            ["RiskWatch:Sources:us-state-dept:Url"] = server.Url("us.xml").ToString(),
            ["RiskWatch:Sources:us-state-dept:AllowPrivateNetwork"] = "true",
            ["RiskWatch:Sources:us-state-dept:Cron"] = "* * * * * ?",
        });
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.Start();
            output.WriteLine($"scheduler started after {clock.ElapsedMilliseconds} ms");
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (host.Index.Items.Count < 3 && DateTime.UtcNow < deadline) await Task.Delay(100);
            output.WriteLine($"items indexed after {clock.ElapsedMilliseconds} ms");
            await scheduler.Shutdown(waitForJobsToComplete: true);
            output.WriteLine($"scheduler stopped after {clock.ElapsedMilliseconds} ms");
            Assert.Equal(3, host.Index.Items.Count);
            var status = (await host.Runner.GetStatusesAsync(CancellationToken.None)).Single(s => s.Id == "us-state-dept");
            Assert.NotNull(status.LastSuccess);
        }
        finally
        {
            host.DeleteData();
        }
    }

    [Theory]
    [InlineData("RiskWatch:Sources:us-state-dept:Cron", "every hour", "not a Quartz cron")]
    [InlineData("RiskWatch:Sources:us-state-dept:Url", "ftp://example.org/feed", "not an absolute http or https URL")]
    [InlineData("RiskWatch:Sources:my-site:Url", "https://example.org/", "has no Kind")]
    [InlineData("RiskWatch:Sources:my-site:Kind", "xml", "must be rss, json or html")]
    [InlineData("RiskWatch:Sources:us-state-dept:TimeoutSeconds", "0", "TimeoutSeconds")]
    public void AddCollectors_BadConfiguration_FailsAtStartWithTheKey(string key, string value, string message)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [key] = value,
            ["RiskWatch:DataDirectory"] = Path.Combine(Path.GetTempPath(), "rw-collectors-config"),
        }).Build();
        var ex = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddCollectors(config));
        Assert.Contains(message, ex.Message);
    }
}

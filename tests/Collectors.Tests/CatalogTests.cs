using Microsoft.Extensions.DependencyInjection;
using Quartz;
using RiskWatch.Collectors.Tests.Support;

namespace RiskWatch.Collectors.Tests;

/// <summary>An admin's choices over the configuration: enable/disable, add and remove sources; stored in SQLite, applied without a restart.</summary>
public sealed class CatalogTests : IAsyncLifetime
{
    private readonly LoopbackServer _server = new();
    private readonly List<CollectorsHost> _hosts = [];
    private readonly string _data = Directory.CreateTempSubdirectory("rw-catalog-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var h in _hosts) await h.DisposeAsync();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
        await _server.DisposeAsync();
    }

    /// <summary>A host on the shared data folder: a second one is the same installation after a restart.</summary>
    private CollectorsHost Host()
    {
        var host = new CollectorsHost(new()
        {
            ["RiskWatch:Sources:us-state-dept:Url"] = _server.Url("us.xml").ToString(),
            ["RiskWatch:Sources:us-state-dept:AllowPrivateNetwork"] = "true",
        }, _data);
        _hosts.Add(host);
        return host;
    }

    private static SourceCatalog Catalog(CollectorsHost host) => host.Services.GetRequiredService<SourceCatalog>();

    private NewSource Feed(string id = "embassy-news") => new()
    {
        Id = id, Name = "使馆新闻", Kind = "rss", Url = _server.Url("embassy.xml").ToString(), IntervalMinutes = 30, Countries = ["泰国"],
        LevelMap = new Dictionary<string, int> { ["暂勿前往"] = 5 }, AllowPrivateNetwork = true,
    };

    private void ServeFeed() => _server.MapText("embassy.xml", """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>使馆新闻</title>
          <item><title>提醒中国公民暂勿前往泰国南部边境三府</title><link>https://example.org/n1</link><pubDate>Mon, 23 Nov 2026 08:00:00 +0800</pubDate>
            <description>近期泰国南部安全形势严峻。</description></item>
        </channel></rss>
        """);

    [Fact]
    public async Task SourceAddedOnAnotherNode_IsRunWhenItsJobFiresHere()
    {
        ServeFeed();
        var nodeA = Host();
        var nodeB = Host();
        await Catalog(nodeB).EnsureLoadedAsync(CancellationToken.None); // B started before the source existed
        Assert.Equal(SourceChangeStatus.Done, (await Catalog(nodeA).AddAsync(Feed(), "admin@example.test", CancellationToken.None)).Status);

        var run = await nodeB.Runner.RunScheduledAsync("embassy-news", CancellationToken.None);
        Assert.True(run.Success, run.Error);
        Assert.Equal(1, _server.Count("embassy.xml"));
        Assert.Equal(SourceOrigin.Admin, Catalog(nodeB).Origin("embassy-news"));

        // A choice made on node A shows on node B's status list.
        await Catalog(nodeA).SetEnabledAsync("us-state-dept", false, "admin@example.test", CancellationToken.None);
        Assert.False((await nodeB.Runner.GetStatusesAsync(CancellationToken.None)).Single(s => s.Id == "us-state-dept").Enabled);
    }

    [Fact]
    public async Task Disable_ScheduledRunIsSkippedAndRecorded_RunNowStillCollects()
    {
        _server.MapFixture("us.xml", "us-state-dept.a.xml", "application/rss+xml");
        var host = Host();
        var result = await Catalog(host).SetEnabledAsync("us-state-dept", false, "admin@example.test", CancellationToken.None);
        Assert.Equal(SourceChangeStatus.Done, result.Status);

        var scheduled = await host.Runner.RunScheduledAsync("us-state-dept", CancellationToken.None);
        Assert.True(scheduled.Skipped);
        Assert.Equal(0, _server.Count("us.xml"));
        var status = (await host.Runner.GetStatusesAsync(CancellationToken.None)).Single(s => s.Id == "us-state-dept");
        Assert.False(status.Enabled);
        Assert.True(status.ConfiguredEnabled);
        Assert.Equal("admin", status.EnabledBy);
        Assert.StartsWith("disabled", status.Reason);
        Assert.Equal(1, status.Skips);
        Assert.NotNull(status.LastSkipped);
        Assert.Null(status.LastRun);

        // "Run now" is an admin's explicit act: it collects a disabled source (to try it before enabling it).
        var manual = await host.Runner.RunAsync("us-state-dept", CancellationToken.None);
        Assert.True(manual.Success, manual.Error);
        Assert.Equal(1, _server.Count("us.xml"));
        Assert.False((await host.Runner.GetStatusesAsync(CancellationToken.None)).Single(s => s.Id == "us-state-dept").Enabled);
    }

    [Fact]
    public async Task Enable_ConfigDisabledSource_IsScheduledAtOnce_AndTheChoiceSurvivesARestart()
    {
        var host = Host();
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var gdacs = new JobKey("gdacs", CollectorsServiceCollectionExtensions.JobGroup);
        Assert.False(await scheduler.Exists(gdacs));
        Assert.Equal(SourceChangeStatus.Done, (await Catalog(host).SetEnabledAsync("gdacs", true, null, CancellationToken.None)).Status);
        Assert.True(await scheduler.Exists(gdacs));
        Assert.Equal(SourceChangeStatus.Done, (await Catalog(host).SetEnabledAsync("us-state-dept", false, null, CancellationToken.None)).Status);
        await scheduler.Shutdown();
        await host.DisposeAsync();
        _hosts.Remove(host);

        var again = Host();
        var statuses = (await again.Runner.GetStatusesAsync(CancellationToken.None)).ToDictionary(s => s.Id);
        Assert.True(statuses["gdacs"].Enabled);
        Assert.False(statuses["us-state-dept"].Enabled);
        await Catalog(again).ScheduleEnabledAsync(CancellationToken.None);
        var restarted = await again.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.True(await restarted.Exists(gdacs));
        await restarted.Shutdown();
    }

    [Fact]
    public async Task Add_RssSource_IsScheduledCollectedAndKeptAcrossARestart_ThenRemoved()
    {
        ServeFeed();
        var host = Host();
        var added = await Catalog(host).AddAsync(Feed(), "admin@example.test", CancellationToken.None);
        Assert.True(added.Status == SourceChangeStatus.Done, string.Join("; ", added.Errors?.SelectMany(e => e.Value) ?? []));
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(new TriggerKey("embassy-news", CollectorsServiceCollectionExtensions.JobGroup)));
        Assert.Equal(TimeSpan.FromMinutes(30), trigger.RepeatInterval);

        var run = await host.Runner.RunAsync("embassy-news", CancellationToken.None);
        Assert.True(run.Success, run.Error);
        var item = Assert.Single(host.Index.Items.Values);
        Assert.Equal(("embassy-news", "TH", 5), (item.Source, string.Join(',', item.Countries), item.OfficialLevel ?? 0));
        await scheduler.Shutdown();
        await host.DisposeAsync();
        _hosts.Remove(host);

        var again = Host();
        var status = (await again.Runner.GetStatusesAsync(CancellationToken.None)).Single(s => s.Id == "embassy-news");
        Assert.Equal(("admin", "rss", true, true, 30, 1), (status.Origin, status.Kind, status.Enabled, status.Removable, status.IntervalMinutes ?? 0, status.ItemsSeen));
        Assert.Equal("使馆新闻", status.Name);

        Assert.Equal(SourceChangeStatus.NotRemovable, (await Catalog(again).RemoveAsync("us-state-dept", null, CancellationToken.None)).Status);
        Assert.Equal(SourceChangeStatus.Done, (await Catalog(again).RemoveAsync("embassy-news", null, CancellationToken.None)).Status);
        Assert.DoesNotContain(await again.Runner.GetStatusesAsync(CancellationToken.None), s => s.Id == "embassy-news");
        Assert.Equal(SourceChangeStatus.NotFound, (await Catalog(again).RemoveAsync("embassy-news", null, CancellationToken.None)).Status);
    }

    [Theory]
    [InlineData("id", "Embassy News!")]
    [InlineData("id", "us-state-dept")]
    [InlineData("url", "ftp://example.org/feed")]
    [InlineData("url", "not a url")]
    [InlineData("cron", "every hour")]
    [InlineData("kind", "xml")]
    [InlineData("countries", "Atlantis")]
    public async Task Add_InvalidField_IsRejectedByName_AndNothingIsStored(string field, string value)
    {
        var host = Host();
        var input = field switch
        {
            "id" => Feed(value),
            "url" => Feed() with { Url = value },
            "cron" => Feed() with { Cron = value, IntervalMinutes = null },
            "kind" => Feed() with { Kind = value },
            _ => Feed() with { Countries = [value] },
        };
        var result = await Catalog(host).AddAsync(input, null, CancellationToken.None);
        Assert.Equal(SourceChangeStatus.Invalid, result.Status);
        Assert.Contains(field, result.Errors!.Keys);
        Assert.Equal(SourceRegistry.BuiltInIds, host.Services.GetRequiredService<SourceRegistry>().Ids);
    }

    [Fact]
    public async Task Add_HtmlSourceWithoutItemSelector_OrATakenId_IsRejected()
    {
        ServeFeed();
        var host = Host();
        var html = await Catalog(host).AddAsync(Feed() with { Kind = "html", Item = "ul > > li" }, null, CancellationToken.None);
        Assert.Contains("item", html.Errors!.Keys);
        Assert.Equal(SourceChangeStatus.Done, (await Catalog(host).AddAsync(Feed(), null, CancellationToken.None)).Status);
        var twice = await Catalog(host).AddAsync(Feed(), null, CancellationToken.None);
        Assert.Equal(SourceChangeStatus.Invalid, twice.Status);
        Assert.Contains("id", twice.Errors!.Keys);
        await (await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).Shutdown();
    }
}

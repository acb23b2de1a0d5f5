using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskWatch.Collectors.Fetching;
using RiskWatch.Collectors.Sources;
using RiskWatch.Collectors.State;
using RiskWatch.Collectors.Tests.Support;
using RiskWatch.Core;

namespace RiskWatch.Collectors.Tests;

/// <summary>The runner over a loopback server, a real SQLite file and the real ingest pipeline.</summary>
public sealed class RunnerTests : IAsyncLifetime
{
    private readonly LoopbackServer _server = new();
    private readonly List<CollectorsHost> _hosts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var h in _hosts) { await h.DisposeAsync(); h.DeleteData(); }
        await _server.DisposeAsync();
    }

    private CollectorsHost Host(Dictionary<string, string?>? extra = null, string? dataDirectory = null, InMemoryIndex? index = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RiskWatch:Sources:us-state-dept:Url"] = _server.Url("us.xml").ToString(),
            ["RiskWatch:Sources:us-state-dept:AllowPrivateNetwork"] = "true",
            ["RiskWatch:Sources:gdacs:Url"] = _server.Url("gdacs.xml").ToString(),
            ["RiskWatch:Sources:gdacs:AllowPrivateNetwork"] = "true",
            ["RiskWatch:Sources:au-smartraveller:Url"] = _server.Url("au.json").ToString(),
            ["RiskWatch:Sources:au-smartraveller:AllowPrivateNetwork"] = "true",
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        var host = new CollectorsHost(settings, dataDirectory, index);
        _hosts.Add(host);
        return host;
    }

    [Fact]
    public async Task Run_FailingSource_RecordsReasonAndOtherSourcesGoOn()
    {
        _server.MapFixture("us.xml", "us-state-dept.a.xml", "application/rss+xml");
        _server.MapText("gdacs.xml", "upstream down", "text/plain", status: 500);
        _server.MapText("au.json", "<html>not json</html>", "text/html");
        var host = Host();

        var gdacs = await host.Runner.RunAsync("gdacs", CancellationToken.None);
        var au = await host.Runner.RunAsync("au-smartraveller", CancellationToken.None);
        var us = await host.Runner.RunAsync("us-state-dept", CancellationToken.None);

        Assert.False(gdacs.Success);
        Assert.Contains("HTTP 500", gdacs.Error);
        Assert.False(au.Success);
        Assert.Contains("not JSON", au.Error);
        Assert.True(us.Success);
        Assert.Equal((3, 3), (us.Items, us.Added));
        Assert.Equal(3, host.Index.Items.Count);

        var statuses = (await host.Runner.GetStatusesAsync(CancellationToken.None)).ToDictionary(s => s.Id);
        Assert.True(statuses["us-state-dept"].Healthy);
        Assert.Equal(3, statuses["us-state-dept"].ItemsSeen);
        Assert.True(statuses["us-state-dept"].Bytes > 1000);
        Assert.False(statuses["gdacs"].Healthy);
        Assert.Contains("HTTP 500", statuses["gdacs"].LastError);
        Assert.Contains("HTTP 500", statuses["gdacs"].Reason);
        Assert.Equal(1, statuses["gdacs"].ConsecutiveFailures);
        Assert.NotNull(statuses["gdacs"].LastRun);
        Assert.Null(statuses["gdacs"].LastSuccess);
        Assert.False(statuses["au-smartraveller"].Healthy);
    }

    [Fact]
    public async Task Run_ReissuedAdvisoryWithNewLevel_IsAnUpdateWithALevelChange()
    {
        var snapshot = "us-state-dept.a.xml";
        _server.Map("us.xml", async ctx =>
        {
            var bytes = await File.ReadAllBytesAsync(Paths.Fixture(snapshot));
            ctx.Response.ContentType = "application/rss+xml";
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        });
        var host = Host();
        var first = await host.Runner.RunAsync("us-state-dept", CancellationToken.None);
        Assert.Equal(3, first.Added);

        snapshot = "us-state-dept.b.xml";
        var second = await host.Runner.RunAsync("us-state-dept", CancellationToken.None);

        Assert.True(second.Success);
        Assert.Equal((0, 1, 2, 1), (second.Added, second.Updated, second.Unchanged, second.LevelChanges));
        var china = host.Index.Items.Values.Single(i => i.Countries.Contains("CN"));
        Assert.Equal("Level 3: Reconsider Travel", china.RawLevel);
        Assert.Equal(4, china.OfficialLevel);
        var change = host.Listener.Batches.SelectMany(b => b.LevelChanges).Single();
        Assert.Equal(("CN", 2, 4), (change.Country, change.OldLevel, change.NewLevel));
        Assert.Equal("Level 2: Exercise Increased Caution", change.OldRawLevel);
    }

    [Fact]
    public async Task Run_NotModified_SucceedsWithoutLosingIndexedItems()
    {
        var body = await File.ReadAllBytesAsync(Paths.Fixture("us-state-dept.a.xml"));
        _server.Map("us.xml", async ctx =>
        {
            if (ctx.Request.Headers["If-None-Match"] == "\"a\"") { ctx.Response.StatusCode = 304; ctx.Response.Close(); return; }
            ctx.Response.Headers["ETag"] = "\"a\"";
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
        });
        var host = Host();
        await host.Runner.RunAsync("us-state-dept", CancellationToken.None);
        var second = await host.Runner.RunAsync("us-state-dept", CancellationToken.None);
        Assert.True(second.Success);
        Assert.Equal(0, second.Items);
        Assert.Equal(0L, second.Bytes);
        Assert.Equal(3, host.Index.Items.Count);
        Assert.Equal("\"a\"", _server.Requests.Last().IfNoneMatch);
    }

    [Fact]
    public async Task Run_FailureAfterSuccess_KeepsItemsAndValidatorsAndRecoversHealth()
    {
        int call = 0;
        var body = await File.ReadAllBytesAsync(Paths.Fixture("us-state-dept.a.xml"));
        _server.Map("us.xml", async ctx =>
        {
            var n = Interlocked.Increment(ref call);
            if (n == 2) { await ctx.Response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2)); ctx.Response.Close(); return; }
            ctx.Response.Headers["ETag"] = "\"a\"";
            if (n == 3 && ctx.Request.Headers["If-None-Match"] == "\"a\"") { ctx.Response.StatusCode = 304; ctx.Response.Close(); return; }
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
        });
        var host = Host();
        Assert.True((await host.Runner.RunAsync("us-state-dept", CancellationToken.None)).Success);
        var broken = await host.Runner.RunAsync("us-state-dept", CancellationToken.None);
        Assert.False(broken.Success);
        Assert.Contains("truncated", broken.Error);
        Assert.Equal(3, host.Index.Items.Count);
        var status = (await host.Runner.GetStatusesAsync(CancellationToken.None)).Single(s => s.Id == "us-state-dept");
        Assert.False(status.Healthy);
        Assert.True((await host.Runner.RunAsync("us-state-dept", CancellationToken.None)).Success);
        status = (await host.Runner.GetStatusesAsync(CancellationToken.None)).Single(s => s.Id == "us-state-dept");
        Assert.True(status.Healthy);
        Assert.Equal(0, status.ConsecutiveFailures);
        Assert.Contains("truncated", status.LastError); // the last error stays visible after recovery
    }

    [Fact]
    public async Task Run_StateSurvivesARestart()
    {
        _server.MapFixture("us.xml", "us-state-dept.a.xml", "application/rss+xml");
        var first = Host();
        await first.Runner.RunAsync("us-state-dept", CancellationToken.None);
        await first.DisposeAsync();
        _hosts.Remove(first);
        var second = Host(dataDirectory: first.DataDirectory);
        var status = (await second.Runner.GetStatusesAsync(CancellationToken.None)).Single(s => s.Id == "us-state-dept");
        Assert.NotNull(status.LastSuccess);
        Assert.Equal(3, status.ItemsSeen);
    }

    [Fact]
    public async Task Run_UnknownSource_ReportsWithoutThrowing()
    {
        var host = Host();
        var result = await host.Runner.RunAsync("no-such-source", CancellationToken.None);
        Assert.False(result.Success);
        Assert.Contains("no-such-source", result.Error);
    }

    [Fact]
    public async Task Run_SourceWithABug_IsCaughtAndRecordedWithItsType()
    {
        var host = Host();
        var sp = host.Services;
        var registry = new SourceRegistry([new BrokenSource()]);
        var db = sp.GetRequiredService<IDbContextFactory<CollectorsDbContext>>();
        var settings = new SourceSettings(new Dictionary<string, SourceOptions> { ["broken"] = new() { Kind = "rss", Url = "http://example.org/" } });
        var runner = new CollectorRunner(registry, sp.GetRequiredService<IngestPipeline>(), db, sp.GetRequiredService<FetcherFactory>(),
            new SourceCatalog(settings, registry, db, TimeProvider.System, null, NullLogger.Instance),
            Options.Create(new CollectorsOptions()), TimeProvider.System, NullLogger<CollectorRunner>.Instance);
        var result = await runner.RunAsync("broken", CancellationToken.None);
        Assert.False(result.Success);
        Assert.Equal("NullReferenceException: bug in the source", result.Error);
        Assert.False((await runner.GetStatusesAsync(CancellationToken.None)).Single().Healthy);
    }

    [Fact]
    public async Task Run_ConfiguredRssSource_IsCollectedLikeABuiltIn()
    {
        _server.MapText("analyst.xml", """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Embassy news</title>
              <entry><title>Security alert: protests in Lima</title><link href="https://example.org/a1"/><updated>2026-11-02T10:00:00Z</updated>
                <summary>Avoid the centre of Lima, Peru.</summary></entry>
            </feed>
            """);
        var host = Host(new()
        {
            ["RiskWatch:Sources:analyst-feed:Kind"] = "rss",
            ["RiskWatch:Sources:analyst-feed:Url"] = _server.Url("analyst.xml").ToString(),
            ["RiskWatch:Sources:analyst-feed:AllowPrivateNetwork"] = "true",
            ["RiskWatch:Sources:analyst-feed:LevelMap:Security alert"] = "3",
        });
        var result = await host.Runner.RunAsync("analyst-feed", CancellationToken.None);
        Assert.True(result.Success, result.Error);
        var item = Assert.Single(host.Index.Items.Values);
        Assert.Equal(("analyst-feed", "Security alert", 3), (item.Source, item.RawLevel, item.OfficialLevel ?? 0));
        Assert.Equal(["PE"], item.Countries);
        var status = (await host.Runner.GetStatusesAsync(CancellationToken.None)).Single(s => s.Id == "analyst-feed");
        Assert.Equal(("rss", true), (status.Kind, status.Enabled));
    }
}

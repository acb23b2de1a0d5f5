using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using RiskWatch.Collectors;
using RiskWatch.Collectors.State;
using RiskWatch.Core;
using RiskWatch.Scoring;
using RiskWatch.Search;

namespace RiskWatch.Bench;

/// <summary>The collectors' scheduler holding many sources with nothing to do: CPU used by the process while it waits.</summary>
internal static partial class IdleBench
{
    /// <summary>
    /// Runs the measurement in a fresh child process (this program with <c>--idle-child</c>): the figure is the app's idle cost,
    /// not the tail of the previous measurements (background GC, tiered JIT, Lucene merges) in this process.
    /// </summary>
    public static async Task RunAsync(Report report, Scale scale, string dir)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(IdleBench).Assembly.Location);
        foreach (var a in new[] { "--idle-child", dir, scale.IdleSeconds.ToString(CultureInfo.InvariantCulture), scale.IdleSources.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        using var child = Process.Start(psi) ?? throw new InvalidOperationException("could not start the idle child process");
        var stderr = child.StandardError.ReadToEndAsync();
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("IDLE ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"the idle child process printed no result (exit {child.ExitCode}): {(await stderr).Trim()}");
        var f = line.Split(' ');
        var jobs = int.Parse(f[1], CultureInfo.InvariantCulture);
        var cpu = double.Parse(f[2], CultureInfo.InvariantCulture);
        var wall = double.Parse(f[3], CultureInfo.InvariantCulture);
        var fetches = int.Parse(f[4], CultureInfo.InvariantCulture);
        var pctOfCore = 100 * cpu / wall;
        report.Add(new Figure($"idle CPU with {jobs} sources scheduled", Report.N(pctOfCore, "F2"), "% of one core", "< 1 %", pctOfCore < 1,
            $"a fresh process hosting the Quartz scheduler with {jobs} collector jobs (generic RSS sources, cron every minute, pointing at a loopback HTTP server) plus the index, " +
            $"classifier and SQLite state store registered as the app registers them; its Process.TotalProcessorTime over {wall:F1} s after 5 s of settling: {cpu * 1000:F0} ms CPU " +
            $"({pctOfCore / Environment.ProcessorCount:F2} % of the {Environment.ProcessorCount}-core machine); {fetches} fetches fell inside the window " +
            "(jobs fire on the minute; a window that crosses it includes one round of 50 fetches)."));
    }

    /// <summary>The child side of <see cref="RunAsync"/>: prints <c>IDLE jobs cpuSeconds wallSeconds fetches</c>.</summary>
    public static async Task<int> ChildAsync(string dir, int seconds, int sources)
    {
        using var feed = new LoopbackHttp();
        feed.Set(SmallFeed());
        var settings = new Dictionary<string, string?>
        {
            ["RiskWatch:Sources:us-state-dept:Enabled"] = "false", // the one built-in enabled by default would reach the real site
        };
        for (int i = 0; i < sources; i++)
        {
            var p = $"RiskWatch:Sources:bench-{i:D2}:";
            settings[p + "Kind"] = "rss";
            settings[p + "Url"] = feed.Url + "feed-" + i.ToString(CultureInfo.InvariantCulture);
            settings[p + "Cron"] = "0 * * * * ?"; // every minute, on the minute
            settings[p + "AllowPrivateNetwork"] = "true";
            settings[p + "MinHostIntervalSeconds"] = "0";
            settings[p + "Countries:0"] = "FR";
        }
        using var host = BuildHost(dir, settings, Path.Combine(dir, "models"));
        await CreateTablesAsync(host.Services);
        await host.StartAsync();
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var jobs = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(CollectorsServiceCollectionExtensions.JobGroup))).Count;

        await Task.Delay(TimeSpan.FromSeconds(5)); // start-up work (JIT, first timers) is not idle time
        GC.Collect();
        var proc = Process.GetCurrentProcess();
        proc.Refresh();
        var requests0 = feed.Requests;
        var cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        proc.Refresh();
        var cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        var wall = sw.Elapsed.TotalSeconds;
        var fetches = feed.Requests - requests0;
        await host.StopAsync();
        Console.WriteLine(FormattableString.Invariant($"IDLE {jobs} {cpu:F4} {wall:F3} {fetches}"));
        return 0;
    }

    internal static IHost BuildHost(string dataDir, Dictionary<string, string?> settings, string modelsDir, Action<IServiceCollection, IConfiguration>? more = null)
    {
        Directory.CreateDirectory(dataDir);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        settings[RiskWatchPaths.DataDirectoryKey] = dataDir;
        settings["RiskWatch:Scoring:ModelsDirectory"] = modelsDir;
        builder.Configuration.AddInMemoryCollection(settings);
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddSearch(config);
        services.AddScoring(config);
        services.AddCollectors(config);
        more?.Invoke(services, config);
        services.AddSingleton<IngestPipeline>();
        services.AddQuartz(q => q.UseInMemoryStore(o => o.MisfireThreshold = TimeSpan.FromMinutes(1)));
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder.Build();
    }

    /// <summary>Creates the tables of every module DbContext registered (as the web host does at start), leaving existing ones alone.</summary>
    internal static async Task CreateTablesAsync(IServiceProvider sp)
    {
        var contexts = new List<DbContext> { await sp.GetRequiredService<IDbContextFactory<CollectorsDbContext>>().CreateDbContextAsync() };
        if (sp.GetService<IDbContextFactory<RiskWatch.Alerts.Data.AlertsDbContext>>() is { } alerts) contexts.Add(await alerts.CreateDbContextAsync());
        if (sp.GetService<IDbContextFactory<RiskWatch.Scoring.Country.ScoringDbContext>>() is { } scoring) contexts.Add(await scoring.CreateDbContextAsync());
        foreach (var db in contexts)
        {
            await using var _ = db;
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            var script = IfNotExists().Replace(db.Database.GenerateCreateScript(), m => m.Value + "IF NOT EXISTS ");
            foreach (var statement in script.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (statement.Length == 0 || (statement.StartsWith("--", StringComparison.Ordinal) && !statement.Contains("CREATE", StringComparison.Ordinal))) continue;
#pragma warning disable EF1002 // EF's own DDL
                await db.Database.ExecuteSqlRawAsync(statement);
#pragma warning restore EF1002
            }
        }
    }

    [GeneratedRegex(@"CREATE (UNIQUE )?(TABLE|INDEX) (?!IF NOT EXISTS)")]
    private static partial Regex IfNotExists();

    private static string SmallFeed() => """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Bench feed</title><link>http://127.0.0.1/</link><description>idle</description>
        <item><title>Security notice for France</title><link>http://127.0.0.1/a/1</link><description>Demonstrations are expected in Paris.</description><pubDate>Sun, 01 Nov 2026 00:00:00 GMT</pubDate></item>
        </channel></rss>
        """;
}

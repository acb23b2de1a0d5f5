using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RiskWatch.Alerts;
using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Outbox;
using RiskWatch.Core;

namespace RiskWatch.Bench;

/// <summary>
/// Alert emails composed by the Alerts module (an ingested item matched against confirmed subscriptions fills the outbox),
/// then delivered by OutboxSender over its pooled MailKit connections to a loopback SMTP server, each outcome recorded in SQLite.
/// </summary>
internal static class EmailBench
{
    public static async Task RunAsync(Report report, Scale scale, string dir)
    {
        await using var smtp = await LoopbackSmtp.StartAsync(keep: false);
        // A first untimed pass of 100 emails compiles the code paths (JIT) so the timed passes measure steady sending.
        foreach (var (pool, emails, timed) in new[] { (2, 100, false), (2, scale.Emails, true), (4, scale.Emails, true) })
        {
            var folder = Path.Combine(dir, $"pool{pool}-{emails}-{timed}");
            await using var sp = Services(folder, smtp.Port, pool);
            var factory = sp.GetRequiredService<IDbContextFactory<AlertsDbContext>>();
            await using (var db = await factory.CreateDbContextAsync())
            {
                await AlertsDbContext.EnsureTablesAsync(db, CancellationToken.None);
                var now = TimeProvider.System.GetUtcNow();
                for (int i = 0; i < emails; i++)
                {
                    db.Subscriptions.Add(new Subscription
                    {
                        Email = $"analyst{i}@example.test", Organisation = "Bench Co", Countries = ["FR"], MinLevel = 1, Language = i % 2 == 0 ? "zh-CN" : "en",
                        Frequency = "immediate", Confirmed = true, CreatedAt = now, ConfirmedAt = now,
                    });
                }
                await db.SaveChangesAsync();
            }
            var gen = new Synthetic(3);
            var item = gen.Item(1, TimeProvider.System.GetUtcNow()) with { Countries = ["FR"], Level = 4, Category = RiskCategory.CivilUnrest };
            var compose = Stopwatch.StartNew();
            await sp.GetRequiredService<IItemListener>().OnIngestedAsync(new IngestBatch([item], [], []), CancellationToken.None);
            var composeS = compose.Elapsed.TotalSeconds;
            int queued;
            await using (var db = await factory.CreateDbContextAsync()) queued = await db.Outbox.CountAsync(m => m.SentAt == null);

            var sender = sp.GetRequiredService<OutboxSender>();
            var before = smtp.Count;
            var proc = Process.GetCurrentProcess();
            var cpu0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            int sent = 0;
            while (true)
            {
                var r = await sender.SendDueAsync(CancellationToken.None);
                if (r.Claimed == 0) break;
                sent += r.Sent;
            }
            var s = sw.Elapsed.TotalSeconds;
            proc.Refresh();
            var cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
            await sender.StopAsync(CancellationToken.None);
            var received = smtp.Count - before;
            var rate = sent / s;
            if (!timed) continue;
            report.Add(new Figure($"email to loopback SMTP, pool of {pool} connections", Report.N(rate), "msg/s", ">= 500 msg/s", rate >= 500,
                $"{queued:N0} alert emails (HTML + text, Chinese and English, signed links, List-Unsubscribe) composed by the Alerts module for one ingested item matched by " +
                $"{scale.Emails:N0} confirmed subscriptions ({composeS:F1} s), then OutboxSender.SendDueAsync rounds until the outbox was empty: {sent:N0} sent in {s:F1} s " +
                $"over {pool} MailKit connection(s) (pipelining off) to an in-process SmtpServer on 127.0.0.1, each outcome recorded in SQLite; the server received {received:N0}; {cpu:F1} s of process CPU (client, server and SQLite together) = {Report.N(sent / cpu)} messages per CPU-second." +
                (pool == 4 ? " Pool size 4 is the shipped default (RiskWatch:Alerts:Smtp:PoolSize)." : "")));
        }
    }

    internal static ServiceProvider Services(string dataDir, int smtpPort, int pool, Dictionary<string, string?>? extra = null)
    {
        Directory.CreateDirectory(dataDir);
        var settings = new Dictionary<string, string?>
        {
            [RiskWatchPaths.DataDirectoryKey] = dataDir,
            ["RiskWatch:Alerts:BaseUrl"] = "http://127.0.0.1:5999",
            ["RiskWatch:Alerts:Smtp:Host"] = "127.0.0.1",
            ["RiskWatch:Alerts:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["RiskWatch:Alerts:Smtp:Security"] = "None",
            ["RiskWatch:Alerts:Smtp:PoolSize"] = pool.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(config);
        services.AddSingleton(TimeProvider.System);
        services.AddAlerts(config);
        return services.BuildServiceProvider();
    }
}

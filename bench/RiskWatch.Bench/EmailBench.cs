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
        await SendAsync(Path.Combine(dir, "warm-up"), smtp, 2, 100);
        foreach (var pool in new[] { 2, 4 })
        {
            var r = await SendAsync(Path.Combine(dir, $"pool{pool}"), smtp, pool, scale.Emails);
            report.Add(new Figure($"email to loopback SMTP, pool of {pool} connections", Report.N(r.Rate), "msg/s", ">= 500 msg/s", r.Rate >= 500,
                r.Describe(pool) + (pool == 4 ? " Pool size 4 is the shipped default (RiskWatch:Alerts:Smtp:PoolSize)." : "")));
        }
    }

    /// <summary>
    /// The detail step (<c>--only email-detail</c>): sending by each pool size asked for, and into the pickup folder (the transport
    /// when no SMTP host is configured), <paramref name="emails"/> messages each. No goals: the email step carries the goal.
    /// </summary>
    public static async Task RunDetailAsync(Report report, string dir, int emails, int[] pools)
    {
        await using var smtp = await LoopbackSmtp.StartAsync(keep: false);
        await SendAsync(Path.Combine(dir, "warm-up"), smtp, 2, 100);
        foreach (var pool in pools)
        {
            var r = await SendAsync(Path.Combine(dir, $"pool{pool}"), smtp, pool, emails);
            report.Add(new Figure($"email to loopback SMTP, pool of {pool} connection(s), {emails:N0} emails", Report.N(r.Rate), "msg/s", null, null, r.Describe(pool)));
        }
        var p = await SendAsync(Path.Combine(dir, "pickup"), null, 1, emails);
        report.Add(new Figure($"email to the pickup folder, {emails:N0} emails", Report.N(p.Rate), "msg/s", null, null,
            $"{p.Queued:N0} alert emails composed as in the SMTP figures ({p.ComposeSeconds:F1} s), then OutboxSender.SendDueAsync rounds with no SMTP host configured: " +
            $"{p.Sent:N0} written as .eml files to <data>/mail in {p.Seconds:F1} s, each outcome recorded in SQLite; {p.Cpu:F1} s of process CPU = {Report.N(p.Sent / p.Cpu)} messages per CPU-second."));
    }

    private sealed record Pass(int Queued, double ComposeSeconds, int Sent, double Seconds, double Cpu, int Received, int Subscribers)
    {
        public double Rate => Sent / Seconds;

        public string Describe(int pool) =>
            $"{Queued:N0} alert emails (HTML + text, Chinese and English, signed links, List-Unsubscribe) composed by the Alerts module for one ingested item matched by " +
            $"{Subscribers:N0} confirmed subscriptions ({ComposeSeconds:F1} s), then OutboxSender.SendDueAsync rounds until the outbox was empty: {Sent:N0} sent in {Seconds:F1} s " +
            $"over {pool} MailKit connection(s) (pipelining off) to an in-process SmtpServer on 127.0.0.1, each outcome recorded in SQLite; the server received {Received:N0}; " +
            $"{Cpu:F1} s of process CPU (client, server and SQLite together) = {Report.N(Sent / Cpu)} messages per CPU-second.";
    }

    /// <summary>One pass in a fresh data folder: <paramref name="emails"/> subscribers, one matching item, the outbox sent until empty
    /// (to <paramref name="smtp"/>, or to the pickup folder when it is null).</summary>
    private static async Task<Pass> SendAsync(string folder, LoopbackSmtp? smtp, int pool, int emails)
    {
        await using var sp = Services(folder, smtp?.Port ?? 25, pool, smtp is null ? new() { ["RiskWatch:Alerts:Smtp:Host"] = "" } : null);
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
        var before = smtp?.Count ?? 0;
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
        return new Pass(queued, composeS, sent, s, cpu, (smtp?.Count ?? 0) - before, emails);
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

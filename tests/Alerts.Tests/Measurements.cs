using System.Diagnostics;
using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Email;
using RiskWatch.Alerts.Matching;
using RiskWatch.Alerts.Tests.Support;
using RiskWatch.Core;
using RiskWatch.Core.Countries;
using Xunit.Abstractions;

namespace RiskWatch.Alerts.Tests;

/// <summary>
/// Figures for the report, not assertions: run with RISKWATCH_MEASURE=1
/// (<c>RISKWATCH_MEASURE=1 dotnet test tests/Alerts.Tests --filter Measurements --logger "console;verbosity=detailed"</c>).
/// </summary>
public sealed class Measurements(ITestOutputHelper output)
{
    private static bool Enabled(ITestOutputHelper output)
    {
        if (Environment.GetEnvironmentVariable("RISKWATCH_MEASURE") == "1") return true;
        output.WriteLine("Measurement skipped: set RISKWATCH_MEASURE=1 to run it.");
        return false;
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "rw-alerts-measurements.txt"), $"{DateTime.UtcNow:O} {line}{Environment.NewLine}");
    }

    [Theory]
    [InlineData(0.5)]
    public void Matching_OneMillionSubscriptions_P99(double skew)
    {
        if (!Enabled(output)) return;
        var rnd = new Random(42);
        var countries = CountryTable.All.Select(c => c.Iso2).ToArray();
        // Skewed like real interest: a few countries are followed by many (Zipf-like weights).
        var weights = countries.Select((_, i) => 1.0 / Math.Pow(i + 1, skew)).ToArray();
        var total = weights.Sum();
        string Pick()
        {
            var x = rnd.NextDouble() * total;
            for (int i = 0; i < weights.Length; i++) { x -= weights[i]; if (x <= 0) return countries[i]; }
            return countries[^1];
        }
        var cats = RiskCategories.All.Select(c => c.Key()).ToArray();
        var index = new SubscriptionIndex();
        var sw = Stopwatch.StartNew();
        index.Load(Enumerable.Range(1, 1_000_000).Select(i =>
        {
            var all = rnd.NextDouble() < 0.02;
            return MatchEntry.From(new Subscription
            {
                Id = i, Email = $"u{i}@example.test",
                Countries = all ? [] : Enumerable.Range(0, rnd.Next(1, 6)).Select(_ => Pick()).Distinct().ToList(),
                MinLevel = rnd.Next(1, 6),
                Categories = rnd.NextDouble() < 0.3 ? Enumerable.Range(0, rnd.Next(1, 4)).Select(_ => cats[rnd.Next(cats.Length)]).Distinct().ToList() : [],
                Keywords = rnd.NextDouble() < 0.1 ? ["attack"] : [],
                Confirmed = true,
            });
        }));
        var load = sw.Elapsed;
        GC.Collect();
        var mem = GC.GetTotalMemory(true);

        var items = Enumerable.Range(0, 6_000).Select(i => (Country: Pick(), Level: rnd.Next(1, 6), Cat: (RiskCategory)rnd.Next(0, 11), Title: i % 7 == 0 ? "Attack reported" : "Report")).ToArray();
        foreach (var it in items.Take(1000)) index.Match([it.Country], it.Level, it.Cat, it.Title, ""); // warm-up
        var times = new double[items.Length];
        long matched = 0;
        var buffer = new List<MatchEntry>(1 << 17);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        for (int i = 0; i < items.Length; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            index.MatchInto(buffer, [items[i].Country], items[i].Level, items[i].Cat, items[i].Title, "");
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            matched += buffer.Count;
        }
        var cpuPerItem = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / items.Length;
        Array.Sort(times);
        Report($"matching: 1,000,000 subscriptions (2% all countries, 1-5 countries each, country popularity ~ 1/rank^{skew}, 30% category filters, 10% keywords), load {load.TotalSeconds:F1} s, ~{mem / 1_048_576} MB; " +
               $"per item p50 {times[times.Length / 2]:F3} ms, p99 {times[(int)(times.Length * 0.99)]:F3} ms, max {times[^1]:F3} ms, CPU {cpuPerItem:F3} ms/item; mean {matched / items.Length} matches per item (reused result buffer); {Environment.ProcessorCount} cores, load avg {LoadAverage()}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Sending_ToLoopbackSmtp_MessagesPerSecond(int pool)
    {
        if (!Enabled(output)) return;
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var h = await AlertsHarness.CreateAsync(smtp.Port, new() { ["RiskWatch:Alerts:Smtp:PoolSize"] = pool.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        const int n = 3000;
        var composer = h.Get<EmailComposer>();
        await using (var db = h.Db())
        {
            for (int i = 0; i < n; i++)
                db.Outbox.Add(composer.Alert(new Recipient(i + 1, $"u{i}@example.test", i % 2 == 0 ? "zh-CN" : "en"),
                    [new EmailEntry("AF", 4, "Security alert " + i, "reason", [new SourceLink("us-state", "t", "https://example.test/" + i)], "item-" + i, h.Time.GetUtcNow())]));
            await db.SaveChangesAsync();
        }
        var sw = Stopwatch.StartNew();
        int sent = 0;
        while (sent < n)
        {
            var r = await h.Sender.SendDueAsync(default);
            if (r.Claimed == 0) break;
            sent += r.Sent;
        }
        var s = sw.Elapsed.TotalSeconds;
        Report($"sending: {sent} messages (~{new FileInfo(Path.Combine(h.DataDir, "riskwatch.db")).Length / n / 1024} KB db/msg) to a loopback SmtpServer over {pool} pooled MailKit connection(s), " +
               $"each recorded as sent in SQLite: {s:F1} s = {sent / s:F0} msg/s; server received {smtp.Count}; load avg {LoadAverage()}");
    }

    [Fact]
    public async Task Sending_ToPickupFolder_MessagesPerSecond()
    {
        if (!Enabled(output)) return;
        await using var h = await AlertsHarness.CreateAsync();
        const int n = 3000;
        var composer = h.Get<EmailComposer>();
        await using (var db = h.Db())
        {
            for (int i = 0; i < n; i++)
                db.Outbox.Add(composer.Alert(new Recipient(i + 1, $"u{i}@example.test", "zh-CN"),
                    [new EmailEntry("AF", 4, "安全提醒 " + i, "reason", [new SourceLink("cn-mfa", "t", "https://example.test/" + i)], "item-" + i, h.Time.GetUtcNow())]));
            await db.SaveChangesAsync();
        }
        var sw = Stopwatch.StartNew();
        int sent = 0;
        while (sent < n) { var r = await h.Sender.SendDueAsync(default); if (r.Claimed == 0) break; sent += r.Sent; }
        Report($"sending: {sent} messages to the pickup folder: {sent / sw.Elapsed.TotalSeconds:F0} msg/s; load avg {LoadAverage()}");
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; } catch (IOException) { return "?"; }
    }
}

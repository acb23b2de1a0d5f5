using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Email;
using RiskWatch.Alerts.Tests.Support;

namespace RiskWatch.Alerts.Tests;

public sealed class CrashTests
{
    [Fact]
    public async Task SenderProcessKilledMidBatch_AfterRestart_EveryMessageArrives_DuplicatesAtMostOnePerConnection()
    {
        const int n = 300;
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var h = await AlertsHarness.CreateAsync(smtp.Port);
        var composer = h.Get<EmailComposer>();
        await using (var db = h.Db())
        {
            for (int i = 0; i < n; i++)
                db.Outbox.Add(composer.Alert(new Recipient(i + 1, $"u{i}@example.test", "zh-CN"),
                    [new EmailEntry("AF", 4, "安全提醒 " + i, "reason", [new SourceLink("cn-mfa", "t", "https://example.test/" + i)], "item-" + i, h.Time.GetUtcNow())]));
            await db.SaveChangesAsync();
        }

        var first = Start(h.DataDir, smtp.Port);
        var sw = Stopwatch.StartNew();
        while (smtp.Count < n / 2 && !first.HasExited && sw.Elapsed < TimeSpan.FromSeconds(40)) await Task.Delay(10);
        Assert.False(first.HasExited, "the sender finished before it could be killed");
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();
        var atKill = smtp.Count;
        Assert.InRange(atKill, n / 2, n - 1);

        // The restarted sender (a new container over the same database); the killed process's claims expire with their lease.
        await h.RestartAsync();
        h.Time.SetUtcNow(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1));
        for (int round = 0; round < 50 && (await h.Sender.SendDueAsync(default)).Claimed > 0; round++) { }

        var ids = smtp.Messages().Select(m => m.MessageId).ToList();
        var duplicates = ids.Count - ids.Distinct().Count();
        Assert.Equal(n, ids.Distinct().Count());
        Assert.InRange(duplicates, 0, 2); // PoolSize 2: at most the message in flight on each connection
        await using var check = h.Db();
        Assert.Equal(n, await check.Outbox.CountAsync(m => m.SentAt != null));
    }

    private static Process Start(string dataDir, int port)
    {
        var dll = typeof(CrashTests).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", dll, "send-outbox", dataDir, port.ToString(System.Globalization.CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}

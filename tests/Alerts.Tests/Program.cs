using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Outbox;
using RiskWatch.Core;

namespace RiskWatch.Alerts.Tests;

/// <summary>
/// Entry point used only by <see cref="CrashTests"/>: <c>dotnet exec RiskWatch.Alerts.Tests.dll send-outbox &lt;data&gt; &lt;smtp port&gt;</c>
/// runs the outbox sender over the data folder until nothing is left to send (the test may kill it on the way).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["send-outbox", var dir, var port]) return 2;
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [RiskWatchPaths.DataDirectoryKey] = dir,
            ["RiskWatch:Alerts:Smtp:Host"] = "127.0.0.1",
            ["RiskWatch:Alerts:Smtp:Port"] = port,
            ["RiskWatch:Alerts:Smtp:Security"] = "None",
            ["RiskWatch:Alerts:Smtp:PoolSize"] = "2",
            ["RiskWatch:Alerts:Outbox:ClaimLease"] = "00:00:02",
            ["RiskWatch:Alerts:Outbox:BatchSize"] = "100",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(config);
        services.AddAlerts(config);
        await using var sp = services.BuildServiceProvider();
        Console.Out.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} started");
        var sender = sp.GetRequiredService<OutboxSender>();
        var factory = sp.GetRequiredService<IDbContextFactory<AlertsDbContext>>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var round = await sender.SendDueAsync(CancellationToken.None);
            Console.Out.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} claimed {round.Claimed} sent {round.Sent}");
            Console.Out.Flush();
            if (round.Claimed > 0) continue;
            await using var db = await factory.CreateDbContextAsync();
            if (!await db.Outbox.AnyAsync(m => m.SentAt == null && !m.PermanentFailure)) return 0;
            await Task.Delay(200); // rows claimed by a killed sender: wait for their lease
        }
        return 1;
    }
}

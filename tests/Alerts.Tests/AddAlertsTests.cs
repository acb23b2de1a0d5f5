using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Outbox;
using RiskWatch.Alerts.Tests.Support;
using RiskWatch.Core;

namespace RiskWatch.Alerts.Tests;

public sealed class AddAlertsTests
{
    [Fact]
    public async Task AddAlerts_RegistersAScopedDbContext_TheListener_AndTheSenderAsHostedService()
    {
        await using var h = await AlertsHarness.CreateAsync();
        using var scope = h.Get<IServiceScopeFactory>().CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertsDbContext>();
        Assert.Equal(0, await db.Subscriptions.CountAsync());
        Assert.Contains(h.Get<IEnumerable<IItemListener>>(), l => l.GetType().Name == "AlertListener");
        // RiskWatch's own level changes go to the same listener (one gate, one alert log); the host wires nothing.
        Assert.Same(h.Get<IEnumerable<IItemListener>>().Single(l => l.GetType().Name == "AlertListener"), Assert.Single(h.Get<IEnumerable<ICountryLevelListener>>()));
        Assert.Contains(h.Get<IEnumerable<IHostedService>>(), s => s is OutboxSender);
    }

    [Fact]
    public void Options_InvalidValues_AreReportedWithTheirKeys()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [RiskWatchPaths.DataDirectoryKey] = Path.GetTempPath(),
            ["RiskWatch:Alerts:BaseUrl"] = "not a url",
            ["RiskWatch:Alerts:DailyDigestCron"] = "every day",
            ["RiskWatch:Alerts:Smtp:Security"] = "Maybe",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config);
        services.AddAlerts(config);
        using var sp = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<AlertsOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("BaseUrl"));
        Assert.Contains(ex.Failures, f => f.Contains("DailyDigestCron"));
        Assert.Contains(ex.Failures, f => f.Contains("Smtp:Security"));
    }
}

using Microsoft.EntityFrameworkCore;
using RiskWatch.Alerts;
using RiskWatch.Alerts.Data;

namespace RiskWatch.Web.Demo;

/// <summary>
/// In demo mode, a confirmed subscriber (demo@riskwatch.example, every country, level 2 and up) exists from the start,
/// so the Outbox page shows alerts as the snapshots change. It goes through the same subscribe and confirm steps as anyone.
/// </summary>
internal sealed class DemoSubscriber(IServiceProvider services, ILogger<DemoSubscriber> log) : IHostedService
{
    public const string Email = "demo@riskwatch.example";

    public async Task StartAsync(CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertsDbContext>();
        if (await db.Subscriptions.AnyAsync(s => s.Email == Email, ct)) return;
        var subscriptions = scope.ServiceProvider.GetRequiredService<SubscriptionService>();
        var result = await subscriptions.SubscribeAsync(new SubscribeRequest
        {
            Email = Email, Organisation = "RiskWatch 演示企业", MinLevel = 2, Language = "zh-CN", Frequency = "immediate",
        }, "demo", ct);
        var id = await db.Subscriptions.Where(s => s.Email == Email).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct);
        if (result.Status != SubscribeStatus.Accepted || id is null)
        {
            log.LogWarning("Demo subscriber not created: {Status}", result.Status);
            return;
        }
        var token = scope.ServiceProvider.GetRequiredService<LinkTokens>().Create(id.Value, TokenPurpose.Confirm);
        await subscriptions.ConfirmAsync(token, ct);
        log.LogInformation("Demo subscriber {Email} confirmed; its alerts appear on /mail", Email);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

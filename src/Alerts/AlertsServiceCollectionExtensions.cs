using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Email;
using RiskWatch.Alerts.Matching;
using RiskWatch.Alerts.Outbox;
using RiskWatch.Core;

namespace RiskWatch.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// Subscriptions, matching, advisories, digests and the outbox sender. The host must create the tables
    /// (<see cref="AlertsDbContext.EnsureTablesAsync"/>) and call <c>AddQuartzHostedService</c>.
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AlertsOptions>().Bind(config.GetSection(AlertsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertsOptions>, AlertsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        var connectionString = RiskWatchPaths.ConnectionString(config);
        services.AddDbContextFactory<AlertsDbContext>(o => AlertsDbContext.UseProvider(o, connectionString));

        services.AddSingleton<LinkTokens>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<AlertMatcher>();
        services.AddSingleton(sp => new EmailComposer(sp.GetRequiredService<IOptions<AlertsOptions>>(), sp.GetRequiredService<LinkTokens>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SubscriptionService(
            sp.GetRequiredService<IDbContextFactory<AlertsDbContext>>(), sp.GetRequiredService<LinkTokens>(), sp.GetRequiredService<EmailComposer>(),
            sp.GetRequiredService<AlertMatcher>(), sp.GetRequiredService<OutboxSignal>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<AlertsOptions>>(), sp.GetRequiredService<ILogger<SubscriptionService>>()));
        services.AddSingleton(sp => new AdvisoryService(
            sp.GetRequiredService<IDbContextFactory<AlertsDbContext>>(), sp.GetRequiredService<EmailComposer>(), sp.GetRequiredService<AlertMatcher>(),
            sp.GetRequiredService<OutboxSignal>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<AlertsOptions>>(),
            sp.GetRequiredService<ILogger<AdvisoryService>>()));
        services.AddSingleton(sp => new DigestService(
            sp.GetRequiredService<IDbContextFactory<AlertsDbContext>>(), sp.GetRequiredService<EmailComposer>(), sp.GetRequiredService<OutboxSignal>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DigestService>>()));
        // One listener hears both ingested batches and RiskWatch's own country level changes: both go through one gate
        // and one alert log, so an event is never told twice.
        services.AddSingleton(sp => new AlertListener(
            sp.GetRequiredService<AlertMatcher>(), sp.GetRequiredService<IDbContextFactory<AlertsDbContext>>(), sp.GetRequiredService<EmailComposer>(),
            sp.GetRequiredService<AdvisoryService>(), sp.GetRequiredService<OutboxSignal>(), sp.GetRequiredService<IOptions<AlertsOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AlertListener>>()));
        services.AddSingleton<IItemListener>(sp => sp.GetRequiredService<AlertListener>());
        services.AddSingleton<ICountryLevelListener>(sp => sp.GetRequiredService<AlertListener>());
        services.AddSingleton(sp => new OutboxSender(
            sp.GetRequiredService<IDbContextFactory<AlertsDbContext>>(), sp.GetRequiredService<OutboxSignal>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<AlertsOptions>>(), sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ILogger<OutboxSender>>()));
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());

        var o = new AlertsOptions();
        config.GetSection(AlertsOptions.Section).Bind(o);
        services.AddTransient<DigestJob>(sp => new DigestJob(sp.GetRequiredService<DigestService>(), sp.GetRequiredService<ILogger<DigestJob>>()));
        services.AddQuartz(q =>
        {
            TimeZoneInfo tz;
            try { tz = TimeZoneInfo.FindSystemTimeZoneById(o.DigestTimeZone); }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException) { tz = TimeZoneInfo.Utc; } // the validator reports it
            foreach (var (period, cron) in new[] { ("daily", o.DailyDigestCron), ("weekly", o.WeeklyDigestCron) })
            {
                if (!CronExpression.TryParse(cron, out _)) continue;
                var key = new JobKey($"alerts-digest-{period}", "alerts");
                q.AddJob<DigestJob>(j => j.WithIdentity(key).UsingJobData("period", period));
                q.AddTrigger(t => t.ForJob(key).WithIdentity($"alerts-digest-{period}-trigger", "alerts")
                    .WithCronSchedule(cron, c => c.InTimeZone(tz).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            }
        });
        return services;
    }
}

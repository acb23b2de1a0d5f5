using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;
using RiskWatch.Alerts;

namespace RiskWatch.Web.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="BriefingExporter"/> as a singleton with <see cref="BriefingExportOptions"/> bound from <c>RiskWatch:Reports</c>.</summary>
    public static IServiceCollection AddBriefingExport(this IServiceCollection services)
    {
        services.AddOptions<BriefingExportOptions>().BindConfiguration(BriefingExportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new BriefingExporter(sp.GetRequiredService<IOptions<BriefingExportOptions>>().Value));
        return services;
    }

    /// <summary>
    /// The weekly briefing e-mail: <see cref="WeeklyBriefingOptions"/> from <c>RiskWatch:Reports:WeeklyBriefing</c> (validated at start),
    /// <see cref="WeeklyBriefingService"/> (scoped: it uses the web database) and, when enabled, its Quartz job on the configured cron and time zone.
    /// </summary>
    public static IServiceCollection AddWeeklyBriefing(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<WeeklyBriefingOptions>().BindConfiguration(WeeklyBriefingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeeklyBriefingOptions>, WeeklyBriefingOptionsValidator>();
        services.AddScoped<WeeklyBriefingService>();
        services.AddTransient<WeeklyBriefingJob>();
        var o = new WeeklyBriefingOptions();
        config.GetSection(WeeklyBriefingOptions.Section).Bind(o);
        var alerts = new AlertsOptions();
        config.GetSection(AlertsOptions.Section).Bind(alerts);
        if (!o.Enabled || !CronExpression.TryParse(o.Cron, out _)) return services; // the validator reports a bad cron at start
        TimeZoneInfo zone;
        try { zone = o.Zone(alerts); }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException) { return services; } // reported by the validator
        services.AddQuartz(q =>
        {
            q.AddJob<WeeklyBriefingJob>(j => j.WithIdentity(WeeklyBriefingService.JobKey).WithDescription("weekly briefing e-mail"));
            // A firing missed while the server was down runs when it is back: the period and the idempotency key come from the scheduled time.
            q.AddTrigger(t => t.ForJob(WeeklyBriefingService.JobKey).WithIdentity("weekly-briefing", "reports")
                .WithCronSchedule(o.Cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });
        return services;
    }
}

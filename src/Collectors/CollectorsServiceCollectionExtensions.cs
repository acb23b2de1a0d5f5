using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using RiskWatch.Collectors.Fetching;
using RiskWatch.Collectors.Scheduling;
using RiskWatch.Collectors.State;
using RiskWatch.Core;

namespace RiskWatch.Collectors;

public static class CollectorsServiceCollectionExtensions
{
    /// <summary>The Quartz job group of the collectors.</summary>
    public const string JobGroup = "collectors";

    /// <summary>
    /// Registers the sources (built-in and configured), <see cref="SourceRegistry"/>, the fetcher, <see cref="CollectorRunner"/>,
    /// <see cref="CollectorsDbContext"/> (connection from <see cref="RiskWatchPaths.ConnectionString"/>) and one Quartz job and cron trigger per enabled source.
    /// The host registers <see cref="IngestPipeline"/> and its ports and calls <c>AddQuartzHostedService</c>; it also creates the tables.
    /// Admins' stored choices (enable/disable, added sources) are read by <see cref="SourceCatalog"/> and applied at start by a hosted service.
    /// Configuration errors (bad cron, unknown kind, bad URL) throw <see cref="OptionsValidationException"/> here, at start.
    /// </summary>
    public static IServiceCollection AddCollectors(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<CollectorsOptions>().Bind(config.GetSection(CollectorsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var settings = SourceSettings.FromConfiguration(config);
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HostGates>();
        services.AddSingleton<FetcherFactory>();
        services.AddSingleton(_ => new SourceRegistry(SourceRegistry.CreateAll(settings.Options)));
        var connection = RiskWatchPaths.ConnectionString(config);
        services.AddDbContextFactory<CollectorsDbContext>(o => CollectorsDbContext.UseProvider(o, connection));
        services.AddSingleton(sp => new SourceCatalog(settings, sp.GetRequiredService<SourceRegistry>(), sp.GetRequiredService<IDbContextFactory<CollectorsDbContext>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetService<ISchedulerFactory>(), sp.GetRequiredService<ILogger<SourceCatalog>>()));
        services.AddSingleton(sp => new CollectorRunner(
            sp.GetRequiredService<SourceRegistry>(), sp.GetRequiredService<IngestPipeline>(), sp.GetRequiredService<IDbContextFactory<CollectorsDbContext>>(),
            sp.GetRequiredService<FetcherFactory>(), sp.GetRequiredService<SourceCatalog>(), sp.GetRequiredService<IOptions<CollectorsOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CollectorRunner>>()));
        services.AddTransient<CollectorJob>();
        // After the host's table creation (registered before AddCollectors), before the Quartz hosted service starts the scheduler.
        services.AddHostedService<SourceCatalogStartup>();
        services.AddQuartz(q =>
        {
            // Sources enabled by configuration; the startup adds those an admin enabled or added (stored in the database).
            foreach (var (id, o) in settings.Options)
            {
                if (o.Enabled != true) continue;
                q.AddJob<CollectorJob>(j => j.WithIdentity(CollectorSchedule.JobKey(id)).UsingJobData(CollectorJob.SourceIdKey, id).WithDescription($"collect {id}"));
                q.AddTrigger(t => t.ForJob(CollectorSchedule.JobKey(id)).WithIdentity(CollectorSchedule.TriggerKey(id))
                    .StartAt(CollectorSchedule.Start(o, TimeProvider.System.GetUtcNow())).WithSchedule(CollectorSchedule.Schedule(o)));
            }
        });
        return services;
    }
}

/// <summary>Loads the admins' stored choices and schedules the sources they enabled or added, before the scheduler starts.</summary>
internal sealed class SourceCatalogStartup(SourceCatalog catalog) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken ct) => catalog.ScheduleEnabledAsync(ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

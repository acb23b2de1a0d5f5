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
        services.AddDbContextFactory<CollectorsDbContext>(o =>
        {
            if (RiskWatchPaths.IsPostgres(connection)) throw new OptionsValidationException("ConnectionStrings:RiskWatch", typeof(CollectorsDbContext),
                ["the collectors' state store supports SQLite only in this build; PostgreSQL needs the Npgsql provider wired in AddCollectors"]);
            o.UseSqlite(connection);
        });
        services.AddSingleton(sp => new CollectorRunner(
            sp.GetRequiredService<SourceRegistry>(), sp.GetRequiredService<IngestPipeline>(), sp.GetRequiredService<IDbContextFactory<CollectorsDbContext>>(),
            sp.GetRequiredService<FetcherFactory>(), settings, sp.GetRequiredService<IOptions<CollectorsOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CollectorRunner>>()));
        services.AddTransient<CollectorJob>();
        services.AddQuartz(q =>
        {
            foreach (var (id, o) in settings.Options)
            {
                if (o.Enabled != true) continue;
                var key = new JobKey(id, JobGroup);
                q.AddJob<CollectorJob>(j => j.WithIdentity(key).UsingJobData(CollectorJob.SourceIdKey, id).WithDescription($"collect {id}"));
                q.AddTrigger(t => t.ForJob(key).WithIdentity(id, JobGroup)
                    .WithCronSchedule(o.Cron!, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
            }
        });
        return services;
    }
}

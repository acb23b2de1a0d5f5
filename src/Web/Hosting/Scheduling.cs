using Microsoft.EntityFrameworkCore;
using Quartz;
using RiskWatch.Core;

namespace RiskWatch.Web.Hosting;

/// <summary>
/// <c>RiskWatch:Scheduler</c>: where Quartz keeps its schedules. In memory for one node (SQLite), or Quartz's ADO job
/// store on PostgreSQL with clustering, so that several nodes on one database run each firing once and take over the
/// jobs of a node that died.
/// </summary>
public sealed class SchedulerOptions
{
    public const string Section = "RiskWatch:Scheduler";

    /// <summary>
    /// Clustered ADO job store. Unset: on with PostgreSQL (two nodes on one database must not both run every job),
    /// off with SQLite. True with SQLite is refused at start: a SQLite file is one machine's.
    /// </summary>
    public bool? Clustered { get; set; }

    /// <summary>This node's name in the cluster; "AUTO" (the default) makes a unique one from the host name and time.</summary>
    public string InstanceId { get; set; } = "AUTO";

    /// <summary>How often a node records that it is alive; a node silent for about this long plus a margin is taken over. Default 15 s.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How late a firing may start and still run (later ones follow the trigger's misfire instruction). Default 1 min.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Provider choice for the web host's tables and Quartz's store (in memory, or clustered on PostgreSQL).</summary>
public static class Scheduling
{
    /// <summary>The provider of the web host's own tables, chosen like the modules' (<see cref="RiskWatchPaths.IsPostgres"/>).</summary>
    public static DbContextOptionsBuilder UseProvider(DbContextOptionsBuilder o, string connectionString) =>
        RiskWatchPaths.IsPostgres(connectionString) ? o.UseNpgsql(connectionString) : o.UseSqlite(connectionString);

    /// <summary>Quartz's store from <see cref="SchedulerOptions"/>; the modules add their jobs with their own <c>AddQuartz</c> calls.</summary>
    public static IServiceCollection AddRiskWatchScheduler(this IServiceCollection services, IConfiguration config)
    {
        var o = new SchedulerOptions();
        config.GetSection(SchedulerOptions.Section).Bind(o);
        var cs = RiskWatchPaths.ConnectionString(config);
        var postgres = RiskWatchPaths.IsPostgres(cs);
        var clustered = o.Clustered ?? postgres;
        if (clustered && !postgres)
            throw new Microsoft.Extensions.Options.OptionsValidationException(SchedulerOptions.Section, typeof(SchedulerOptions),
                ["RiskWatch:Scheduler:Clustered=true needs PostgreSQL (ConnectionStrings:RiskWatch \"Host=...\"); a SQLite file cannot be shared by several nodes"]);
        if (o.CheckinInterval < TimeSpan.FromSeconds(1) || o.MisfireThreshold < TimeSpan.FromSeconds(1))
            throw new Microsoft.Extensions.Options.OptionsValidationException(SchedulerOptions.Section, typeof(SchedulerOptions),
                ["RiskWatch:Scheduler:CheckinInterval and MisfireThreshold must be at least 1 second"]);

        services.AddQuartz(q =>
        {
            if (!clustered)
            {
                q.UseInMemoryStore(s => s.MisfireThreshold = o.MisfireThreshold);
                return;
            }
            // Every node must use the same scheduler name to share jobs; the instance id tells them apart
            // (Quartz generates a unique one for a clustered store unless one is given).
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "RiskWatch";
                if (!string.IsNullOrWhiteSpace(o.InstanceId) && !o.InstanceId.Equals("AUTO", StringComparison.OrdinalIgnoreCase)) s.InstanceId = o.InstanceId;
            });
            q.UsePersistentStore(s =>
            {
                s.UsePostgres(cs);
                s.UseSystemTextJsonSerializer();
                // The tables come from src/Web/Hosting/Schema/postgres (DatabaseInitializer runs first); Quartz checks them at start.
                s.ConfigureStore(a => a.MisfireThreshold = o.MisfireThreshold);
                s.UseClustering(c =>
                {
                    c.CheckinInterval = o.CheckinInterval;
                    c.CheckinMisfireThreshold = o.CheckinInterval * 2;
                });
            });
        });
        return services;
    }
}

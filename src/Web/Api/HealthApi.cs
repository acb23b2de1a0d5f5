using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;
using RiskWatch.Collectors;
using RiskWatch.Core;
using RiskWatch.Web.Hosting;

namespace RiskWatch.Web.Api;

/// <summary>
/// <c>/healthz</c>: index, database, scheduler, model and each source. A failing source makes the whole "Degraded"
/// (still 200: the app serves); an unreachable index or database makes it "Unhealthy" (503).
/// </summary>
public static class HealthApi
{
    public static IServiceCollection AddRiskWatchHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<IndexHealth>("index")
            .AddCheck<DatabaseHealth>("database")
            .AddCheck<SchedulerHealth>("scheduler")
            .AddCheck<SourcesHealth>("sources");
        return services;
    }

    public static void MapRiskWatchHealth(this WebApplication app) =>
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = (ctx, report) =>
            {
                ctx.Response.ContentType = "application/json; charset=utf-8";
                return ctx.Response.WriteAsync(JsonSerializer.Serialize(new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => new
                    {
                        status = e.Value.Status.ToString(),
                        description = e.Value.Description ?? e.Value.Exception?.Message,
                        data = e.Value.Data.Count > 0 ? e.Value.Data : null,
                    }),
                }, Cli.CliVerbs.Json));
            },
        });

    private sealed class IndexHealth(IRiskIndex index) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                var n = await index.CountAsync(ct);
                return HealthCheckResult.Healthy($"{n} items indexed");
            }
            catch (IndexUnavailableException ex)
            {
                return HealthCheckResult.Unhealthy("index unavailable: " + ex.Message);
            }
        }
    }

    private sealed class DatabaseHealth(WebDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
            await db.Database.CanConnectAsync(ct)
                ? HealthCheckResult.Healthy(db.Database.ProviderName)
                : HealthCheckResult.Unhealthy("cannot connect to the database");
    }

    private sealed class SchedulerHealth(ISchedulerFactory factory) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            var scheduler = await factory.GetScheduler(ct);
            var status = await scheduler.GetStatus(ct);
            return status switch
            {
                SchedulerStatus.Running => HealthCheckResult.Healthy("running"),
                SchedulerStatus.Created or SchedulerStatus.Standby => HealthCheckResult.Degraded($"scheduler {status}: not running yet"),
                _ => HealthCheckResult.Unhealthy($"scheduler {status}"),
            };
        }
    }

    private sealed class SourcesHealth(CollectorRunner runner) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            var statuses = await runner.GetStatusesAsync(ct);
            var data = statuses.ToDictionary(s => s.Id, s => (object)new { s.Enabled, s.Healthy, s.LastRun, s.LastSuccess, s.LastError, s.ItemsSeen });
            var failing = statuses.Where(s => s.Enabled && !s.Healthy).ToList();
            return failing.Count == 0
                ? HealthCheckResult.Healthy($"{statuses.Count(s => s.Enabled)} sources enabled", data)
                : HealthCheckResult.Degraded(string.Join("; ", failing.Select(s => $"{s.Id}: {s.LastError}")), data: data);
        }
    }
}

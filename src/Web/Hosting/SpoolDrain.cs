using RiskWatch.Core;

namespace RiskWatch.Web.Hosting;

/// <summary>
/// The ingest spool (<c>&lt;data&gt;/spool</c>) and its drain: at start and every <c>RiskWatch:Spool:DrainSeconds</c> (default 5)
/// the batches spooled while the index was unavailable are indexed again, oldest first.
/// </summary>
public static class SpoolDrainRegistration
{
    public static IServiceCollection AddIngestSpool(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(_ => new IngestSpool(RiskWatchPaths.Sub(config, "spool")));
        services.AddHostedService(sp => new SpoolDrain(sp.GetRequiredService<IngestPipeline>(), sp.GetRequiredService<ILogger<SpoolDrain>>(),
            TimeSpan.FromSeconds(Math.Max(1, config.GetValue("RiskWatch:Spool:DrainSeconds", 5)))));
        return services;
    }
}

internal sealed partial class SpoolDrain(IngestPipeline pipeline, ILogger<SpoolDrain> log, TimeSpan every) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let startup (database, index open) finish first; the first drain then runs at once.
        await Task.Yield();
        using var timer = new PeriodicTimer(every);
        do
        {
            try
            {
                await pipeline.DrainSpoolAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Anything else (disk, classifier) is retried on the next tick; the spool files stay.
                Log.DrainFailed(log, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9101, Level = LogLevel.Error, Message = "Spool drain failed; retried on the next tick")]
        public static partial void DrainFailed(ILogger logger, Exception ex);
    }
}

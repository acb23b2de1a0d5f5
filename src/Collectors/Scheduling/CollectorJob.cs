using Quartz;

namespace RiskWatch.Collectors.Scheduling;

/// <summary>The one Quartz job: runs the source named in its JobDataMap. Never overlaps itself; the runner records any failure.</summary>
[DisallowConcurrentExecution]
internal sealed class CollectorJob(CollectorRunner runner) : IJob
{
    public const string SourceIdKey = "sourceId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var id = context.MergedJobDataMap.GetString(SourceIdKey);
        if (string.IsNullOrEmpty(id)) return;
        await runner.RunAsync(id, ct);
    }
}

using Quartz;

namespace RiskWatch.Collectors.Scheduling;

/// <summary>
/// The one Quartz job: runs the source named in its JobDataMap, unless the source is disabled now (then the runner records the
/// skipped firing and fetches nothing). Never overlaps itself; the runner records any failure.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class CollectorJob(CollectorRunner runner) : IJob
{
    public const string SourceIdKey = "sourceId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var id = context.MergedJobDataMap.GetString(SourceIdKey);
        if (string.IsNullOrEmpty(id)) return;
        await runner.RunScheduledAsync(id, ct);
    }
}

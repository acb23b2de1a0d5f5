using Quartz;

namespace RiskWatch.Collectors.Scheduling;

/// <summary>One job and one trigger per source, the same at composition time and when an admin adds or enables a source.</summary>
internal static class CollectorSchedule
{
    public static JobKey JobKey(string id) => new(id, CollectorsServiceCollectionExtensions.JobGroup);

    public static TriggerKey TriggerKey(string id) => new(id, CollectorsServiceCollectionExtensions.JobGroup);

    /// <summary>A cron schedule (misfires skipped: the next firing collects anyway), or an interval.</summary>
    public static IScheduleBuilder Schedule(SourceOptions o) => o.IntervalMinutes is { } minutes
        ? SimpleScheduleBuilder.Create().WithInterval(TimeSpan.FromMinutes(minutes)).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)
        : CronScheduleBuilder.Create(o.Cron!).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing);

    /// <summary>An interval's first firing is one interval away (an admin who wants it now presses "run now"); a cron's is its next time.</summary>
    public static DateTimeOffset Start(SourceOptions o, DateTimeOffset now) => o.IntervalMinutes is { } minutes ? now.AddMinutes(minutes) : now;

    /// <summary>Schedules the source unless it already has a job.</summary>
    public static async Task<bool> EnsureAsync(IScheduler scheduler, string id, SourceOptions o, TimeProvider time, CancellationToken ct)
    {
        if (await scheduler.Exists(JobKey(id), ct)) return false;
        var job = JobBuilder.Create<CollectorJob>().WithIdentity(JobKey(id)).UsingJobData(CollectorJob.SourceIdKey, id).WithDescription($"collect {id}").Build();
        var trigger = TriggerBuilder.Create(time).ForJob(JobKey(id)).WithIdentity(TriggerKey(id)).StartAt(Start(o, time.GetUtcNow())).WithSchedule(Schedule(o)).Build();
        await scheduler.ScheduleJob(job, trigger, default, ct);
        return true;
    }
}

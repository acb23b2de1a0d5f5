using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;
using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Email;
using RiskWatch.Alerts.Matching;

namespace RiskWatch.Alerts;

/// <summary>
/// Gathers the pending digest entries of each subscription into one email, grouped by country, most severe first.
/// The daily run serves "daily" subscribers and what the re-alert limit held back from "immediate" ones; the weekly run serves "weekly".
/// </summary>
public sealed class DigestService
{
    private readonly IDbContextFactory<AlertsDbContext> _dbFactory;
    private readonly EmailComposer _composer;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILogger<DigestService> _log;

    internal DigestService(IDbContextFactory<AlertsDbContext> dbFactory, EmailComposer composer, OutboxSignal signal, TimeProvider time, ILogger<DigestService> log)
    {
        _dbFactory = dbFactory; _composer = composer; _signal = signal; _time = time; _log = log;
    }

    /// <summary>Runs one digest ("daily" or "weekly"); returns how many emails were queued.</summary>
    public async Task<int> RunAsync(string period, CancellationToken ct)
    {
        string[] frequencies = period == "weekly" ? ["weekly"] : ["daily", "immediate"];
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var subs = await db.Subscriptions.AsNoTracking()
            .Where(s => s.Confirmed && s.UnsubscribedAt == null && frequencies.Contains(s.Frequency)
                        && db.DigestEntries.Any(d => d.SubscriptionId == s.Id && d.DigestedAt == null))
            .ToListAsync(ct);
        int queued = 0;
        foreach (var sub in subs)
        {
            var now = _time.GetUtcNow();
            db.ChangeTracker.Clear();
            var entries = await db.DigestEntries.Where(d => d.SubscriptionId == sub.Id && d.DigestedAt == null).ToListAsync(ct);
            if (entries.Count == 0) continue;
            var lines = entries.Select(e => new EmailEntry(e.Country, e.Level, e.Title, e.Reason, e.Sources, e.ItemId, e.OccurredAt)).ToList();
            db.Outbox.Add(_composer.Digest(new Recipient(sub.Id, sub.Email, sub.Language, sub.Organisation), lines, period));
            foreach (var e in entries) e.DigestedAt = now;
            db.Subscriptions.Attach(sub);
            sub.LastDigestAt = now;
            await db.SaveChangesAsync(ct); // the digest email and the "digested" marks commit together
            queued++;
        }
        if (queued > 0) _signal.Notify();
        Log.DigestQueued(_log, period, queued);
        return queued;
    }
}

/// <summary>Quartz job: the daily or weekly digest (job data "period").</summary>
[DisallowConcurrentExecution]
internal sealed class DigestJob(DigestService digests, ILogger<DigestJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var period = context.MergedJobDataMap.GetString("period") ?? "daily";
        try
        {
            await digests.RunAsync(period, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.DigestFailed(log, period, ex);
        }
    }
}

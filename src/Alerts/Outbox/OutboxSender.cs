using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Matching;
using RiskWatch.Core;

namespace RiskWatch.Alerts.Outbox;

/// <summary>What one sending round did.</summary>
public sealed record OutboxRound(int Claimed, int Sent, int Retrying, int Failed);

/// <summary>
/// Delivers the outbox: claims due rows (a lease, so a crashed sender's rows are claimed again after it expires),
/// sends them over a pool of SMTP connections (or into the pickup folder when no SMTP host is configured), and records
/// each outcome right after its delivery: a row recorded as sent is never sent again; a temporary failure (4xx, lost
/// connection) is retried with exponential backoff and jitter; a permanent one (5xx) is recorded with its reason.
/// </summary>
public sealed class OutboxSender : BackgroundService
{
    private readonly IDbContextFactory<AlertsDbContext> _dbFactory;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxSender> _log;
    private readonly AlertsOptions _o;
    private readonly IMailTransport[] _transports;

    internal OutboxSender(IDbContextFactory<AlertsDbContext> dbFactory, OutboxSignal signal, TimeProvider time, IOptions<AlertsOptions> options,
        IConfiguration config, ILogger<OutboxSender> log)
    {
        _dbFactory = dbFactory; _signal = signal; _time = time; _log = log; _o = options.Value;
        _transports = string.IsNullOrWhiteSpace(_o.Smtp.Host)
            ? [new PickupFolderTransport(RiskWatchPaths.Sub(config, "mail"))]
            : Enumerable.Range(0, _o.Smtp.PoolSize).Select(_ => (IMailTransport)new SmtpTransport(_o.Smtp)).ToArray();
    }

    public string Transport => _transports[0].Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Yield so host start-up is not held by the first round.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            OutboxRound? round = null;
            try
            {
                round = await SendDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                // Missing tables before the host created them, a locked database...: try again next poll.
                Log.SenderRoundFailed(_log, ex);
            }
            if (round is { Claimed: > 0 } r && r.Claimed >= _o.Outbox.BatchSize) continue; // more are waiting
            try { await _signal.WaitAsync(_o.Outbox.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>One round: claim what is due, deliver it, record every outcome.</summary>
    public async Task<OutboxRound> SendDueAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var claim = Guid.NewGuid();
        var until = now + _o.Outbox.ClaimLease;
        List<Claimed> rows;
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
        {
            if (db.Database.IsNpgsql()) rows = await ClaimOnPostgresAsync(db, claim, now, until, ct);
            else rows = await ClaimAsync(db, claim, now, until, ct);
        }
        if (rows.Count == 0) return new OutboxRound(0, 0, 0, 0);

        var queue = Channel.CreateUnbounded<Claimed>();
        foreach (var r in rows) queue.Writer.TryWrite(r);
        queue.Writer.Complete();
        var outcomes = Channel.CreateUnbounded<Outcome>();
        var recorder = RecordAsync(outcomes.Reader);
        (int Sent, int Retry, int Failed) counts;
        try
        {
            await Task.WhenAll(_transports.Select(async transport =>
            {
                await foreach (var row in queue.Reader.ReadAllAsync(ct))
                {
                    var result = await transport.SendAsync(row.Id, row.Mime, _time.GetUtcNow(), ct);
                    // Wait for the record before the next message: a crash can then repeat at most one message per connection.
                    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    outcomes.Writer.TryWrite(new Outcome(row, result, _time.GetUtcNow(), done));
                    await done.Task;
                }
            }));
        }
        finally
        {
            // Whatever was delivered is recorded, even when the round is cancelled or a worker failed.
            outcomes.Writer.Complete();
            counts = await recorder;
            // Rows of this claim that were never tried (shutdown, a failed worker) are released now rather than after the lease.
            try
            {
                await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None);
                await db.Outbox.Where(m => m.ClaimToken == claim && m.SentAt == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
            }
            catch (System.Data.Common.DbException) { /* the lease expires on its own */ }
        }
        var (sent, retry, failed) = counts;
        Log.OutboxRound(_log, sent, retry, failed, Transport);
        return new OutboxRound(rows.Count, sent, retry, failed);
    }

    /// <summary>
    /// SQLite: pick due rows, then claim those still unclaimed (the condition is repeated in the UPDATE, and SQLite runs one
    /// writer at a time, so two senders never both win a row), then read back what this claim won.
    /// </summary>
    private async Task<List<Claimed>> ClaimAsync(AlertsDbContext db, Guid claim, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        var ids = await db.Outbox.AsNoTracking()
            .Where(m => m.SentAt == null && !m.PermanentFailure && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.CreatedAt).Select(m => m.Id).Take(_o.Outbox.BatchSize).ToListAsync(ct);
        if (ids.Count == 0) return [];
        await db.Outbox.Where(m => ids.Contains(m.Id) && m.SentAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.ClaimToken, claim).SetProperty(m => m.ClaimedUntil, until), ct);
        return (await db.Outbox.AsNoTracking().Where(m => m.ClaimToken == claim)
                .Select(m => new Claimed(m.Id, m.To, m.Attempts, m.CreatedAt, m.Mime)).ToListAsync(ct))
            .OrderBy(m => m.CreatedAt).ToList();
    }

    /// <summary>
    /// PostgreSQL, several nodes: one statement locks due rows with FOR UPDATE SKIP LOCKED (rows another sender is claiming
    /// at this instant are skipped, not waited for), claims them and returns them. Times are Unix milliseconds (the model's converter).
    /// </summary>
    private async Task<List<Claimed>> ClaimOnPostgresAsync(AlertsDbContext db, Guid claim, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        const string Sql = """
            UPDATE "AlertsOutbox" SET "ClaimToken" = @claim, "ClaimedUntil" = @until
            WHERE "Id" IN (
                SELECT "Id" FROM "AlertsOutbox"
                WHERE "SentAt" IS NULL AND NOT "PermanentFailure" AND "NextAttemptAt" <= @now AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < @now)
                ORDER BY "CreatedAt" LIMIT @n
                FOR UPDATE SKIP LOCKED)
            RETURNING "Id", "To", "Attempts", "CreatedAt", "Mime"
            """;
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = Sql;
            AddParameter(cmd, "claim", claim);
            AddParameter(cmd, "until", until.ToUnixTimeMilliseconds());
            AddParameter(cmd, "now", now.ToUnixTimeMilliseconds());
            AddParameter(cmd, "n", _o.Outbox.BatchSize);
            var rows = new List<Claimed>();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                rows.Add(new Claimed(r.GetGuid(0), r.GetString(1), r.GetInt32(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)), (byte[])r.GetValue(4)));
            return rows.OrderBy(m => m.CreatedAt).ToList();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void AddParameter(System.Data.Common.DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private sealed record Claimed(Guid Id, string To, int Attempts, DateTimeOffset CreatedAt, byte[] Mime);

    private sealed record Outcome(Claimed Row, SendResult Result, DateTimeOffset At, TaskCompletionSource Done);

    /// <summary>
    /// The one writer of outcomes: it commits whatever deliveries have finished since its last commit in one transaction
    /// (a group commit), then releases their workers. Workers never contend for SQLite's write lock.
    /// </summary>
    private async Task<(int Sent, int Retry, int Failed)> RecordAsync(ChannelReader<Outcome> reader)
    {
        int sent = 0, retry = 0, failed = 0;
        var batch = new List<Outcome>();
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None);
            while (await reader.WaitToReadAsync(CancellationToken.None))
            {
                batch.Clear();
                while (batch.Count < 256 && reader.TryRead(out var o)) batch.Add(o);
                await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
                foreach (var (row, result, at, _) in batch)
                {
                    switch (result.Outcome)
                    {
                        case SendOutcome.Sent:
                            await db.Outbox.Where(m => m.Id == row.Id).ExecuteUpdateAsync(u => u
                                .SetProperty(m => m.SentAt, at).SetProperty(m => m.Attempts, row.Attempts + 1)
                                .SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
                            sent++;
                            break;
                        case SendOutcome.Temporary when row.Attempts + 1 < _o.Outbox.MaxAttempts:
                            var next = at + Backoff(row.Attempts + 1);
                            await db.Outbox.Where(m => m.Id == row.Id).ExecuteUpdateAsync(u => u
                                .SetProperty(m => m.Attempts, row.Attempts + 1).SetProperty(m => m.NextAttemptAt, next).SetProperty(m => m.LastError, result.Error)
                                .SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
                            Log.TemporaryFailure(_log, row.Id, row.To, row.Attempts + 1, next, result.Error ?? "");
                            retry++;
                            break;
                        default:
                            var reason = result.Outcome == SendOutcome.Temporary
                                ? $"gave up after {row.Attempts + 1} attempts; last: {result.Error}" : result.Error ?? "rejected";
                            await db.Outbox.Where(m => m.Id == row.Id).ExecuteUpdateAsync(u => u
                                .SetProperty(m => m.Attempts, row.Attempts + 1).SetProperty(m => m.PermanentFailure, true).SetProperty(m => m.LastError, reason)
                                .SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
                            Log.PermanentFailure(_log, row.Id, row.To, reason);
                            failed++;
                            break;
                    }
                }
                await tx.CommitAsync(CancellationToken.None);
                foreach (var o in batch) o.Done.TrySetResult();
            }
        }
        catch (Exception ex)
        {
            // Unrecorded deliveries stay claimed and go out again after the lease: workers must stop, not run ahead.
            foreach (var o in batch) o.Done.TrySetException(ex);
            await foreach (var o in reader.ReadAllAsync(CancellationToken.None)) o.Done.TrySetException(ex);
            throw;
        }
        return (sent, retry, failed);
    }

    private TimeSpan Backoff(int attempt)
    {
        var exp = _o.Outbox.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20));
        var capped = Math.Min(exp, _o.Outbox.MaxRetryDelay.TotalMilliseconds);
        // Jitter spreads retries so a relay coming back is not hit by every message at once.
        return TimeSpan.FromMilliseconds(capped * (0.75 + Random.Shared.NextDouble() * 0.5));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var t in _transports) await t.DisposeAsync();
    }
}

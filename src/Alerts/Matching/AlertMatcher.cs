using Microsoft.EntityFrameworkCore;
using RiskWatch.Alerts.Data;
using RiskWatch.Core;

namespace RiskWatch.Alerts.Matching;

/// <summary>
/// Owns the subscription index: loads it from the database on first use and keeps it in step with every
/// subscription change made through <see cref="SubscriptionService"/>.
/// </summary>
public sealed class AlertMatcher(IDbContextFactory<AlertsDbContext> dbFactory)
{
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private volatile bool _loaded;
    private int _version;

    public SubscriptionIndex Index { get; } = new();

    public async Task EnsureLoadedAsync(CancellationToken ct)
    {
        if (_loaded) return;
        await _loadLock.WaitAsync(ct);
        try
        {
            if (_loaded) return;
            // A change saved while the snapshot is read would be lost: read again until none slipped in.
            for (int v = Volatile.Read(ref _version); ; v = Volatile.Read(ref _version))
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var subs = await db.Subscriptions.AsNoTracking()
                    .Where(s => s.Confirmed && s.UnsubscribedAt == null)
                    .ToListAsync(ct);
                Index.Load(subs.Select(MatchEntry.From));
                if (v == Volatile.Read(ref _version)) break;
            }
            _loaded = true;
        }
        finally { _loadLock.Release(); }
    }

    /// <summary>Keeps the index in step after a subscription was saved.</summary>
    public void Changed(Subscription s)
    {
        Interlocked.Increment(ref _version);
        if (!_loaded) return; // the first load reads it from the database
        if (s.Confirmed && s.UnsubscribedAt is null) Index.Upsert(MatchEntry.From(s));
        else Index.Remove(s.Id);
    }

    /// <summary>
    /// The subscriptions an item concerns, into <paramref name="into"/> (cleared first). A popular country's item matches
    /// tens of thousands of subscriptions: one buffer reused over a batch keeps that from becoming a large-object
    /// allocation per item (and the garbage collections that follow).
    /// </summary>
    public void MatchItem(RiskItem item, List<MatchEntry> into) =>
        Index.MatchInto(into, item.Countries, item.Level, item.Category, item.Title, item.Text);

    /// <summary>
    /// Level changes concern a country as a whole: every category filter matches, keywords do not apply. A subscription
    /// hears of the change when its minimum level is at most the higher of the two levels: a fall out of the range it
    /// watches is news to it, a move entirely below that range is not.
    /// </summary>
    public void MatchLevelChange(LevelChange c, List<MatchEntry> into) =>
        Index.MatchInto(into, [c.Country], Math.Max(c.NewLevel, c.OldLevel ?? 0), null, null, null);

    /// <summary>RiskWatch's own country level changed: the same rule as <see cref="MatchLevelChange"/>.</summary>
    public void MatchCountryLevelChange(CountryLevelChange c, List<MatchEntry> into) =>
        Index.MatchInto(into, [c.Country.ToUpperInvariant()], Math.Max(c.NewLevel, c.OldLevel), null, null, null);
}

/// <summary>Wakes the outbox sender as soon as rows are queued instead of waiting for the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try { if (_signal.CurrentCount == 0) _signal.Release(); }
        catch (SemaphoreFullException) { } // already signalled
    }

    internal Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

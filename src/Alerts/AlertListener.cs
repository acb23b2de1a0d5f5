using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Email;
using RiskWatch.Alerts.Matching;
using RiskWatch.Core;

namespace RiskWatch.Alerts;

/// <summary>
/// Turns each ingested batch, and each change of RiskWatch's own country risk level, into alerts: matches items and
/// level changes against subscriptions, drops what a subscriber already had, folds near-duplicates from several
/// publishers into one entry, and writes the immediate emails (outbox) together with the alert-log rows in one
/// SaveChanges. What the re-alert limit holds back, and everything for daily/weekly subscribers, waits in the digest table.
/// A rise of a level (official or RiskWatch's own) also drafts an advisory.
/// </summary>
internal sealed class AlertListener(
    AlertMatcher matcher,
    IDbContextFactory<AlertsDbContext> dbFactory,
    EmailComposer composer,
    AdvisoryService advisories,
    OutboxSignal signal,
    IOptions<AlertsOptions> options,
    TimeProvider time,
    ILogger<AlertListener> log) : IItemListener, ICountryLevelListener
{
    private const int ChunkSize = 500;
    // Batches may be reported concurrently; the dedupe reads and writes must not interleave.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AlertsOptions _o = options.Value;

    public async Task OnIngestedAsync(IngestBatch batch, CancellationToken ct)
    {
        if (batch.IsEmpty) return;
        await matcher.EnsureLoadedAsync(ct);
        // Matching runs outside the gate (the index is thread-safe); one buffer serves the whole batch.
        var matched = new Matched();
        var buffer = new List<MatchEntry>();
        foreach (var item in batch.Added.Concat(batch.Updated))
        {
            matcher.MatchItem(item, buffer);
            if (buffer.Count > 0) matched.Add(AlertEvent.FromItem(item), buffer);
        }
        foreach (var change in batch.LevelChanges)
        {
            matcher.MatchLevelChange(change, buffer);
            if (buffer.Count > 0) matched.Add(AlertEvent.FromLevelChange(change), buffer);
        }
        await _gate.WaitAsync(ct);
        try
        {
            await ProcessAsync(matched, ct);
        }
        finally { _gate.Release(); }

        foreach (var change in batch.LevelChanges.Where(c => c.OldLevel is int old && c.NewLevel > old))
            await advisories.CreateLevelRiseDraftAsync(change, ct);
    }

    /// <summary>
    /// RiskWatch's own level for a country moved up or down: the subscriptions following that country (or all countries)
    /// whose minimum level is at most the higher of the two levels hear of it, once per change (the alert log dedupes a
    /// change delivered twice), within the re-alert limit and their digest frequency like an official level change.
    /// A rise also drafts an advisory with the drivers filled in.
    /// </summary>
    public async Task OnCountryLevelChangedAsync(CountryLevelChange change, CancellationToken ct)
    {
        if (change.NewLevel == change.OldLevel || string.IsNullOrWhiteSpace(change.Country)) return;
        await matcher.EnsureLoadedAsync(ct);
        var buffer = new List<MatchEntry>();
        matcher.MatchCountryLevelChange(change, buffer);
        if (buffer.Count > 0)
        {
            var matched = new Matched();
            matched.Add(AlertEvent.FromCountryLevelChange(change, $"{_o.BaseUrl.TrimEnd('/')}/countries/{Uri.EscapeDataString(change.Country.ToUpperInvariant())}"), buffer);
            await _gate.WaitAsync(ct);
            try
            {
                await ProcessAsync(matched, ct);
            }
            finally { _gate.Release(); }
        }
        if (change.NewLevel > change.OldLevel) await advisories.CreateLevelRiseDraftAsync(change, ct);
    }

    /// <summary>The events of a batch grouped by subscriber.</summary>
    private sealed class Matched
    {
        public Dictionary<long, (MatchEntry Sub, List<AlertEvent> Events)> PerSub { get; } = [];
        public int Events { get; private set; }

        public void Add(AlertEvent ev, List<MatchEntry> matches)
        {
            Events++;
            foreach (var m in matches)
            {
                if (!PerSub.TryGetValue(m.Id, out var v)) PerSub[m.Id] = v = (m, []);
                v.Events.Add(ev);
            }
        }
    }

    private async Task ProcessAsync(Matched matched, CancellationToken ct)
    {
        var perSub = matched.PerSub;
        int events = matched.Events;
        if (perSub.Count == 0) return;

        int emails = 0, digest = 0, folded = 0;
        foreach (var chunk in perSub.Values.Chunk(ChunkSize))
        {
            var (e, d, f) = await ProcessChunkAsync(chunk, ct);
            emails += e; digest += d; folded += f;
        }
        if (emails > 0) signal.Notify();
        Log.Matched(log, events, perSub.Count, emails, digest, folded);
    }

    private async Task<(int Emails, int Digest, int Folded)> ProcessChunkAsync((MatchEntry Sub, List<AlertEvent> Events)[] chunk, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var since = now - _o.NearDuplicateWindow;
        var ids = chunk.Select(c => c.Sub.Id).ToList();
        var keys = chunk.SelectMany(c => c.Events.Select(e => e.Key)).Distinct().ToList();
        var clusters = chunk.SelectMany(c => c.Events.Select(e => e.ClusterKey)).Distinct().ToList();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var seen = (await db.AlertLog.AsNoTracking()
                .Where(a => ids.Contains(a.SubscriptionId) && keys.Contains(a.EventKey))
                .Select(a => new { a.SubscriptionId, a.EventKey }).ToListAsync(ct))
            .Select(a => (a.SubscriptionId, a.EventKey)).ToHashSet();
        var recent = (await db.AlertLog.AsNoTracking()
                .Where(a => ids.Contains(a.SubscriptionId) && clusters.Contains(a.ClusterKey) && a.At >= since)
                .Select(a => new { a.SubscriptionId, a.ClusterKey, a.Source }).ToListAsync(ct))
            .GroupBy(a => (a.SubscriptionId, a.ClusterKey))
            .ToDictionary(g => g.Key, g => g.Select(a => a.Source).ToHashSet());
        var immediateIds = chunk.Where(c => c.Sub.Frequency == "immediate").Select(c => c.Sub.Id).ToList();
        var realert = await db.RealertStates
            .Where(r => immediateIds.Contains(r.SubscriptionId))
            .ToDictionaryAsync(r => (r.SubscriptionId, r.Country), ct);

        int emails = 0, digest = 0, folded = 0;
        foreach (var (sub, evs) in chunk)
        {
            // 1. Drop what this subscriber already had; fold near-duplicates (same countries and level, another publisher).
            var entries = new List<(AlertEvent Event, List<SourceLink> Sources)>();
            var openByCluster = new Dictionary<string, List<(AlertEvent Event, List<SourceLink> Sources, HashSet<string> SourceNames)>>();
            foreach (var ev in evs.OrderByDescending(e => e.Level).ThenBy(e => e.At))
            {
                if (!seen.Add((sub.Id, ev.Key))) { folded++; continue; }
                bool isFolded = false;
                if (!ev.IsLevelChange && ev.Countries.Count > 0)
                {
                    // Already told within the window by another publisher about the same countries at the same level.
                    if (recent.TryGetValue((sub.Id, ev.ClusterKey), out var sources) && !sources.Contains(ev.Source))
                    {
                        sources.Add(ev.Source);
                        isFolded = true;
                    }
                    else
                    {
                        var open = openByCluster.TryGetValue(ev.ClusterKey, out var o) ? o : openByCluster[ev.ClusterKey] = [];
                        var into = open.FirstOrDefault(x => !x.SourceNames.Contains(ev.Source));
                        if (into.Event is not null)
                        {
                            into.Sources.AddRange(ev.Sources);
                            into.SourceNames.Add(ev.Source);
                            isFolded = true;
                        }
                        else
                        {
                            var list = new List<SourceLink>(ev.Sources);
                            open.Add((ev, list, [ev.Source]));
                            entries.Add((ev, list));
                        }
                    }
                }
                else entries.Add((ev, new List<SourceLink>(ev.Sources)));

                db.AlertLog.Add(new AlertLogEntry
                {
                    SubscriptionId = sub.Id, EventKey = ev.Key, ClusterKey = ev.ClusterKey, Source = ev.Source, At = now, Folded = isFolded,
                });
                if (isFolded) folded++;
            }
            if (entries.Count == 0) continue;

            // 2. Immediate within the re-alert limit; everything else waits for the digest.
            var toSend = new List<EmailEntry>();
            var allowedNow = new HashSet<string>(); // several entries for one country may share the one email
            foreach (var (ev, sources) in entries)
            {
                var country = CountryFor(sub, ev);
                // The reason names every publisher folded into this entry.
                var reason = (sources.Count > ev.Sources.Count ? ev with { Sources = sources } : ev).Reason(sub.Language);
                var entry = new EmailEntry(country, ev.Level, ev.TitleFor(sub.Language), reason, sources, ev.ItemId, ev.At, ev.Snippet);
                bool immediate = sub.Frequency == "immediate";
                if (immediate && !allowedNow.Contains(country) && realert.TryGetValue((sub.Id, country), out var state)
                    && state.LastImmediateAt > now - _o.RealertInterval)
                {
                    immediate = false;
                }
                if (immediate)
                {
                    toSend.Add(entry);
                    allowedNow.Add(country);
                    if (realert.TryGetValue((sub.Id, country), out var st)) st.LastImmediateAt = now;
                    else
                    {
                        var created = new RealertState { SubscriptionId = sub.Id, Country = country, LastImmediateAt = now };
                        realert[(sub.Id, country)] = created;
                        db.RealertStates.Add(created);
                    }
                }
                else
                {
                    db.DigestEntries.Add(new DigestEntry
                    {
                        SubscriptionId = sub.Id, Country = country, Level = entry.Level, Category = ev.IsLevelChange ? "" : ev.Category.Key(),
                        Title = entry.Title, Reason = entry.Reason, Sources = sources, ItemId = ev.ItemId, OccurredAt = ev.At,
                    });
                    digest++;
                }
            }
            if (toSend.Count > 0)
            {
                db.Outbox.Add(composer.Alert(new Recipient(sub.Id, sub.Email, sub.Language, sub.Organisation), toSend));
                emails++;
            }
        }
        // The outbox rows, the alert log and the digest entries commit together: an alert is never both lost and logged.
        await db.SaveChangesAsync(ct);
        return (emails, digest, folded);
    }

    /// <summary>The country an event counts against for this subscriber: the first one they follow.</summary>
    private static string CountryFor(MatchEntry sub, AlertEvent ev)
    {
        if (sub.Countries.Length > 0)
            foreach (var c in ev.Countries)
                if (Array.IndexOf(sub.Countries, c) >= 0) return c;
        return ev.Countries.Count > 0 ? ev.Countries[0] : "";
    }
}

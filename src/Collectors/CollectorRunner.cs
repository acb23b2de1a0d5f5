using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskWatch.Collectors.Fetching;
using RiskWatch.Collectors.State;
using RiskWatch.Core;

namespace RiskWatch.Collectors;

/// <summary>What one run of one source did. <see cref="Error"/> is the reason when <see cref="Success"/> is false.</summary>
/// <see cref="Skipped"/>: a scheduled firing found the source disabled and fetched nothing.
public sealed record SourceRunResult(
    string SourceId, bool Success, int Items, int Added, int Updated, int Unchanged, int LevelChanges, long Bytes, TimeSpan Duration, string? Error,
    bool Skipped = false);

/// <summary>
/// A source's configuration, state and health, for <c>/api/sources</c> and <c>/healthz</c>. <see cref="Origin"/>: built-in, configuration
/// or admin (added on the sources page; only those are <see cref="Removable"/>). <see cref="EnabledBy"/>: "admin" when a stored choice
/// overrides <see cref="ConfiguredEnabled"/>, else "configuration".
/// </summary>
public sealed record SourceStatus(
    string Id,
    string Name,
    string Kind,
    bool Enabled,
    string? Cron,
    string? Url,
    DateTimeOffset? LastRun,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    string? LastError,
    int ConsecutiveFailures,
    int ItemsSeen,
    long TotalItems,
    long Bytes,
    long DurationMs,
    bool Healthy,
    string Reason,
    string Origin = "built-in",
    string EnabledBy = "configuration",
    bool ConfiguredEnabled = false,
    int? IntervalMinutes = null,
    DateTimeOffset? LastSkipped = null,
    long Skips = 0,
    bool Removable = false);

/// <summary>
/// Runs one source: collect through a fetcher with the source's limits → ingest → record state (runs, items, bytes, duration,
/// validators, last error with its reason). Failure contract: a source's failure (fetch, format, any exception of the source or of
/// ingest) is caught, logged and recorded; <see cref="RunAsync"/> never throws for it. Only cancellation of <c>ct</c> propagates.
/// </summary>
public sealed class CollectorRunner
{
    private readonly SourceRegistry _registry;
    private readonly IngestPipeline _pipeline;
    private readonly IDbContextFactory<CollectorsDbContext> _db;
    private readonly FetcherFactory _fetchers;
    private readonly SourceCatalog _catalog;
    private readonly CollectorsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CollectorRunner> _log;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _running = new(StringComparer.OrdinalIgnoreCase);

    internal CollectorRunner(SourceRegistry registry, IngestPipeline pipeline, IDbContextFactory<CollectorsDbContext> db, FetcherFactory fetchers,
        SourceCatalog catalog, IOptions<CollectorsOptions> options, TimeProvider time, ILogger<CollectorRunner> log)
    {
        _registry = registry;
        _pipeline = pipeline;
        _db = db;
        _fetchers = fetchers;
        _catalog = catalog;
        _options = options.Value;
        _time = time;
        _log = log;
    }

    /// <summary>The sources as they are now (configuration plus the admins' stored choices).</summary>
    public SourceCatalog Catalog => _catalog;

    /// <summary>
    /// What a scheduled firing does: nothing but record the skip when the source is disabled now (read from the database), else
    /// <see cref="RunAsync"/>.
    /// </summary>
    public async Task<SourceRunResult> RunScheduledAsync(string sourceId, CancellationToken ct)
    {
        await _catalog.EnsureLoadedAsync(ct);
        // With a clustered scheduler, another node may have added this source: read the stored sources before giving up.
        if (_registry.Get(sourceId) is null) await _catalog.RefreshAsync(ct);
        if (_registry.Get(sourceId) is not null && !await _catalog.IsEnabledNowAsync(sourceId, ct))
        {
            await _catalog.RecordSkipAsync(sourceId, ct);
            Log.ScheduledRunSkipped(_log, sourceId);
            return new SourceRunResult(sourceId, false, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, "disabled", Skipped: true);
        }
        return await RunAsync(sourceId, ct);
    }

    /// <summary>Runs the source now, enabled or not (an admin's "run now" tries a source before enabling it).</summary>
    public async Task<SourceRunResult> RunAsync(string sourceId, CancellationToken ct)
    {
        await _catalog.EnsureLoadedAsync(ct);
        if (_registry.Get(sourceId) is null) await _catalog.RefreshAsync(ct);
        if (_registry.Get(sourceId) is not { } source)
        {
            Log.UnknownSource(_log, sourceId);
            return new SourceRunResult(sourceId, false, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, $"no source with id '{sourceId}'");
        }
        // A manual run and the scheduled one never overlap for the same source.
        var gate = _running.GetOrAdd(source.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            return await RunLockedAsync(source, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<SourceRunResult> RunLockedAsync(ISource source, CancellationToken ct)
    {
        var options = _catalog.For(source.Id);
        var started = _time.GetUtcNow();
        var clock = _time.GetTimestamp();
        var state = await LoadAsync(source.Id, ct);
        var validators = ReadValidators(state.Validators);
        var fetcher = _fetchers.Create(options, validators);
        SourceRunResult result;
        try
        {
            var items = await source.CollectAsync(fetcher, ct);
            var report = await _pipeline.IngestAsync(items, ct);
            result = new SourceRunResult(source.Id, true, items.Count, report.Added, report.Updated, report.Unchanged, report.LevelChanges, fetcher.BytesRead, _time.GetElapsedTime(clock), null);
            state.LastSuccess = started;
            state.ConsecutiveFailures = 0;
            state.ItemsSeen = items.Count;
            state.LastAdded = report.Added;
            state.LastUpdated = report.Updated;
            state.LastLevelChanges = report.LevelChanges;
            state.TotalItems += report.Added;
            // Validators are only kept once what they describe has been ingested, or a 304 would hide content never read.
            state.Validators = JsonSerializer.Serialize(fetcher.Validators);
            Log.RunSucceeded(_log, source.Id, items.Count, report.Added, report.Updated, report.LevelChanges, fetcher.BytesRead, _time.GetElapsedTime(clock).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var reason = Reason(ex);
            result = new SourceRunResult(source.Id, false, 0, 0, 0, 0, 0, fetcher.BytesRead, _time.GetElapsedTime(clock), reason);
            state.LastFailure = started;
            state.LastError = reason.Length > 2000 ? reason[..2000] : reason;
            state.ConsecutiveFailures++;
            state.Failures++;
            Log.RunFailed(_log, source.Id, state.ConsecutiveFailures, reason, ex);
        }
        state.Enabled = _catalog.IsEnabled(source.Id);
        state.LastRun = started;
        state.Runs++;
        state.Bytes = fetcher.BytesRead;
        state.DurationMs = (long)_time.GetElapsedTime(clock).TotalMilliseconds;
        await SaveAsync(state, CancellationToken.None);
        return result;
    }

    /// <summary>The reason a person can act on: the message of a fetch or format failure, else the exception type and message.</summary>
    private static string Reason(Exception ex) => ex switch
    {
        SourceFetchException => "fetch failed: " + ex.Message,
        SourceFormatException => "unreadable content: " + ex.Message,
        IndexUnavailableException => "index unavailable: " + ex.Message,
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    /// <summary>Every known source (registered or with stored state) with its health.</summary>
    public async Task<IReadOnlyList<SourceStatus>> GetStatusesAsync(CancellationToken ct)
    {
        // The stored choices are read again so every node of a cluster shows what any node's admin changed.
        await _catalog.RefreshAsync(ct);
        var skips = await _catalog.SkipsAsync(ct);
        await using var db = await _db.CreateDbContextAsync(ct);
        var states = (await db.SourceStates.AsNoTracking().ToListAsync(ct)).ToDictionary(s => s.SourceId, StringComparer.OrdinalIgnoreCase);
        var list = new List<SourceStatus>();
        foreach (var source in _registry.All)
        {
            states.TryGetValue(source.Id, out var s);
            var o = _catalog.For(source.Id);
            skips.TryGetValue(source.Id, out var skip);
            list.Add(Status(source.Id, o, s, skip.LastSkipped, skip.Skips));
        }
        return list;
    }

    private SourceStatus Status(string id, SourceOptions o, SourceState? s, DateTimeOffset? lastSkipped, long skips)
    {
        bool enabled = _catalog.IsEnabled(id);
        var kind = string.IsNullOrWhiteSpace(o.Kind) ? "built-in" : o.Kind.Trim().ToLowerInvariant();
        var url = !string.IsNullOrWhiteSpace(o.Url) ? o.Url : SourceRegistry.DefaultUrl(id)?.ToString();
        bool healthy;
        string reason;
        if (s is null || s.LastRun is null)
        {
            healthy = true;
            reason = enabled ? "not run yet" : "disabled";
        }
        else if (s.ConsecutiveFailures >= _options.UnhealthyAfterFailures)
        {
            healthy = false;
            reason = $"{s.ConsecutiveFailures} failed run(s) in a row: {s.LastError}";
        }
        else
        {
            healthy = true;
            reason = enabled ? $"ok: {s.ItemsSeen} items at the last run" : "disabled (last run succeeded)";
        }
        if (!enabled && lastSkipped is { } skipped && (s?.LastRun is null || skipped > s.LastRun))
            reason = $"disabled: scheduled run skipped at {skipped:yyyy-MM-dd HH:mm:ss} UTC";
        var origin = _catalog.Origin(id);
        return new SourceStatus(id, o.Name ?? id, kind, enabled, o.Cron, url, s?.LastRun, s?.LastSuccess, s?.LastFailure, s?.LastError,
            s?.ConsecutiveFailures ?? 0, s?.ItemsSeen ?? 0, s?.TotalItems ?? 0, s?.Bytes ?? 0, s?.DurationMs ?? 0, healthy, reason,
            origin switch { SourceOrigin.BuiltIn => "built-in", SourceOrigin.Admin => "admin", _ => "configuration" },
            _catalog.StoredEnabled(id) is null ? "configuration" : "admin", _catalog.ConfiguredEnabled(id), o.IntervalMinutes,
            lastSkipped, skips, origin == SourceOrigin.Admin);
    }

    private async Task<SourceState> LoadAsync(string id, CancellationToken ct)
    {
        await using var db = await _db.CreateDbContextAsync(ct);
        return await db.SourceStates.AsNoTracking().FirstOrDefaultAsync(s => s.SourceId == id, ct) ?? new SourceState { SourceId = id };
    }

    private async Task SaveAsync(SourceState state, CancellationToken ct)
    {
        await using var db = await _db.CreateDbContextAsync(ct);
        bool exists = await db.SourceStates.AnyAsync(s => s.SourceId == state.SourceId, ct);
        if (exists) db.SourceStates.Update(state);
        else db.SourceStates.Add(state);
        await db.SaveChangesAsync(ct);
    }

    private static Dictionary<string, UrlValidators> ReadValidators(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, UrlValidators>>(string.IsNullOrWhiteSpace(json) ? "{}" : json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;
using RiskWatch.Collectors.Generic;
using RiskWatch.Collectors.Scheduling;
using RiskWatch.Collectors.State;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors;

/// <summary>Where a source comes from: the code, the configuration, or an admin on the sources page.</summary>
public enum SourceOrigin { BuiltIn, Configuration, Admin }

/// <summary>A source an admin adds from the sources page or <c>POST /api/sources</c>: a generic rss, json or html source.</summary>
public sealed record NewSource
{
    /// <summary>Lower-case slug (a–z, 0–9, hyphens), unique, not a built-in id.</summary>
    public string? Id { get; init; }
    public string? Name { get; init; }
    /// <summary>rss (RSS or Atom), json or html.</summary>
    public string? Kind { get; init; }
    public string? Url { get; init; }
    /// <summary>Quartz cron, seconds first; or <see cref="IntervalMinutes"/>; neither: every 6 hours.</summary>
    public string? Cron { get; init; }
    public int? IntervalMinutes { get; init; }
    /// <summary>Default: enabled.</summary>
    public bool? Enabled { get; init; }
    public string? Item { get; init; }
    public string? Title { get; init; }
    public string? Link { get; init; }
    public string? Date { get; init; }
    public string? Body { get; init; }
    public string? Country { get; init; }
    public string? Level { get; init; }
    public IReadOnlyDictionary<string, int>? LevelMap { get; init; }
    /// <summary>Fixed countries of every item (ISO2, ISO3 or a name); empty: from the item, else the gazetteer.</summary>
    public IReadOnlyList<string>? Countries { get; init; }
    public string? Language { get; init; }
    public bool? FollowLinks { get; init; }
    public string? ArticleBody { get; init; }
    public int? MaxFollow { get; init; }
    public int? TimeoutSeconds { get; init; }
    /// <summary>Allows a URL on a loopback or private address (an intranet mirror). Default false.</summary>
    public bool? AllowPrivateNetwork { get; init; }
}

public enum SourceChangeStatus { Done, NotFound, Invalid, NotRemovable }

/// <summary>The outcome of an admin's change. <see cref="Errors"/> (field → messages) when <see cref="SourceChangeStatus.Invalid"/>.</summary>
public sealed record SourceChangeResult(SourceChangeStatus Status, IReadOnlyDictionary<string, string[]>? Errors = null, string? Message = null);

/// <summary>
/// The sources as they are now: the configuration is the default, an admin's stored choice (enabled or disabled; sources added on
/// the sources page) overrides it. Choices live in <c>collector_source_overrides</c>, so they survive restarts, and take effect at once:
/// an added or enabled source is scheduled immediately, a disabled one's scheduled firings are skipped (the job asks
/// <see cref="IsEnabledNowAsync"/>, which reads the database, so every node of a cluster sees the same choice).
/// Failure contract: invalid input is a <see cref="SourceChangeStatus.Invalid"/> result and nothing is stored; database errors propagate.
/// </summary>
public sealed partial class SourceCatalog
{
    public const int MaxIdLength = 64;
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly SourceSettings _settings;
    private readonly SourceRegistry _registry;
    private readonly IDbContextFactory<CollectorsDbContext> _db;
    private readonly TimeProvider _time;
    private readonly ISchedulerFactory? _schedulers;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, bool> _enabled = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SourceOptions> _added = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _read = new();
    private volatile bool _loaded;

    internal SourceCatalog(SourceSettings settings, SourceRegistry registry, IDbContextFactory<CollectorsDbContext> db, TimeProvider time,
        ISchedulerFactory? schedulers, ILogger log)
    {
        _settings = settings;
        _registry = registry;
        _db = db;
        _time = time;
        _schedulers = schedulers;
        _log = log;
    }

    /// <summary>The configuration the catalog starts from.</summary>
    public SourceSettings Settings => _settings;

    /// <summary>Reads the stored choices once (the tables must exist) and registers the sources admins added.</summary>
    public Task EnsureLoadedAsync(CancellationToken ct) => _loaded ? Task.CompletedTask : LoadAsync(refresh: false, ct);

    /// <summary>
    /// Reads the stored choices again: a source another node added (whose job the clustered scheduler may fire here) and
    /// enable/disable choices made there become known on this node without a restart.
    /// </summary>
    public Task RefreshAsync(CancellationToken ct) => LoadAsync(refresh: true, ct);

    private async Task LoadAsync(bool refresh, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_loaded && !refresh) return;
            await using var db = await _db.CreateDbContextAsync(ct);
            List<SourceOverride> rows;
            try
            {
                rows = await db.SourceOverrides.AsNoTracking().ToListAsync(ct);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 1 && ex.Message.Contains("no such table", StringComparison.Ordinal))
            {
                // A CLI verb that never created the tables: nothing stored yet, configuration only.
                rows = [];
            }
            foreach (var row in rows)
            {
                bool known;
                lock (_read) known = _added.ContainsKey(row.SourceId);
                if (row.Definition is { Length: > 0 } json && !known)
                {
                    if (_registry.Get(row.SourceId) is not null)
                    {
                        Log.AddedSourceShadowed(_log, row.SourceId);
                        continue;
                    }
                    var o = JsonSerializer.Deserialize<SourceOptions>(json, Json);
                    var problems = o is null ? ["unreadable definition"] : SourceSettings.Validate(row.SourceId, o);
                    if (problems.Count > 0)
                    {
                        Log.AddedSourceInvalid(_log, row.SourceId, string.Join("; ", problems));
                        continue;
                    }
                    lock (_read) _added[row.SourceId] = o!;
                    _registry.TryAdd(new ConfiguredSource(row.SourceId, o!));
                }
                if (row.Enabled is { } e) lock (_read) _enabled[row.SourceId] = e;
            }
            _loaded = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>At start: schedules every source that is enabled now and has no job yet (configuration-enabled ones were scheduled at composition).</summary>
    public async Task ScheduleEnabledAsync(CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        if (_schedulers is null) return;
        var scheduler = await _schedulers.GetScheduler(ct);
        foreach (var s in _registry.All)
            if (IsEnabled(s.Id)) await CollectorSchedule.EnsureAsync(scheduler, s.Id, For(s.Id), _time, ct);
    }

    /// <summary>The options of a source: an added source's definition, else the configuration (with defaults).</summary>
    public SourceOptions For(string id)
    {
        lock (_read) if (_added.TryGetValue(id, out var o)) return o;
        return _settings.For(id);
    }

    /// <summary>What decides now: the admin's stored choice when there is one, else the configuration.</summary>
    public bool IsEnabled(string id)
    {
        lock (_read) if (_enabled.TryGetValue(id, out var e)) return e;
        return For(id).Enabled == true;
    }

    /// <summary>What the configuration (or an added source's definition) says, before any stored choice.</summary>
    public bool ConfiguredEnabled(string id) => For(id).Enabled == true;

    /// <summary>The admin's stored choice; null when the configuration decides.</summary>
    public bool? StoredEnabled(string id)
    {
        lock (_read) return _enabled.TryGetValue(id, out var e) ? e : null;
    }

    public SourceOrigin Origin(string id)
    {
        if (SourceRegistry.IsBuiltIn(id)) return SourceOrigin.BuiltIn;
        lock (_read) return _added.ContainsKey(id) ? SourceOrigin.Admin : SourceOrigin.Configuration;
    }

    /// <summary>
    /// The stored choice read from the database (what a scheduled firing obeys, so a change made on another node counts too),
    /// refreshing this node's copy.
    /// </summary>
    public async Task<bool> IsEnabledNowAsync(string id, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        await using var db = await _db.CreateDbContextAsync(ct);
        var stored = await db.SourceOverrides.AsNoTracking().Where(o => o.SourceId == id).Select(o => o.Enabled).FirstOrDefaultAsync(ct);
        lock (_read)
        {
            if (stored is { } e) _enabled[id] = e;
            else _enabled.Remove(id);
        }
        return IsEnabled(id);
    }

    /// <summary>Records that a scheduled firing found the source disabled and did nothing.</summary>
    internal async Task RecordSkipAsync(string id, CancellationToken ct)
    {
        await using var db = await _db.CreateDbContextAsync(ct);
        var row = await db.SourceOverrides.FirstOrDefaultAsync(o => o.SourceId == id, ct);
        if (row is null)
        {
            row = new SourceOverride { SourceId = id, UpdatedAt = _time.GetUtcNow() };
            db.SourceOverrides.Add(row);
        }
        row.LastSkipped = _time.GetUtcNow();
        row.Skips++;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>When scheduled firings were skipped because the source is disabled (for the status).</summary>
    internal async Task<Dictionary<string, (DateTimeOffset? LastSkipped, long Skips)>> SkipsAsync(CancellationToken ct)
    {
        await using var db = await _db.CreateDbContextAsync(ct);
        return (await db.SourceOverrides.AsNoTracking().Where(o => o.Skips > 0).ToListAsync(ct))
            .ToDictionary(o => o.SourceId, o => (o.LastSkipped, o.Skips), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Stores the admin's choice; enabling a source without a job schedules it at once.</summary>
    public async Task<SourceChangeResult> SetEnabledAsync(string id, bool enabled, string? by, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        if (_registry.Get(id) is not { } source) return new SourceChangeResult(SourceChangeStatus.NotFound, Message: $"no source '{id}'");
        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await _db.CreateDbContextAsync(ct);
            var row = await db.SourceOverrides.FirstOrDefaultAsync(o => o.SourceId == source.Id, ct);
            if (row is null)
            {
                row = new SourceOverride { SourceId = source.Id };
                db.SourceOverrides.Add(row);
            }
            row.Enabled = enabled;
            row.UpdatedAt = _time.GetUtcNow();
            row.UpdatedBy = by;
            await db.SaveChangesAsync(ct);
            lock (_read) _enabled[source.Id] = enabled;
        }
        finally
        {
            _gate.Release();
        }
        // The job stays when a source is disabled: its firings then skip and say so, which is what an operator can check.
        if (enabled && _schedulers is not null)
            await CollectorSchedule.EnsureAsync(await _schedulers.GetScheduler(ct), source.Id, For(source.Id), _time, ct);
        Log.SourceSwitched(_log, source.Id, enabled, by ?? "?");
        return new SourceChangeResult(SourceChangeStatus.Done);
    }

    /// <summary>Validates, stores, registers and schedules a new generic source. Invalid input stores nothing.</summary>
    public async Task<SourceChangeResult> AddAsync(NewSource input, string? by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        await EnsureLoadedAsync(ct);
        await _gate.WaitAsync(ct);
        string id;
        SourceOptions options;
        try
        {
            var (built, errors) = Build(input);
            if (errors.Count > 0) return Invalid(errors);
            (id, options) = built!.Value;
            if (_registry.Get(id) is not null)
                return Invalid(new() { ["id"] = [$"标识“{id}”已被其他数据源使用 (the id '{id}' is taken by another source)"] });
            await using var db = await _db.CreateDbContextAsync(ct);
            // A stale row (e.g. a skip record of a source removed from the configuration) gives way to the new definition.
            var row = await db.SourceOverrides.FirstOrDefaultAsync(o => o.SourceId == id, ct);
            if (row is null)
            {
                row = new SourceOverride { SourceId = id };
                db.SourceOverrides.Add(row);
            }
            row.Definition = JsonSerializer.Serialize(options, Json);
            row.Enabled = options.Enabled;
            row.UpdatedAt = _time.GetUtcNow();
            row.UpdatedBy = by;
            row.LastSkipped = null;
            row.Skips = 0;
            // A state left by an earlier source of the same id would show its runs and validators as this one's.
            await db.SourceStates.Where(s => s.SourceId == id).ExecuteDeleteAsync(ct);
            await db.SaveChangesAsync(ct);
            lock (_read)
            {
                _added[id] = options;
                _enabled[id] = options.Enabled == true;
            }
            _registry.TryAdd(new ConfiguredSource(id, options));
        }
        finally
        {
            _gate.Release();
        }
        if (options.Enabled == true && _schedulers is not null)
            await CollectorSchedule.EnsureAsync(await _schedulers.GetScheduler(ct), id, options, _time, ct);
        Log.SourceAdded(_log, id, options.Kind!, options.Url!, by ?? "?");
        return new SourceChangeResult(SourceChangeStatus.Done);
    }

    /// <summary>Removes a source an admin added (its job, stored choice and state; its items stay in the index). Others can only be disabled.</summary>
    public async Task<SourceChangeResult> RemoveAsync(string id, string? by, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        if (_registry.Get(id) is not { } source) return new SourceChangeResult(SourceChangeStatus.NotFound, Message: $"no source '{id}'");
        if (Origin(source.Id) != SourceOrigin.Admin)
            return new SourceChangeResult(SourceChangeStatus.NotRemovable, Message: SourceRegistry.IsBuiltIn(source.Id)
                ? $"'{source.Id}' is a built-in source: it can be disabled, not removed"
                : $"'{source.Id}' comes from the configuration (RiskWatch:Sources:{source.Id}): disable it here or remove it from the configuration");
        await _gate.WaitAsync(ct);
        try
        {
            if (_schedulers is not null) await (await _schedulers.GetScheduler(ct)).DeleteJob(CollectorSchedule.JobKey(source.Id), ct);
            await using var db = await _db.CreateDbContextAsync(ct);
            await db.SourceOverrides.Where(o => o.SourceId == source.Id).ExecuteDeleteAsync(ct);
            await db.SourceStates.Where(s => s.SourceId == source.Id).ExecuteDeleteAsync(ct);
            lock (_read)
            {
                _added.Remove(source.Id);
                _enabled.Remove(source.Id);
            }
            _registry.Remove(source.Id);
        }
        finally
        {
            _gate.Release();
        }
        Log.SourceRemoved(_log, source.Id, by ?? "?");
        return new SourceChangeResult(SourceChangeStatus.Done);
    }

    private static SourceChangeResult Invalid(Dictionary<string, string[]> errors) => new(SourceChangeStatus.Invalid, errors);

    /// <summary>Checks every field of <paramref name="input"/> (errors by field, in Chinese with the English after) and builds the options.</summary>
    internal static ((string Id, SourceOptions Options)? Built, Dictionary<string, string[]> Errors) Build(NewSource input)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }
        static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

        var id = Trim(input.Id)?.ToLowerInvariant() ?? "";
        if (id.Length == 0) Add("id", "请填写标识 (an id is required)");
        else if (id.Length > MaxIdLength || !Slug().IsMatch(id)) Add("id", $"标识只能由小写字母、数字和连字符组成，最长 {MaxIdLength} 个字符 (the id is a slug: a–z, 0–9 and hyphens, at most {MaxIdLength} characters)");
        else if (SourceRegistry.IsBuiltIn(id)) Add("id", $"“{id}”是内置数据源的标识 ('{id}' is a built-in source)");

        var name = Trim(input.Name);
        if (name is { Length: > 100 }) Add("name", "名称最长 100 个字符 (the name is at most 100 characters)");

        var kind = Trim(input.Kind)?.ToLowerInvariant();
        if (kind is not ("rss" or "json" or "html")) Add("kind", "类型须为 rss、json 或 html (kind must be rss, json or html)");

        var url = Trim(input.Url);
        if (url is null) Add("url", "请填写网址 (a URL is required)");
        else if (url.Length > 2000 || !SourceSettings.IsHttpUrl(url)) Add("url", "网址须为完整的 http 或 https 地址 (the URL must be an absolute http or https URL)");

        var cron = Trim(input.Cron);
        if (cron is not null && input.IntervalMinutes is not null) Add("schedule", "请只填写 cron 表达式或间隔分钟数之一 (give either a cron expression or an interval, not both)");
        else if (cron is not null && !SourceSettings.IsCron(cron)) Add("cron", $"“{cron}”不是有效的 Quartz cron 表达式，秒在最前，例如 0 0 */6 * * ? ('{cron}' is not a Quartz cron expression, seconds first, e.g. 0 0 */6 * * ?)");
        else if (input.IntervalMinutes is < 1 or > 10080) Add("intervalMinutes", "间隔须在 1 到 10080 分钟之间 (the interval is 1 to 10080 minutes)");

        if (kind == "html" && Trim(input.Item) is null) Add("item", "html 数据源需要条目的 CSS 选择器 (an html source needs the CSS selector of one item)");
        if (kind == "html")
        {
            foreach (var (field, selector) in new[] { ("item", input.Item), ("title", input.Title), ("link", input.Link), ("date", input.Date), ("body", input.Body), ("level", input.Level), ("articleBody", input.ArticleBody) })
                if (Trim(selector) is { } sel && !IsSelector(sel)) Add(field, $"“{sel}”不是有效的 CSS 选择器 ('{sel}' is not a valid CSS selector)");
        }
        else if (Trim(input.ArticleBody) is { } article && !IsSelector(article)) Add("articleBody", $"“{article}”不是有效的 CSS 选择器 ('{article}' is not a valid CSS selector)");

        var countries = new List<string>();
        foreach (var c in input.Countries ?? [])
        {
            if (string.IsNullOrWhiteSpace(c)) continue;
            if (CountryTable.Resolve(c.Trim()) is { } country) { if (!countries.Contains(country.Iso2)) countries.Add(country.Iso2); }
            else Add("countries", $"不认识的国家：“{c.Trim()}” (unknown country '{c.Trim()}')");
        }

        var language = Trim(input.Language);
        if (language is not null && !LanguageTag().IsMatch(language)) Add("language", "语言须为 zh、en 之类的语言代码 (the language is a code such as zh or en)");

        var levelMap = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (text, level) in input.LevelMap ?? new Dictionary<string, int>())
        {
            if (string.IsNullOrWhiteSpace(text)) Add("levelMap", "等级对照的文字不能为空 (a level map entry needs a text)");
            else if (level is < 1 or > 5) Add("levelMap", $"“{text}”的等级须为 1–5 (the level of '{text}' must be 1–5)");
            else levelMap[text.Trim()] = level;
        }
        if (input.MaxFollow is < 1 or > 500) Add("maxFollow", "跟进链接数须为 1–500 (maxFollow is 1–500)");
        if (input.TimeoutSeconds is < 1 or > 600) Add("timeoutSeconds", "超时须为 1–600 秒 (timeoutSeconds is 1–600)");

        if (errors.Count > 0) return (null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        var o = new SourceOptions
        {
            Kind = kind, Name = name, Url = url, Cron = cron, IntervalMinutes = input.IntervalMinutes, Enabled = input.Enabled ?? true,
            Item = Trim(input.Item), Title = Trim(input.Title), Link = Trim(input.Link), Date = Trim(input.Date), Body = Trim(input.Body),
            Country = Trim(input.Country), Level = Trim(input.Level), LevelMap = levelMap, Countries = countries, Language = language,
            FollowLinks = input.FollowLinks ?? false, ArticleBody = Trim(input.ArticleBody), MaxFollow = input.MaxFollow ?? 20,
            TimeoutSeconds = input.TimeoutSeconds ?? 30, AllowPrivateNetwork = input.AllowPrivateNetwork ?? false,
        };
        SourceSettings.ApplyDefaults(id, o);
        // The same rules as configuration, as a last net.
        var rest = SourceSettings.Validate(id, o);
        if (rest.Count > 0) return (null, new Dictionary<string, string[]> { ["source"] = rest.Select(r => r.TrimStart(':', ' ')).ToArray() });
        return ((id, o), []);
    }

    private static readonly HtmlParser Parser = new();

    private static bool IsSelector(string selector)
    {
        try
        {
            Parser.ParseDocument("<html></html>").QuerySelector(selector);
            return true;
        }
        catch (AngleSharp.Dom.DomException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")]
    private static partial Regex LanguageTag();
}

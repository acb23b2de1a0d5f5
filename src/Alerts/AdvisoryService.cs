using Ganss.Xss;
using Markdig;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Email;
using RiskWatch.Alerts.Matching;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Alerts;

/// <summary>What an analyst writes: kind "advisory" (预警提示), "prevention" (防范建议) or "case" (典型案例通报).</summary>
public sealed record AdvisoryInput
{
    public string? Kind { get; init; }
    public string? Title { get; init; }
    public string? BodyMarkdown { get; init; }
    public IReadOnlyList<string>? Countries { get; init; }
    public IReadOnlyList<string>? Categories { get; init; }
    public IReadOnlyList<string>? ItemIds { get; init; }
}

/// <summary>An advisory or case notice; <see cref="BodyHtml"/> is the Markdown rendered and sanitized.</summary>
public sealed record AdvisoryView(
    long Id, string Kind, string Title, string BodyMarkdown, string BodyHtml, IReadOnlyList<string> Countries, IReadOnlyList<string> Categories,
    IReadOnlyList<string> ItemIds, string Status, string? Author, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt, int Recipients);

public enum AdvisoryStatus { Ok, NotFound, Invalid, AlreadyPublished }

/// <summary>NotFound → 404, Invalid → ValidationProblem with <see cref="Errors"/>, AlreadyPublished → 409.</summary>
public sealed record AdvisoryResult(AdvisoryStatus Status, AdvisoryView? Advisory = null, IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>The email as a subscriber would receive it.</summary>
public sealed record AdvisoryPreview(string Subject, string Html, string Text);

/// <summary>Advisories, prevention advice and typical-case notices: drafts, preview, publish (which emails matching subscribers).</summary>
public sealed class AdvisoryService
{
    public static readonly IReadOnlyList<string> Kinds = ["advisory", "prevention", "case"];
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    private readonly IDbContextFactory<AlertsDbContext> _dbFactory;
    private readonly EmailComposer _composer;
    private readonly AlertMatcher _matcher;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly AlertsOptions _o;
    private readonly ILogger<AdvisoryService> _log;

    internal AdvisoryService(IDbContextFactory<AlertsDbContext> dbFactory, EmailComposer composer, AlertMatcher matcher, OutboxSignal signal,
        TimeProvider time, IOptions<AlertsOptions> options, ILogger<AdvisoryService> log)
    {
        _dbFactory = dbFactory; _composer = composer; _matcher = matcher; _signal = signal; _time = time; _o = options.Value; _log = log;
    }

    public async Task<AdvisoryResult> CreateDraftAsync(AdvisoryInput input, string? author, CancellationToken ct)
    {
        var errors = Validate(input, out var clean);
        if (errors.Count > 0) return new AdvisoryResult(AdvisoryStatus.Invalid, null, errors);
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var now = _time.GetUtcNow();
        var a = new Advisory { Author = author, CreatedAt = now, UpdatedAt = now, Status = "draft" };
        clean.ApplyTo(a);
        db.Advisories.Add(a);
        await db.SaveChangesAsync(ct);
        return new AdvisoryResult(AdvisoryStatus.Ok, View(a));
    }

    /// <summary>Edits a draft; a published notice is final (AlreadyPublished).</summary>
    public async Task<AdvisoryResult> UpdateAsync(long id, AdvisoryInput input, CancellationToken ct)
    {
        var errors = Validate(input, out var clean);
        if (errors.Count > 0) return new AdvisoryResult(AdvisoryStatus.Invalid, null, errors);
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var a = await db.Advisories.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return new AdvisoryResult(AdvisoryStatus.NotFound);
        if (a.Status == "published") return new AdvisoryResult(AdvisoryStatus.AlreadyPublished, View(a));
        clean.ApplyTo(a);
        a.UpdatedAt = _time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new AdvisoryResult(AdvisoryStatus.Ok, View(a));
    }

    public async Task<AdvisoryView?> GetAsync(long id, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var a = await db.Advisories.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return a is null ? null : View(a);
    }

    /// <summary>Newest first. <paramref name="kinds"/> empty = every kind (the cases page passes ["case"]); status "draft", "published" or null.</summary>
    public async Task<IReadOnlyList<AdvisoryView>> ListAsync(IReadOnlyList<string>? kinds, string? status, string? country, int skip, int take, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var q = db.Advisories.AsNoTracking();
        if (kinds is { Count: > 0 }) q = q.Where(a => kinds.Contains(a.Kind));
        if (!string.IsNullOrEmpty(status)) q = q.Where(a => a.Status == status);
        var list = await q.OrderByDescending(a => a.UpdatedAt).ToListAsync(ct);
        if (!string.IsNullOrEmpty(country)) list = list.Where(a => a.Countries.Contains(country.ToUpperInvariant())).ToList();
        return list.Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).Select(View).ToList();
    }

    /// <summary>The email of a stored advisory in the language asked for.</summary>
    public async Task<AdvisoryPreview?> PreviewAsync(long id, string language, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var a = await db.Advisories.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return null;
        var (s, h, t) = _composer.PreviewAdvisory(a, language);
        return new AdvisoryPreview(s, h, t);
    }

    /// <summary>The email of unsaved input (live preview while editing).</summary>
    public AdvisoryPreview Preview(AdvisoryInput input, string language)
    {
        Validate(input, out var clean);
        var a = new Advisory();
        clean.ApplyTo(a);
        var (s, h, t) = _composer.PreviewAdvisory(a, language);
        return new AdvisoryPreview(s, h, t);
    }

    /// <summary>
    /// Publishes a draft: in one transaction the status changes and one email per confirmed subscriber whose countries
    /// match (empty = all) is queued. Publishing twice sends nothing more.
    /// </summary>
    public async Task<AdvisoryResult> PublishAsync(long id, CancellationToken ct)
    {
        await _matcher.EnsureLoadedAsync(ct);
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var a = await db.Advisories.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return new AdvisoryResult(AdvisoryStatus.NotFound);
        if (a.Status == "published") return new AdvisoryResult(AdvisoryStatus.AlreadyPublished, View(a));
        var recipients = _matcher.Index.MatchCountries(a.Countries);
        var now = _time.GetUtcNow();
        a.Status = "published";
        a.PublishedAt = now;
        a.UpdatedAt = now;
        a.Recipients = recipients.Length;
        int pending = 0;
        foreach (var r in recipients)
        {
            db.Outbox.Add(_composer.AdvisoryNotice(new Recipient(r.Id, r.Email, r.Language, r.Organisation), a));
            if (++pending >= 1000) { await db.SaveChangesAsync(ct); db.ChangeTracker.Clear(); db.Attach(a); pending = 0; }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        _signal.Notify();
        Log.Published(_log, a.Id, a.Kind, recipients.Length);
        return new AdvisoryResult(AdvisoryStatus.Ok, View(a));
    }

    /// <summary>A rise in a country's official level drafts an advisory with the drivers filled in (published at once when configured).</summary>
    internal Task CreateLevelRiseDraftAsync(LevelChange c, CancellationToken ct)
    {
        var name = CountryTable.ByIso2(c.Country)?.NameZh ?? c.Country;
        var body = $"""
            ## 变化

            - 发布方：{Md(c.Source)}
            - 原等级：{(c.OldLevel is int o ? RiskLevels.Name(o) : "无")}{(c.OldRawLevel is { } or ? $"（{Md(or)}）" : "")}
            - 新等级：{RiskLevels.Name(c.NewLevel)}{(c.NewRawLevel is { } nr ? $"（{Md(nr)}）" : "")}
            - 时间：{c.At:yyyy-MM-dd HH:mm} UTC
            - 原文：[{Md(c.Title)}]({(Emails.IsSafeUrl(c.Url) ? c.Url : "")})

            ## 防范建议

            （请研判人员补充。）
            """;
        return CreateRiseDraftAsync(c.Country, c.NewLevel, $"{name}风险等级上调至{RiskLevels.Name(c.NewLevel)}", body, [c.ItemId], null, ct);
    }

    /// <summary>
    /// A rise in RiskWatch's own country risk level drafts an advisory with the levels, scores and drivers filled in
    /// (published at once when configured). The same change delivered twice drafts once.
    /// </summary>
    internal Task CreateLevelRiseDraftAsync(CountryLevelChange c, CancellationToken ct)
    {
        var iso = c.Country.ToUpperInvariant();
        var name = CountryTable.ByIso2(iso)?.NameZh ?? iso;
        static string Score(double s) => s.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        var drivers = c.Drivers.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => "- " + Md(d.Trim())).ToList();
        var body = $"""
            ## 变化

            - 来源：RiskWatch 国家风险指数
            - 原等级：{RiskLevels.Name(c.OldLevel)}（{Score(c.OldScore)} 分）
            - 新等级：{RiskLevels.Name(c.NewLevel)}（{Score(c.NewScore)} 分）
            - 时间：{c.At:yyyy-MM-dd HH:mm} UTC

            ## 主要驱动因素

            {(drivers.Count > 0 ? string.Join("\n", drivers) : "（无）")}

            ## 防范建议

            （请研判人员补充。）
            """;
        return CreateRiseDraftAsync(iso, c.NewLevel, $"{name}风险等级上调至{RiskLevels.Name(c.NewLevel)}（RiskWatch 国家风险指数）", body, [], c.At, ct);
    }

    /// <summary>
    /// Saves the system's draft; with <paramref name="onceSince"/>, not when the system already drafted the same title since
    /// then (a change delivered again finds the draft of its first delivery; a later rise has a later time).
    /// </summary>
    private async Task CreateRiseDraftAsync(string country, int level, string title, string body, List<string> itemIds, DateTimeOffset? onceSince, CancellationToken ct)
    {
        if (onceSince is DateTimeOffset since)
        {
            await using var db = await _dbFactory.CreateDbContextAsync(ct);
            if (await db.Advisories.AnyAsync(a => a.Author == SystemAuthor && a.Title == title && a.CreatedAt >= since, ct)) return;
        }
        var result = await CreateDraftAsync(new AdvisoryInput
        {
            Kind = "advisory", Title = title, BodyMarkdown = body, Countries = [country], ItemIds = itemIds,
        }, SystemAuthor, ct);
        if (result.Advisory is null) return;
        Log.DraftCreated(_log, result.Advisory.Id, country, level);
        if (_o.AutoPublishLevelRiseAdvisories) await PublishAsync(result.Advisory.Id, ct);
    }

    private const string SystemAuthor = "system";

    // Collected titles are untrusted: keep them from forming Markdown links or HTML.
    private static string Md(string s) => s.Replace("\\", "\\\\").Replace("[", "\\[").Replace("]", "\\]").Replace("<", "&lt;").Replace("\n", " ");

    private static AdvisoryView View(Advisory a) => new(a.Id, a.Kind, a.Title, a.BodyMarkdown, RenderHtml(a.BodyMarkdown), a.Countries, a.Categories,
        a.ItemIds, a.Status, a.Author, a.CreatedAt, a.UpdatedAt, a.PublishedAt, a.Recipients);

    /// <summary>Markdown to HTML, sanitized (scripts, event handlers and javascript: links removed).</summary>
    public static string RenderHtml(string markdown) => new HtmlSanitizer().Sanitize(Markdown.ToHtml(markdown ?? "", Pipeline));

    private sealed record Clean(string Kind, string Title, string Body, List<string> Countries, List<string> Categories, List<string> ItemIds)
    {
        public void ApplyTo(Advisory a)
        {
            a.Kind = Kind; a.Title = Title; a.BodyMarkdown = Body; a.Countries = Countries; a.Categories = Categories; a.ItemIds = ItemIds;
        }
    }

    private static Dictionary<string, string[]> Validate(AdvisoryInput i, out Clean clean)
    {
        var errors = new Dictionary<string, string[]>();
        var kind = (i.Kind ?? "advisory").Trim().ToLowerInvariant();
        if (!Kinds.Contains(kind)) errors["kind"] = ["kind must be \"advisory\" (预警提示), \"prevention\" (防范建议) or \"case\" (典型案例通报)."];
        var title = (i.Title ?? "").Trim();
        if (title.Length == 0) errors["title"] = ["A title is required."];
        else if (title.Length > 300) errors["title"] = ["The title is longer than 300 characters."];
        var body = i.BodyMarkdown ?? "";
        if (body.Length > 200_000) errors["bodyMarkdown"] = ["The body is longer than 200,000 characters."];
        var countries = new List<string>();
        var bad = new List<string>();
        foreach (var c in i.Countries ?? [])
        {
            if (CountryTable.Resolve(c) is { } k) { if (!countries.Contains(k.Iso2)) countries.Add(k.Iso2); }
            else bad.Add(c);
        }
        if (bad.Count > 0) errors["countries"] = [$"Unknown country codes: {string.Join(", ", bad.Take(10))}."];
        var cats = new List<string>();
        foreach (var c in i.Categories ?? [])
        {
            if (RiskCategories.Parse(c) is RiskCategory rc) { if (!cats.Contains(rc.Key())) cats.Add(rc.Key()); }
            else errors["categories"] = [$"Unknown category '{c}'."];
        }
        var items = (i.ItemIds ?? []).Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).Distinct().ToList();
        clean = new Clean(Kinds.Contains(kind) ? kind : "advisory", title, body, countries, cats, items);
        return errors;
    }
}

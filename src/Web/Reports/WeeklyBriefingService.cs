using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using Quartz;
using RiskWatch.Alerts;
using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Matching;
using RiskWatch.Core;
using RiskWatch.Core.Countries;
using RiskWatch.Scoring.Country;
using RiskWatch.Web.Api;
using RiskWatch.Web.Hosting;

namespace RiskWatch.Web.Reports;

/// <summary>What the Reports page and <c>GET /api/reports/weekly</c> show.</summary>
public sealed record WeeklyBriefingView(
    bool Enabled, string Cron, string TimeZone, DateTimeOffset? NextRun, string Language, string Format, IReadOnlyList<string> Countries,
    IReadOnlyList<string> Recipients, string RecipientsFrom, IReadOnlyList<WeeklyBriefingSent> Recent);

/// <summary>One queued briefing e-mail and its delivery.</summary>
public sealed record WeeklyBriefingSent(string To, string Subject, DateTimeOffset QueuedAt, DateTimeOffset? SentAt, string? LastError, bool Failed);

/// <summary>What one sending did: the period, the countries, who was queued now and who already had this period's briefing.</summary>
public sealed record WeeklyBriefingResult(
    DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Countries, IReadOnlyList<string> Queued, IReadOnlyList<string> AlreadyQueued, string? Reason);

/// <summary>
/// Builds the weekly briefing (the 7 whole days before the day of sending, in the configured time zone) and queues one e-mail per
/// recipient in the Alerts outbox (HTML summary + the briefing attached), so the outbox sender delivers it with its retries.
/// Idempotent per period and recipient: the outbox row's id is derived from both, so a second firing (a retry, a second node,
/// "send now" on the same day) queues nothing twice.
/// Alerts has no public method to queue an arbitrary message, so the row is written here through <see cref="AlertsDbContext"/>,
/// with the same From, 7-bit encoding and DKIM settings as Alerts' own mail.
/// </summary>
public sealed class WeeklyBriefingService(
    IOptions<WeeklyBriefingOptions> options,
    IOptions<AlertsOptions> alerts,
    IRiskIndex index,
    CountryRiskService risk,
    BriefingExporter exporter,
    IDbContextFactory<AlertsDbContext> outbox,
    OutboxSignal signal,
    WebDbContext web,
    ISchedulerFactory schedulers,
    TimeProvider time,
    ILogger<WeeklyBriefingService> log)
{
    public const string Kind = "weekly-briefing";
    public static readonly JobKey JobKey = new("weekly-briefing", "reports");
    private readonly WeeklyBriefingOptions _o = options.Value;

    public static bool IsAddress(string? s) =>
        !string.IsNullOrWhiteSpace(s) && MailboxAddress.TryParse(s.Trim(), out var m) && m is not null && m.Address.Contains('@') && m.Address.Length <= 320 && string.IsNullOrEmpty(m.Name);

    /// <summary>The recipients in force: the stored list when a briefing officer saved one, else the configuration's.</summary>
    public async Task<(IReadOnlyList<string> Recipients, string From)> RecipientsAsync(CancellationToken ct)
    {
        var stored = await web.WeeklyBriefingSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == 1, ct);
        return stored is null
            ? (_o.Recipients.Select(r => r.Trim()).ToList(), "configuration")
            : (JsonSerializer.Deserialize<List<string>>(stored.Recipients) ?? [], "stored");
    }

    /// <summary>Stores the recipient list (null: back to the configuration). Errors by field when an address is not valid; nothing stored then.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>?> SaveRecipientsAsync(IReadOnlyList<string>? recipients, string? by, CancellationToken ct)
    {
        var row = await web.WeeklyBriefingSettings.FirstOrDefaultAsync(s => s.Id == 1, ct);
        if (recipients is null)
        {
            if (row is not null) web.WeeklyBriefingSettings.Remove(row);
            await web.SaveChangesAsync(ct);
            return null;
        }
        var list = recipients.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var bad = list.Where(r => !IsAddress(r)).ToList();
        if (bad.Count > 0)
            return new Dictionary<string, string[]> { ["recipients"] = bad.Select(b => $"“{b}”不是有效的邮箱地址 ('{b}' is not an e-mail address)").ToArray() };
        if (list.Count > 500) return new Dictionary<string, string[]> { ["recipients"] = ["最多 500 个收件人 (at most 500 recipients)"] };
        if (row is null)
        {
            row = new WeeklyBriefingSetting { Id = 1 };
            web.WeeklyBriefingSettings.Add(row);
        }
        row.Recipients = JsonSerializer.Serialize(list);
        row.UpdatedAt = time.GetUtcNow();
        row.UpdatedBy = by;
        await web.SaveChangesAsync(ct);
        return null;
    }

    public async Task<WeeklyBriefingView> ViewAsync(CancellationToken ct)
    {
        var (recipients, from) = await RecipientsAsync(ct);
        DateTimeOffset? next = null;
        if (_o.Enabled)
        {
            var scheduler = await schedulers.GetScheduler(ct);
            var triggers = await scheduler.GetTriggersOfJob(JobKey, ct);
            next = triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
        }
        var zone = _o.Zone(alerts.Value);
        if (next is { } n) next = TimeZoneInfo.ConvertTime(n, zone);
        await using var db = await outbox.CreateDbContextAsync(ct);
        var recent = (await db.Outbox.AsNoTracking().Where(m => m.Kind == Kind).OrderByDescending(m => m.CreatedAt).Take(20).ToListAsync(ct))
            .Select(m => new WeeklyBriefingSent(m.To, m.Subject, m.CreatedAt, m.SentAt, m.LastError, m.PermanentFailure)).ToList();
        return new WeeklyBriefingView(_o.Enabled, _o.Cron, zone.Id, next, _o.LanguageCode, _o.ReportFormat.ToString(),
            _o.Countries.Select(c => CountryTable.Resolve(c)?.Iso2 ?? c).ToList(), recipients, from, recent);
    }

    /// <summary>The period a sending at <paramref name="at"/> covers: the 7 whole days before that day, in the configured time zone.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Period(DateTimeOffset at)
    {
        var zone = _o.Zone(alerts.Value);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var midnight = new DateTime(local.Year, local.Month, local.Day, 0, 0, 0, DateTimeKind.Unspecified);
        var to = new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
        var start = midnight.AddDays(-7);
        return (new DateTimeOffset(start, zone.GetUtcOffset(start)), to);
    }

    /// <summary>
    /// Builds the briefing of the period <see cref="Period"/>(<paramref name="at"/>) and queues it for every recipient that has not had it.
    /// The scheduled job passes its scheduled firing time, so a retried or doubled firing names the same period.
    /// </summary>
    public async Task<WeeklyBriefingResult> SendAsync(DateTimeOffset at, CancellationToken ct)
    {
        var (from, to) = Period(at);
        var (recipients, _) = await RecipientsAsync(ct);
        if (recipients.Count == 0) return new WeeklyBriefingResult(from, to, [], [], [], "no recipients");

        await using var db = await outbox.CreateDbContextAsync(ct);
        var ids = recipients.ToDictionary(r => r, r => MessageId(from, to, r), StringComparer.OrdinalIgnoreCase);
        var idList = ids.Values.ToList();
        var existing = (await db.Outbox.AsNoTracking().Where(m => idList.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct)).ToHashSet();
        var already = recipients.Where(r => existing.Contains(ids[r])).ToList();
        var pending = recipients.Where(r => !existing.Contains(ids[r])).ToList();
        if (pending.Count == 0) return new WeeklyBriefingResult(from, to, [], [], already, null);

        var countries = await CountriesAsync(from, to, ct);
        if (countries.Count == 0)
            return new WeeklyBriefingResult(from, to, [], [], already, "no countries configured and no items in the period");
        var language = _o.LanguageCode;
        var zh = language != "en";
        var title = zh ? "每周风险简报" : "Weekly risk briefing";
        // The index's To is inclusive: stop a tick before midnight so the next week's first item is not in this one.
        var data = await ReportsApi.BuildAsync(index, risk, time, countries, from, to.AddTicks(-1), language, title, ct);
        var format = _o.ReportFormat;
        var file = exporter.Export(data, format);
        var fileName = exporter.FileName(data, format);
        var contentType = exporter.ContentType(format);

        var queued = new List<string>();
        foreach (var r in pending)
        {
            var message = Compose(r, ids[r], data, file, fileName, contentType);
            db.Outbox.Add(message);
            try
            {
                await db.SaveChangesAsync(ct);
                queued.Add(r);
            }
            catch (DbUpdateException)
            {
                // Another firing queued the same period for this recipient between our check and our insert.
                db.Entry(message).State = EntityState.Detached;
                already.Add(r);
            }
        }
        if (queued.Count > 0) signal.Notify();
        log.LogInformation("Weekly briefing {From:yyyy-MM-dd}–{To:yyyy-MM-dd} ({Countries}) queued for {Queued} recipient(s), {Already} already had it",
            from, to, string.Join(",", countries), queued.Count, already.Count);
        return new WeeklyBriefingResult(from, to, countries, queued, already, null);
    }

    /// <summary>The configured countries, else those with the most items in the period, highest score first.</summary>
    private async Task<IReadOnlyList<string>> CountriesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (_o.Countries.Count > 0) return _o.Countries.Select(c => CountryTable.Resolve(c)!.Iso2).Distinct().ToList();
        var r = await index.SearchAsync(new SearchQuery { From = from, To = to.AddTicks(-1), Size = 1, Highlight = false, IncludeFacets = true }, ct);
        if (!r.Facets.TryGetValue("country", out var counts)) return [];
        var candidates = counts.Where(kv => CountryTable.ByIso2(kv.Key) is not null).OrderByDescending(kv => kv.Value).Take(Math.Max(_o.TopCountries * 2, 10)).ToList();
        var scored = new List<(string Iso2, double Score, long Items)>();
        foreach (var (iso2, n) in candidates) scored.Add((iso2, (await risk.ScoreAsync(iso2, ct)).Score, n));
        return scored.OrderByDescending(s => s.Score).ThenByDescending(s => s.Items).Take(_o.TopCountries).Select(s => s.Iso2).ToList();
    }

    /// <summary>The outbox id of a period's briefing to one recipient: the same inputs always give the same id.</summary>
    internal static Guid MessageId(DateTimeOffset from, DateTimeOffset to, string recipient)
    {
        var key = $"{Kind}|{from.UtcDateTime:yyyy-MM-ddTHH:mm}|{to.UtcDateTime:yyyy-MM-ddTHH:mm}|{recipient.Trim().ToLowerInvariant()}";
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
    }

    private OutboxMessage Compose(string recipient, Guid id, BriefingData data, byte[] file, string fileName, string contentType)
    {
        var zh = data.Language != "en";
        var now = time.GetUtcNow();
        var from = MailboxAddress.Parse(alerts.Value.From);
        var domain = from.Domain is { Length: > 0 } d ? d : "riskwatch.local";
        var period = $"{data.From:yyyy-MM-dd} — {data.To:yyyy-MM-dd}";
        var names = data.Countries.Select(c => CountryTable.ByIso2(c.Iso2)?.Name(data.Language) ?? c.Iso2).ToList();
        var shown = string.Join(zh ? "、" : ", ", names.Take(3)) + (names.Count > 3 ? (zh ? "等" : " and more") : "");
        var subject = zh ? $"【RiskWatch 每周风险简报】{period}：{shown}" : $"[RiskWatch weekly briefing] {period}: {shown}";

        var msg = new MimeMessage();
        msg.From.Add(from);
        msg.To.Add(MailboxAddress.Parse(recipient));
        msg.Subject = subject;
        msg.Date = now;
        msg.MessageId = $"{id:N}@{domain}";
        msg.Headers.Add("Auto-Submitted", "auto-generated");
        msg.Headers.Add("Content-Language", zh ? "zh-CN" : "en");
        var (html, text) = Summary(data, period, fileName);
        var plain = new TextPart("plain");
        plain.SetText(Encoding.UTF8, text);
        var htmlPart = new TextPart("html");
        htmlPart.SetText(Encoding.UTF8, html);
        var attachment = new MimePart(ContentType.Parse(contentType.Split(';')[0]))
        {
            Content = new MimeContent(new MemoryStream(file)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = fileName,
        };
        msg.Body = new Multipart("mixed") { new MultipartAlternative { plain, htmlPart }, attachment };
        // As Alerts does: 7-bit on the wire, so the same bytes suit any relay, the pickup folder and DKIM.
        msg.Prepare(EncodingConstraint.SevenBit);
        var dkim = alerts.Value.Dkim;
        if (dkim.PrivateKeyPath is { Length: > 0 } key)
        {
            new DkimSigner(key, dkim.Domain!, dkim.Selector)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            }.Sign(msg, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);
        }
        using var stream = new MemoryStream();
        msg.WriteTo(FormatOptions.Default, stream);
        return new OutboxMessage
        {
            Id = id, Kind = Kind, To = recipient, Subject = subject, Mime = stream.ToArray(), CreatedAt = now, NextAttemptAt = now,
        };
    }

    /// <summary>The body: one line per country (score, level, items of the week) and the most severe items; the full briefing is attached.</summary>
    private static (string Html, string Text) Summary(BriefingData data, string period, string fileName)
    {
        var zh = data.Language != "en";
        static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
        string Level(int l) => RiskLevels.IsValid(l) ? $"{l} {RiskLevels.Name(l, data.Language)}" : "—";
        var html = new StringBuilder();
        var text = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(zh ? "zh-CN" : "en").Append("\"><head><meta charset=\"utf-8\"><title>").Append(H(data.Title))
            .Append("</title></head><body style=\"font-family:sans-serif;max-width:760px;margin:auto;color:#111\">");
        html.Append("<h1 style=\"font-size:20px\">").Append(H(data.Title)).Append("</h1>");
        var intro = zh ? $"报告期间：{period}。完整简报（含趋势图和全部条目）见附件 {fileName}。" : $"Period: {period}. The full briefing (charts and every item) is attached: {fileName}.";
        html.Append("<p>").Append(H(intro)).Append("</p>");
        text.AppendLine(data.Title).AppendLine().AppendLine(intro).AppendLine();
        html.Append("<table style=\"border-collapse:collapse\" cellpadding=\"4\" border=\"1\"><tr><th>").Append(zh ? "国家" : "Country").Append("</th><th>")
            .Append(zh ? "风险评分" : "Score").Append("</th><th>").Append(zh ? "风险等级" : "Level").Append("</th><th>").Append(zh ? "本周条目" : "Items this week").Append("</th></tr>");
        foreach (var c in data.Countries)
        {
            var name = CountryTable.ByIso2(c.Iso2)?.Name(data.Language) ?? c.Iso2;
            html.Append("<tr><td>").Append(H(name)).Append("</td><td>").Append(c.Score?.ToString(CultureInfo.InvariantCulture) ?? "—").Append("</td><td>")
                .Append(H(Level(c.Level))).Append("</td><td>").Append(c.Items.Count).Append("</td></tr>");
            text.AppendLine($"{name}: {(zh ? "评分" : "score")} {c.Score?.ToString(CultureInfo.InvariantCulture) ?? "—"}, {(zh ? "等级" : "level")} {Level(c.Level)}, {c.Items.Count} {(zh ? "条" : "items")}");
        }
        html.Append("</table>");
        var top = data.Countries.SelectMany(c => c.Items.Select(i => (c.Iso2, Item: i)))
            .OrderByDescending(x => x.Item.Level).ThenByDescending(x => x.Item.Published).DistinctBy(x => x.Item.Id).Take(10).ToList();
        if (top.Count > 0)
        {
            var head = zh ? "本周最严重的风险信息" : "Most severe items of the week";
            html.Append("<h2 style=\"font-size:17px\">").Append(H(head)).Append("</h2><ul>");
            text.AppendLine().AppendLine(head);
            foreach (var (_, i) in top)
            {
                html.Append("<li>[").Append(H(Level(i.Level))).Append("] ");
                if (Uri.TryCreate(i.Url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps))
                    html.Append("<a href=\"").Append(H(u.AbsoluteUri)).Append("\">").Append(H(i.Title)).Append("</a>");
                else html.Append(H(i.Title));
                html.Append(" <span style=\"color:#666\">").Append(H(i.Source)).Append("</span></li>");
                text.AppendLine($"- [{Level(i.Level)}] {i.Title} ({i.Source}) {i.Url}");
            }
            html.Append("</ul>");
        }
        var footer = zh ? "本邮件由 RiskWatch 按计划自动发送；收件人名单由简报管理员在“报告”页面维护。" : "Sent on schedule by RiskWatch; briefing officers keep the recipient list on the Reports page.";
        html.Append("<hr><p style=\"font-size:12px;color:#666\">").Append(H(footer)).Append("</p></body></html>");
        text.AppendLine().AppendLine("--").AppendLine(footer);
        return (html.ToString(), text.ToString());
    }
}

/// <summary>The weekly schedule: sends the briefing of the period its scheduled firing time names (so a repeated firing sends nothing twice).</summary>
[DisallowConcurrentExecution]
internal sealed class WeeklyBriefingJob(WeeklyBriefingService service, ILogger<WeeklyBriefingJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var result = await service.SendAsync(context.ScheduledFireTimeUtc ?? context.FireTimeUtc, ct);
        if (result.Reason is { } reason) log.LogWarning("Weekly briefing not sent: {Reason}", reason);
    }
}

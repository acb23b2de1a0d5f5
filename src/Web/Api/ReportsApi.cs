using RiskWatch.Core;
using RiskWatch.Core.Countries;
using RiskWatch.Scoring.Country;
using RiskWatch.Web.Hosting;
using RiskWatch.Web.Reports;

namespace RiskWatch.Web.Api;

/// <summary>
/// Briefings for leadership and enterprises (BriefingOfficer): one country, or a period over several countries,
/// as DOCX, PDF, XLSX or CSV, in Chinese (default) or English.
/// </summary>
public static class ReportsApi
{
    public static void MapReportsApi(this WebApplication app)
    {
        app.MapGet("/api/reports/briefing", ExportAsync)
            .WithTags("Reports").RequireAuthorization(Roles.BriefingOfficer)
            .WithSummary("A briefing: ?countries=TH,KE&from=2026-11-01&to=2026-11-27&format=docx|pdf|xlsx|csv&lang=zh-CN|en (BriefingOfficer)");
        var weekly = app.MapGroup("/api/reports/weekly").WithTags("Reports").RequireAuthorization(Roles.BriefingOfficer);
        weekly.MapGet("/", async (WeeklyBriefingService service, CancellationToken ct) => TypedResults.Ok(await service.ViewAsync(ct)))
            .WithSummary("The weekly briefing e-mail: schedule, next run, language, format, countries, recipients (stored or configured) and recent sendings (BriefingOfficer)");
        weekly.MapPut("/", PutWeeklyAsync)
            .WithSummary("Store the recipient list: {\"recipients\": [\"a@example.org\"]}; null goes back to the configuration (BriefingOfficer)");
        weekly.MapPost("/send", SendWeeklyAsync)
            .WithSummary("Send the briefing of the 7 days before today now; a recipient who already has this period's briefing is not sent it twice (BriefingOfficer)");
    }

    /// <summary>The body of <c>PUT /api/reports/weekly</c>.</summary>
    public sealed record WeeklyRecipients(IReadOnlyList<string>? Recipients);

    private static async Task<IResult> PutWeeklyAsync(WeeklyRecipients? body, System.Security.Claims.ClaimsPrincipal user, WeeklyBriefingService service, CancellationToken ct)
    {
        if (body is null) return Results.Problem("send {\"recipients\": [...]}", statusCode: 400, title: "Not valid");
        var errors = await service.SaveRecipientsAsync(body.Recipients, user.Identity?.Name, ct);
        return errors is null ? Results.Ok(await service.ViewAsync(ct)) : Results.ValidationProblem(errors, title: "Not valid");
    }

    private static async Task<IResult> SendWeeklyAsync(WeeklyBriefingService service, TimeProvider time, CancellationToken ct)
    {
        try
        {
            var r = await service.SendAsync(time.GetUtcNow(), ct);
            return r.Reason is { } reason && r.AlreadyQueued.Count == 0
                ? Results.Problem(reason, statusCode: 409, title: "Nothing to send")
                : Results.Ok(r);
        }
        catch (CjkFontNotFoundException ex)
        {
            return Results.Problem(ex.Message, statusCode: 503, title: "PDF export needs a Chinese font");
        }
        catch (IndexUnavailableException ex)
        {
            return ItemsApi.Problem(ex);
        }
    }

    private static async Task<IResult> ExportAsync(string? countries, string? from, string? to, string? format, string? lang,
        IRiskIndex index, CountryRiskService risk, BriefingExporter exporter, TimeProvider time, CancellationToken ct)
    {
        try
        {
            var data = await BuildAsync(index, risk, time, countries, from, to, lang, ct);
            var fmt = format?.ToLowerInvariant() switch
            {
                null or "" or "docx" => ReportFormat.Docx,
                "pdf" => ReportFormat.Pdf,
                "xlsx" => ReportFormat.Xlsx,
                "csv" => ReportFormat.Csv,
                _ => throw new BadRequestException($"unknown format '{format}'; use docx, pdf, xlsx or csv"),
            };
            return Results.File(exporter.Export(data, fmt), exporter.ContentType(fmt), exporter.FileName(data, fmt));
        }
        catch (Exception ex) when (ex is BadRequestException or IndexUnavailableException)
        {
            return ItemsApi.Problem(ex);
        }
        catch (CjkFontNotFoundException ex)
        {
            return Results.Problem(ex.Message, statusCode: 503, title: "PDF export needs a Chinese font");
        }
    }

    /// <summary>Gathers a briefing's content from the index: official levels side by side and the period's items, per country.</summary>
    public static async Task<BriefingData> BuildAsync(IRiskIndex index, CountryRiskService risk, TimeProvider time, string? countries, string? from, string? to, string? lang, CancellationToken ct)
    {
        var codes = (countries ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => CountryTable.Resolve(c)?.Iso2 ?? throw new BadRequestException($"unknown country '{c}'")).Distinct().ToList();
        if (codes.Count == 0) throw new BadRequestException("name at least one country: ?countries=TH or ?countries=TH,KE");
        if (codes.Count > 50) throw new BadRequestException("at most 50 countries in one briefing");
        var now = time.GetUtcNow();
        var end = ItemsApi.ParseDate(to) ?? now;
        var start = ItemsApi.ParseDate(from) ?? end.AddDays(-30);
        if (start > end) throw new BadRequestException("'from' is after 'to'");
        var language = lang is { Length: > 0 } l && l.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "zh-CN";
        return await BuildAsync(index, risk, time, codes, start, end, language, null, ct);
    }

    /// <summary>
    /// The same for resolved ISO2 codes and a period whose offset the briefing shows (the weekly e-mail passes its time zone's);
    /// <paramref name="title"/> null: a country or period briefing title.
    /// </summary>
    public static async Task<BriefingData> BuildAsync(IRiskIndex index, CountryRiskService risk, TimeProvider time, IReadOnlyList<string> codes,
        DateTimeOffset start, DateTimeOffset end, string language, string? title, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToOffset(end.Offset);
        var sections = new List<CountrySection>();
        foreach (var code in codes)
        {
            var period = await index.SearchAsync(new SearchQuery
            {
                Countries = [code], From = start, To = end, Sort = SearchSort.Severity, Size = 100, Highlight = false, IncludeFacets = false,
            }, ct);
            var items = period.Hits.Select(h => h.Item).ToList();
            var score = await risk.ScoreAsync(code, ct);
            var trend = await risk.HistoryAsync(code, DateOnly.FromDateTime(start.UtcDateTime), DateOnly.FromDateTime(end.UtcDateTime), ct);
            sections.Add(new CountrySection(code, (int)Math.Round(score.Score), score.Level,
                score.SubScores.Select(kv => new SubScore(kv.Key, kv.Value)).ToList(),
                score.Drivers.Take(8).Select(d => $"{d.Name}: +{d.Points:0.0} ({d.Detail})").ToList(),
                trend.Select(t => new TrendPoint(new DateTimeOffset(t.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), t.Score)).ToList(),
                score.OfficialLevels.Select(o => new OfficialLevel(o.Source, o.RawLevel ?? "", o.Level)).ToList(), items));
        }
        title ??= codes.Count == 1
            ? (language == "en" ? $"{CountryTable.ByIso2(codes[0])!.NameEn} risk briefing" : $"{CountryTable.ByIso2(codes[0])!.NameZh}国别风险简报")
            : (language == "en" ? "Period risk briefing" : "阶段性风险简报");
        return new BriefingData(title, language, start, end, now, sections);
    }
}

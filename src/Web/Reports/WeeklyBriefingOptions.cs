using Microsoft.Extensions.Options;
using RiskWatch.Alerts;
using RiskWatch.Core.Countries;

namespace RiskWatch.Web.Reports;

/// <summary>
/// The weekly briefing e-mail, section <c>RiskWatch:Reports:WeeklyBriefing</c>. Off by default. The recipients stored from the
/// Reports page (or <c>PUT /api/reports/weekly</c>) override <see cref="Recipients"/>.
/// </summary>
public sealed class WeeklyBriefingOptions
{
    public const string Section = "RiskWatch:Reports:WeeklyBriefing";

    /// <summary>Whether the schedule runs. "Send now" works either way.</summary>
    public bool Enabled { get; set; }

    /// <summary>Quartz cron (seconds first) in <see cref="TimeZone"/>. Default Monday 08:00.</summary>
    public string Cron { get; set; } = "0 0 8 ? * MON";

    /// <summary>IANA time zone of the schedule and of the period's days. Empty: <c>RiskWatch:Alerts:DigestTimeZone</c> (Asia/Shanghai by default).</summary>
    public string? TimeZone { get; set; }

    /// <summary>Addresses that receive the briefing, one e-mail each.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>zh-CN (default) or en.</summary>
    public string Language { get; set; } = "zh-CN";

    /// <summary>ISO2 codes, ISO3 or names. Empty: the <see cref="TopCountries"/> countries with the most items in the week, highest score first.</summary>
    public List<string> Countries { get; set; } = [];

    /// <summary>How many countries an empty <see cref="Countries"/> picks. Default 8.</summary>
    public int TopCountries { get; set; } = 8;

    /// <summary>Pdf (default; needs a CJK font on the server) or Docx.</summary>
    public string Format { get; set; } = "Pdf";

    /// <summary>The time zone in force: <see cref="TimeZone"/>, else the alerts' digest time zone.</summary>
    public TimeZoneInfo Zone(AlertsOptions alerts) => TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(TimeZone) ? alerts.DigestTimeZone : TimeZone);

    public ReportFormat ReportFormat => Format.Equals("docx", StringComparison.OrdinalIgnoreCase) ? ReportFormat.Docx : ReportFormat.Pdf;

    public string LanguageCode => Language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "zh-CN";
}

/// <summary>Checks the weekly briefing settings at start, naming the key.</summary>
internal sealed class WeeklyBriefingOptionsValidator(IOptions<AlertsOptions> alerts, IOptions<BriefingExportOptions> export) : IValidateOptions<WeeklyBriefingOptions>
{
    public ValidateOptionsResult Validate(string? name, WeeklyBriefingOptions o)
    {
        var errors = new List<string>();
        var s = WeeklyBriefingOptions.Section;
        if (!Quartz.CronExpression.TryParse(o.Cron, out _)) errors.Add($"{s}:Cron '{o.Cron}' is not a Quartz cron expression (seconds first, e.g. \"0 0 8 ? * MON\").");
        try { o.Zone(alerts.Value); }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException) { errors.Add($"{s}:TimeZone '{o.TimeZone}' is not a known time zone (e.g. Asia/Shanghai)."); }
        foreach (var r in o.Recipients)
            if (!WeeklyBriefingService.IsAddress(r)) errors.Add($"{s}:Recipients: '{r}' is not an e-mail address.");
        if (!(o.Language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) || o.Language.StartsWith("en", StringComparison.OrdinalIgnoreCase)))
            errors.Add($"{s}:Language must be zh-CN or en, not '{o.Language}'.");
        foreach (var c in o.Countries)
            if (CountryTable.Resolve(c) is null) errors.Add($"{s}:Countries: '{c}' is not a country RiskWatch knows.");
        if (o.TopCountries is < 1 or > 50) errors.Add($"{s}:TopCountries must be 1-50.");
        if (!(o.Format.Equals("pdf", StringComparison.OrdinalIgnoreCase) || o.Format.Equals("docx", StringComparison.OrdinalIgnoreCase)))
            errors.Add($"{s}:Format must be Pdf or Docx, not '{o.Format}'.");
        else if (o.Enabled && o.ReportFormat == ReportFormat.Pdf && !new BriefingExporter(export.Value).PdfAvailable)
            errors.Add($"{s}:Format is Pdf but no font with Chinese glyphs was found (apt-get install fonts-wqy-zenhei, or set RiskWatch:Reports:CjkFontPath, or use Docx).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Quartz;

namespace RiskWatch.Collectors;

/// <summary>
/// Every source's options from <c>RiskWatch:Sources:&lt;id&gt;</c> with the defaults applied and validated at composition time:
/// built-ins disabled except <c>us-state-dept</c> (hourly), cron every 6 hours otherwise, official URLs unless overridden.
/// </summary>
public sealed class SourceSettings
{
    public const string Section = "RiskWatch:Sources";
    public const string DefaultCron = "0 0 */6 * * ?";
    public const string UsStateDeptCron = "0 0 * * * ?";

    private readonly Dictionary<string, SourceOptions> _options;

    public SourceSettings(IDictionary<string, SourceOptions> options)
    {
        _options = new Dictionary<string, SourceOptions>(options, StringComparer.OrdinalIgnoreCase);
        foreach (var id in SourceRegistry.BuiltInIds) _options.TryAdd(id, new SourceOptions());
        var errors = new List<string>();
        foreach (var (id, o) in _options)
        {
            ApplyDefaults(id, o);
            errors.AddRange(Validate(id, o).Select(e => $"RiskWatch:Sources:{id}{e}"));
            if (string.IsNullOrWhiteSpace(o.Kind) && !SourceRegistry.BuiltInIds.Contains(id, StringComparer.OrdinalIgnoreCase))
                errors.Add($"RiskWatch:Sources:{id} is not a built-in source and has no Kind (rss, json or html)");
        }
        if (errors.Count > 0) throw new OptionsValidationException(Section, typeof(SourceOptions), errors);
    }

    /// <summary>Enabled and schedule defaults: built-ins off except us-state-dept, a generic source on; every 6 hours unless an interval is given.</summary>
    internal static void ApplyDefaults(string id, SourceOptions o)
    {
        var generic = !string.IsNullOrWhiteSpace(o.Kind);
        o.Enabled ??= generic || id == Sources.UsStateDeptSource.SourceId;
        if (o.IntervalMinutes is null)
            o.Cron = string.IsNullOrWhiteSpace(o.Cron) ? (id == Sources.UsStateDeptSource.SourceId ? UsStateDeptCron : DefaultCron) : o.Cron.Trim();
    }

    /// <summary>What is wrong with one source's options, each message starting with ":Key" (or ": ") so the caller can prefix the section.</summary>
    internal static List<string> Validate(string id, SourceOptions o)
    {
        var errors = new List<string>();
        var generic = !string.IsNullOrWhiteSpace(o.Kind);
        if (o.IntervalMinutes is not null && !string.IsNullOrWhiteSpace(o.Cron))
            errors.Add(":Cron and IntervalMinutes are both set; give one schedule");
        else if (o.Cron is { Length: > 0 } && !IsCron(o.Cron))
            errors.Add($":Cron \"{o.Cron}\" is not a Quartz cron expression (seconds first, e.g. \"0 0 */6 * * ?\")");
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(o, new ValidationContext(o), results, validateAllProperties: true))
            errors.AddRange(results.Select(r => $": {r.ErrorMessage}"));
        if (!string.IsNullOrWhiteSpace(o.Url) && !IsHttpUrl(o.Url))
            errors.Add($":Url \"{o.Url}\" is not an absolute http or https URL");
        if (generic && o.Kind!.Trim().ToLowerInvariant() is not ("rss" or "json" or "html"))
            errors.Add($":Kind must be rss, json or html, not \"{o.Kind}\"");
        if (generic && string.IsNullOrWhiteSpace(o.Url)) errors.Add($": a {o.Kind} source needs a Url");
        if (generic && o.Kind!.Trim().Equals("html", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(o.Item))
            errors.Add(": an html source needs an Item CSS selector");
        return errors;
    }

    internal static bool IsCron(string cron) => CronExpression.TryParse(cron, out _);

    internal static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && u.Host.Length > 0;

    public static SourceSettings FromConfiguration(IConfiguration config)
    {
        var dict = new Dictionary<string, SourceOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in config.GetSection(Section).GetChildren())
        {
            var o = new SourceOptions();
            child.Bind(o);
            dict[child.Key] = o;
        }
        return new SourceSettings(dict);
    }

    public IReadOnlyDictionary<string, SourceOptions> Options => _options;

    /// <summary>The options of a source; defaults for an id not configured.</summary>
    public SourceOptions For(string id) => _options.TryGetValue(id, out var o) ? o : new SourceOptions { Enabled = false, Cron = DefaultCron };

    public bool IsEnabled(string id) => For(id).Enabled == true;
}

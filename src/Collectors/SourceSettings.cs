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
            var generic = !string.IsNullOrWhiteSpace(o.Kind);
            o.Enabled ??= generic || id == Sources.UsStateDeptSource.SourceId;
            o.Cron = string.IsNullOrWhiteSpace(o.Cron) ? (id == Sources.UsStateDeptSource.SourceId ? UsStateDeptCron : DefaultCron) : o.Cron.Trim();
            if (!CronExpression.TryParse(o.Cron, out _)) errors.Add($"RiskWatch:Sources:{id}:Cron \"{o.Cron}\" is not a Quartz cron expression (seconds first, e.g. \"0 0 */6 * * ?\")");
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(o, new ValidationContext(o), results, validateAllProperties: true))
                errors.AddRange(results.Select(r => $"RiskWatch:Sources:{id}: {r.ErrorMessage}"));
            if (!string.IsNullOrWhiteSpace(o.Url) && !(Uri.TryCreate(o.Url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)))
                errors.Add($"RiskWatch:Sources:{id}:Url \"{o.Url}\" is not an absolute http or https URL");
            if (generic && o.Kind!.Trim().ToLowerInvariant() is not ("rss" or "json" or "html"))
                errors.Add($"RiskWatch:Sources:{id}:Kind must be rss, json or html, not \"{o.Kind}\"");
            if (generic && string.IsNullOrWhiteSpace(o.Url)) errors.Add($"RiskWatch:Sources:{id}: a {o.Kind} source needs a Url");
            if (generic && o.Kind!.Trim().Equals("html", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(o.Item))
                errors.Add($"RiskWatch:Sources:{id}: an html source needs an Item CSS selector");
            if (!generic && !SourceRegistry.BuiltInIds.Contains(id, StringComparer.OrdinalIgnoreCase))
                errors.Add($"RiskWatch:Sources:{id} is not a built-in source and has no Kind (rss, json or html)");
        }
        if (errors.Count > 0) throw new OptionsValidationException(Section, typeof(SourceOptions), errors);
    }

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

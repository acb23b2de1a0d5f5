using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskWatch.Core;
using RiskWatch.Search.Elasticsearch;
using RiskWatch.Search.Lucene;

namespace RiskWatch.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IRiskIndex"/> as a singleton: the embedded Lucene index in <c>&lt;data&gt;/index</c> by default, or an
    /// Elasticsearch cluster when <c>RiskWatch:Index:Provider</c> is <c>Elasticsearch</c>. Options are validated at start.
    /// </summary>
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<SearchOptions>()
            .Bind(config.GetSection(SearchOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SearchOptions>, SearchOptionsValidator>();

        var provider = config[$"{SearchOptions.Section}:Provider"];
        if (string.Equals(provider, "Elasticsearch", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IRiskIndex>(sp => ElasticsearchRiskIndex.Create(
                sp.GetRequiredService<IOptions<SearchOptions>>().Value.Elasticsearch,
                sp.GetRequiredService<ILogger<ElasticsearchRiskIndex>>(),
                sp.GetService<TimeProvider>() ?? TimeProvider.System));
        }
        else
        {
            services.AddSingleton<IRiskIndex>(sp =>
            {
                var o = sp.GetRequiredService<IOptions<SearchOptions>>().Value.Lucene;
                var path = string.IsNullOrWhiteSpace(o.Path) ? RiskWatchPaths.Sub(config, "index") : o.Path;
                return new LuceneRiskIndex(path, o, sp.GetRequiredService<ILogger<LuceneRiskIndex>>());
            });
        }
        return services;
    }

    /// <summary>Reports every problem at once, each naming its configuration key.</summary>
    private sealed class SearchOptionsValidator : IValidateOptions<SearchOptions>
    {
        public ValidateOptionsResult Validate(string? name, SearchOptions options)
        {
            var errors = options.Validate().ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}

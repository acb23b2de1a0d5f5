using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskWatch.Core;
using RiskWatch.Scoring.Country;

namespace RiskWatch.Scoring;

public static class ScoringServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Scoring module: <see cref="IItemClassifier"/> (singleton <see cref="MlItemClassifier"/>), the trainer,
    /// <see cref="CountryRiskService"/>, <see cref="LabelCorrectionService"/>, <see cref="ICountryIndicators"/>, <see cref="ScoringDbContext"/> (SQLite or PostgreSQL from
    /// <c>ConnectionStrings:RiskWatch</c>, or SQLite in the data folder, unless the host registered its options first),
    /// two <see cref="IItemListener"/>s (indicators from World Bank items; country re-scoring) and the options from
    /// <c>RiskWatch:Scoring</c>, validated at start. The host creates the tables.
    /// </summary>
    public static IServiceCollection AddScoring(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        services.AddOptions<ScoringOptions>()
            .Bind(config.GetSection(ScoringOptions.Section))
            .PostConfigure(o =>
            {
                o.ModelsDirectory = string.IsNullOrWhiteSpace(o.ModelsDirectory) ? RiskWatchPaths.Sub(config, "models") : Path.GetFullPath(o.ModelsDirectory);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MlItemClassifier>();
        services.AddSingleton<IItemClassifier>(sp => sp.GetRequiredService<MlItemClassifier>());
        services.AddSingleton<ItemClassifierTrainer>();

        if (!services.Any(d => d.ServiceType == typeof(DbContextOptions<ScoringDbContext>)))
        {
            var cs = RiskWatchPaths.ConnectionString(config);
            services.AddDbContextFactory<ScoringDbContext>(o => ScoringDbContext.UseProvider(o, cs));
        }
        services.TryAddSingleton<ICountryIndicators, DbCountryIndicators>();
        services.AddSingleton<CountryRiskService>();
        services.AddSingleton<LabelCorrectionService>();
        services.AddSingleton<IItemListener, IndicatorListener>();
        services.AddSingleton<IItemListener, CountryRiskListener>();
        return services;
    }
}

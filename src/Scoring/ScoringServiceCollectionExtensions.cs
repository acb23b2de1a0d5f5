using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RiskWatch.Core;

namespace RiskWatch.Scoring;

public static class ScoringServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Scoring module: <see cref="IItemClassifier"/> (singleton <see cref="MlItemClassifier"/>), the trainer,
    /// options from <c>RiskWatch:Scoring</c> (validated at start).
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
        return services;
    }
}

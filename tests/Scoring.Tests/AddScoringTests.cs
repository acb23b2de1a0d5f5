using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskWatch.Core;
using RiskWatch.Scoring.Country;

namespace RiskWatch.Scoring.Tests;

public class AddScoringTests
{
    [Fact]
    public void AddScoring_ResolvesClassifierServiceAndListeners_WithModelsUnderTheDataFolder()
    {
        var dir = Some.TempDir();
        try
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [RiskWatchPaths.DataDirectoryKey] = dir }).Build();
            var services = new ServiceCollection().AddLogging().AddSingleton<IRiskIndex>(new ListIndex([]));
            services.AddScoring(config);
            using var sp = services.BuildServiceProvider();

            Assert.Same(sp.GetRequiredService<MlItemClassifier>(), sp.GetRequiredService<IItemClassifier>());
            Assert.Equal(Path.Combine(dir, "models"), sp.GetRequiredService<IOptions<ScoringOptions>>().Value.ModelsDirectory);
            Assert.NotNull(sp.GetRequiredService<CountryRiskService>());
            Assert.NotNull(sp.GetRequiredService<ItemClassifierTrainer>());
            Assert.Equal(2, sp.GetServices<IItemListener>().Count());
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void AddScoring_InvalidOptions_FailValidation()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [RiskWatchPaths.DataDirectoryKey] = Path.GetTempPath(),
            ["RiskWatch:Scoring:MaxTextChars"] = "10",
        }).Build();
        using var sp = new ServiceCollection().AddLogging().AddScoring(config).BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<ScoringOptions>>().Value);
    }
}

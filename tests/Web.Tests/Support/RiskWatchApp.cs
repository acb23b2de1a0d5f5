using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RiskWatch.Web.Tests.Support;

/// <summary>The real app on a temp data folder (SQLite file, Lucene index, pickup folder), with settings per test.</summary>
public sealed class RiskWatchApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private readonly bool _ownsData;

    public string DataDirectory { get; }

    /// <summary>A new app; with <paramref name="dataDirectory"/>, a restart of an earlier one on its data folder (which the caller then deletes).</summary>
    public RiskWatchApp(Dictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        _ownsData = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "riskwatch-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(DataDirectory);
        // Every app starts from the same seed classifier, trained once per test run instead of once per app.
        var models = Path.Combine(DataDirectory, "models", "current");
        Directory.CreateDirectory(models);
        if (!File.Exists(Path.Combine(models, "model.zip"))) File.Copy(SeedModel.Value, Path.Combine(models, "model.zip"));
        _settings = new Dictionary<string, string?>
        {
            ["RiskWatch:DataDirectory"] = DataDirectory,
            // No official site is contacted from tests.
            ["RiskWatch:Sources:us-state-dept:Enabled"] = "false",
        };
        foreach (var (k, v) in settings ?? []) _settings[k] = v;
    }

    private static readonly Lazy<string> SeedModel = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "riskwatch-tests", "seed-model-" + Environment.ProcessId);
        var classifier = new RiskWatch.Scoring.MlItemClassifier(
            Microsoft.Extensions.Options.Options.Create(new RiskWatch.Scoring.ScoringOptions { ModelsDirectory = dir }),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<RiskWatch.Scoring.MlItemClassifier>.Instance);
        _ = classifier.ModelVersion; // trains and saves the seed model
        return Path.Combine(dir, "current", "model.zip");
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
    }

    /// <summary>Deletes a data folder shared by several apps.</summary>
    public static void DeleteData(string dataDirectory)
    {
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsData) return;
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

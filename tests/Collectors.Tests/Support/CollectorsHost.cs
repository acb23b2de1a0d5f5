using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RiskWatch.Collectors.State;
using RiskWatch.Core;

namespace RiskWatch.Collectors.Tests.Support;

/// <summary>The module wired as the host wires it (AddCollectors + IngestPipeline over fakes), over a real SQLite file in a temp folder.</summary>
internal sealed class CollectorsHost : IAsyncDisposable
{
    public string DataDirectory { get; }
    public ServiceProvider Services { get; }
    public InMemoryIndex Index { get; }
    public RecordingListener Listener { get; } = new();

    public CollectorsHost(Dictionary<string, string?> settings, string? dataDirectory = null, InMemoryIndex? index = null)
    {
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("rw-collectors-").FullName;
        Index = index ?? new InMemoryIndex();
        settings["RiskWatch:DataDirectory"] = DataDirectory;
        settings.TryAdd("RiskWatch:Collectors:MinIntervalPerHostSeconds", "0");
        settings.TryAdd("RiskWatch:Collectors:MaxRetries", "0");
        settings.TryAdd("RiskWatch:Collectors:RetryBaseDelaySeconds", "0.01");
        settings.TryAdd("RiskWatch:Collectors:BreakerFailures", "100");
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(config);
        services.AddSingleton<IRiskIndex>(Index);
        services.AddSingleton<IItemClassifier, FixedClassifier>();
        services.AddSingleton<IItemListener>(Listener);
        services.AddSingleton<IngestPipeline>();
        services.AddCollectors(config);
        Services = services.BuildServiceProvider();
        CreateTables();
    }

    /// <summary>What the host does at start: the tables from the model (no EnsureCreated in the module).</summary>
    private void CreateTables()
    {
        using var db = Services.GetRequiredService<IDbContextFactory<CollectorsDbContext>>().CreateDbContext();
        var script = db.Database.GenerateCreateScript().Replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ");
#pragma warning disable EF1002 // EF's own DDL
        foreach (var statement in script.Split(";", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (statement.Length > 0) db.Database.ExecuteSqlRaw(statement);
#pragma warning restore EF1002
    }

    public CollectorRunner Runner => Services.GetRequiredService<CollectorRunner>();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public void DeleteData()
    {
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

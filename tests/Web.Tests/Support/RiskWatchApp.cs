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
        SeedModel.CopyInto(DataDirectory);
        _settings = new Dictionary<string, string?>
        {
            ["RiskWatch:DataDirectory"] = DataDirectory,
            // No official site is contacted from tests.
            ["RiskWatch:Sources:us-state-dept:Enabled"] = "false",
        };
        foreach (var (k, v) in settings ?? []) _settings[k] = v;
    }

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

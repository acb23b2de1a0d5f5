using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RiskWatch.Web.Tests.Support;

/// <summary>The real app on a temp data folder (SQLite file, Lucene index, pickup folder), with settings per test.</summary>
public sealed class RiskWatchApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "riskwatch-tests", Guid.NewGuid().ToString("n"));

    public RiskWatchApp(Dictionary<string, string?>? settings = null)
    {
        Directory.CreateDirectory(DataDirectory);
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

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

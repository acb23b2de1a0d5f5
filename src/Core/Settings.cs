using Microsoft.Extensions.Configuration;

namespace RiskWatch.Core;

/// <summary>Where RiskWatch keeps its state, shared by every module: <c>RiskWatch:DataDirectory</c> (default ./data).</summary>
public static class RiskWatchPaths
{
    public const string DataDirectoryKey = "RiskWatch:DataDirectory";

    /// <summary>The absolute data folder, created when missing.</summary>
    public static string DataDirectory(IConfiguration config)
    {
        var dir = Path.GetFullPath(config[DataDirectoryKey] is { Length: > 0 } d ? d : "data");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A sub-folder of the data folder, created when missing.</summary>
    public static string Sub(IConfiguration config, string name)
    {
        var dir = Path.Combine(DataDirectory(config), name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary><c>ConnectionStrings:RiskWatch</c>, or a SQLite file in the data folder.</summary>
    public static string ConnectionString(IConfiguration config) =>
        config.GetConnectionString("RiskWatch") is { Length: > 0 } cs
            ? cs
            : $"Data Source={Path.Combine(DataDirectory(config), "riskwatch.db")};Default Timeout=30";

    /// <summary>True when the connection string names PostgreSQL rather than a SQLite file.</summary>
    public static bool IsPostgres(string connectionString) =>
        connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase) || connectionString.Contains("Server=", StringComparison.OrdinalIgnoreCase);
}
